"""The API's scoping matrix (issue 17 §7), generated from the router like the page matrix
(xuehui/tests/test_permission_matrix.py): every route and method, as every role, against
society A's objects (administered by ADMIN, led by LEADER, filled in by SECRETARY, reviewed by
EXPERT). Outside a role's scope an object does not exist (404), a read-only role's write is
403, no token is 401, and nothing answers 500. A route without a rule here fails the test."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from xuehui.api.imports import api_job
from xuehui.api.urls import router, urlpatterns
from xuehui.imports.models import PendingImport

from .conftest import (
    ADMIN,
    ANONYMOUS,
    EXPERT,
    LEADER,
    OTHER_SECRETARY,
    ROLES,
    SECRETARY,
)

SEES_SOCIETY = frozenset({ADMIN, LEADER, SECRETARY, EXPERT})
STAFF = frozenset({ADMIN, LEADER})
EDITS_SOCIETY = frozenset({ADMIN, SECRETARY})
OWNER = frozenset({SECRETARY})  # an upload, or its job, is seen by the account that made it only
OWNED = frozenset({"import", "job"})

# Route name → (who sees society A's object, the object's id). Lists: who finds it listed.
OBJECTS = {
    "federation": (STAFF, lambda w: w.federation.pk),
    "society": (SEES_SOCIETY, lambda w: w.society.pk),
    "campaign": (STAFF, lambda w: w.campaign.pk),
    "evaluation": (SEES_SOCIETY, lambda w: w.evaluation.pk),
}
# Detail routes and actions: the basename's rule, or their own.
OWN_RULES = {
    "evaluation-results": SEES_SOCIETY,
    "society-campaign-entries": SEES_SOCIETY,
}
PUBLIC = frozenset({"api:schema", "api:docs"})


def _cases():
    for pattern in router.urls:
        for method in sorted(pattern.callback.actions):
            yield pattern.name, method


CASES = sorted(set(_cases()))


def register() -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["会员编号", "姓名", "入会日期"])
    book.active.append(["A1", "甲", "2019.01"])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("名册.xlsx", buffer.getvalue())


def _pending(world) -> PendingImport:
    from django.test import RequestFactory

    from xuehui.imports.pending import pending_store

    request = RequestFactory().post("/")
    request.user = world.users[SECRETARY]
    params = {"society": world.society.pk, "kind": "individual"}
    return pending_store(request, kind="members-individual", upload=register(), params=params)


def _expected(name: str, method: str, role: str) -> set[int]:
    if role == ANONYMOUS:
        return {401}
    basename, _, suffix = name.partition("-")
    if basename == "import":
        if suffix == "list":  # the upload: who may edit society A
            if role in EDITS_SOCIETY:
                return {201}
            return {403} if role in SEES_SOCIETY else {404}
        if role not in OWNER:
            return {404}
        return {204} if method == "delete" else {200, 422}
    if basename == "job":
        return {200} if role in OWNER else {404}
    if suffix == "list":
        return {200}
    allowed = OWN_RULES.get(name, OBJECTS[basename][0])
    return {200} if role in allowed else {404}


def _request(world, name: str, method: str, role: str):
    client = world.clients[role]
    basename, _, suffix = name.partition("-")
    if basename == "import":
        if suffix == "list":
            data = {"kind": "members-individual", "society": world.society.pk, "file": register()}
            return client.post(reverse(f"api:{name}"), data, format="multipart")
        url = reverse(f"api:{name}", kwargs={"token": _pending(world).token})
        return getattr(client, method)(url)
    if basename == "job":
        job = api_job(_pending(world), write=False)  # the secretary's upload's check
        return client.get(reverse(f"api:{name}", kwargs={"pk": job.pk}))
    if suffix == "list":
        return client.get(reverse(f"api:{name}"))
    return client.get(reverse(f"api:{name}", kwargs={"pk": OBJECTS[basename][1](world)}))


def test_every_route_has_a_rule():
    """A route the router adds without a rule here fails (it would escape the matrix)."""
    for name, _method in CASES:
        basename = name.partition("-")[0]
        assert basename in OWNED or basename in OBJECTS, name
    named = {f"api:{p.name}" for p in urlpatterns if getattr(p, "name", None)}
    assert named == PUBLIC | {"api:not_found"}


@pytest.mark.parametrize("path", ["/api/nowhere/", "/api/societies/x/", "/api/societies/-1/"])
def test_an_unknown_api_path_answers_404_in_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "没有这个接口" in response.json()["detail"]


@pytest.mark.parametrize(("name", "method"), CASES)
def test_route_answers_each_role_within_its_scope(world, name, method):
    """Every role in one test (the world is built once per route); all wrong answers listed."""
    wrong = []
    for role in ROLES:
        response = _request(world, name, method, role)
        expected = _expected(name, method, role)
        if response.status_code not in expected:
            data = getattr(response, "data", "")
            wrong.append(f"{role}: {response.status_code} (expected {expected}) {data}")
        elif response.status_code in (401, 403, 404) and not _chinese(response.json()["detail"]):
            wrong.append(f"{role}: {response.status_code} without a Chinese reason")
    assert not wrong, f"{method.upper()} {name}:\n" + "\n".join(wrong)


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_lists_hold_society_as_objects_only_for_roles_that_see_them(world):
    for role in set(ROLES) - {ANONYMOUS}:
        for basename, (sees, pk) in OBJECTS.items():
            response = world.clients[role].get(reverse(f"api:{basename}-list"))
            assert response.status_code == 200
            ids = {row["id"] for row in response.data["results"]}
            assert (pk(world) in ids) == (role in sees), (basename, role)
    for role, own in ((SECRETARY, world.society), (OTHER_SECRETARY, world.other_society)):
        response = world.clients[role].get("/api/societies/")
        # A secretary's token sees only its own society.
        assert {row["id"] for row in response.data["results"]} == {own.pk}


def test_evaluation_results_list_society_as_result_to_those_who_see_it(world):
    for role in SEES_SOCIETY:
        response = world.clients[role].get(f"/api/evaluations/{world.evaluation.pk}/results/")
        assert [row["id"] for row in response.data["results"]] == [world.result.pk], role


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_the_schema_and_its_documentation_need_no_token(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
