"""Two confirms of the same upload give one import; the other is told when (W5, imports)."""

import datetime as dt
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from xuehui.governance.models import Position, Term
from xuehui.imports.choices import ClaimStatus
from xuehui.imports.claims import import_fingerprint
from xuehui.imports.models import ImportClaim, PendingImport
from xuehui.imports.tests.files import client_tokens
from xuehui.meetings.models import Meeting
from xuehui.tests.factories import make_term
from xuehui.workbook.tests.factories import xlsx as workbook_xlsx

from .files import xlsx_bytes
from .test_views import ROSTER_HEADER, pending_token, roster_post, upload

User = get_user_model()
ROWS = [ROSTER_HEADER, ["张三", "1965.03", "会长", "是"], ["李四", "1970.01", "理事", "否"]]
MEETING_HEADER = ["会议类型", "日期", "应到人数", "实到人数", "会议纪要", "监事列席"]
MEETINGS = workbook_xlsx({"会议": [MEETING_HEADER, ["理事会", "2024-03-01", 60, 50, "是", "是"]]})


def confirm_url(token: str) -> str:
    return reverse("imports:confirm", args=[token])


def test_a_second_confirm_of_the_same_link_says_when_it_was_imported(secretary_a_client, society_a):
    roster_post(secretary_a_client, society_a, ROWS)
    token = pending_token(secretary_a_client)
    assert secretary_a_client.post(confirm_url(token), follow=True).status_code == 200

    again = secretary_a_client.post(confirm_url(token), follow=True)
    assert again.status_code == 409
    assert "该文件已于" in again.content.decode() and "导入" in again.content.decode()
    used_preview = secretary_a_client.get(reverse("imports:preview", args=[token]))
    assert used_preview.status_code == 409
    assert "该文件已于" in used_preview.content.decode()
    assert Position.objects.count() == 2
    assert ImportClaim.objects.get().status == ClaimStatus.DONE


def test_two_users_confirming_the_same_file_import_it_once(
    secretary_a_client, admin_client, society_a
):
    same = xlsx_bytes(ROWS)  # one file (a new xlsx has another time stamp inside)
    roster_post(secretary_a_client, society_a, ROWS, file=upload(same))
    roster_post(admin_client, society_a, ROWS, file=upload(same))
    first, second = pending_token(secretary_a_client), pending_token(admin_client)
    assert secretary_a_client.post(confirm_url(first), follow=True).status_code == 200
    response = admin_client.post(confirm_url(second), follow=True)
    assert response.status_code == 409
    assert "该文件已于" in response.content.decode()
    assert Position.objects.count() == 2 and Term.objects.count() == 1


def test_the_same_file_uploaded_again_afterwards_may_be_imported_again(
    secretary_a_client, society_a
):
    roster_post(secretary_a_client, society_a, ROWS)
    assert (
        secretary_a_client.post(
            confirm_url(pending_token(secretary_a_client)), follow=True
        ).status_code
        == 200
    )
    roster_post(secretary_a_client, society_a, ROWS)
    response = secretary_a_client.post(confirm_url(pending_token(secretary_a_client)), follow=True)
    assert response.status_code == 200
    assert "未变化2人" in response.content.decode()
    assert Position.objects.count() == 2


def _hold_claim(client, token: str, *, started_at=None) -> ImportClaim:
    """A running claim on the client's pending upload, as another confirm's while it writes."""
    data = PendingImport.objects.filter(token=token).values()[0]
    with default_storage.open(data["key"], "rb") as handle:
        fingerprint = import_fingerprint(
            kind=data["kind"], params=data["params"], data=handle.read()
        )
    claim = ImportClaim.objects.create(
        token="other",
        fingerprint=fingerprint,
        kind=data["kind"],
        filename="x.xlsx",
        user=User.objects.first(),
        status=ClaimStatus.RUNNING,
    )
    if started_at is not None:
        ImportClaim.objects.filter(pk=claim.pk).update(started_at=started_at)
    return claim


def test_a_confirm_while_the_same_file_is_being_imported_writes_nothing(
    secretary_a_client, society_a
):
    roster_post(secretary_a_client, society_a, ROWS)
    token = pending_token(secretary_a_client)
    _hold_claim(secretary_a_client, token)
    response = secretary_a_client.post(confirm_url(token), follow=True)
    assert response.status_code == 409
    assert "该文件正在导入" in response.content.decode()
    assert not Position.objects.exists() and not Term.objects.exists()
    assert client_tokens(secretary_a_client) == [token]  # kept: they may look again


def test_a_killed_imports_claim_does_not_block_the_file_for_ever(
    secretary_a_client, society_a, settings
):
    roster_post(secretary_a_client, society_a, ROWS)
    token = pending_token(secretary_a_client)
    stale = settings.XUEHUI_IMPORT_CLAIM_STALE_SECONDS + 1
    _hold_claim(secretary_a_client, token, started_at=timezone.now() - dt.timedelta(seconds=stale))
    assert secretary_a_client.post(confirm_url(token), follow=True).status_code == 200
    assert Position.objects.count() == 2
    assert list(ImportClaim.objects.values_list("token", "status")) == [(token, ClaimStatus.DONE)]


def test_a_refused_confirm_releases_its_claim(secretary_a_client, society_a):
    roster_post(secretary_a_client, society_a, ROWS)
    token = pending_token(secretary_a_client)
    make_term(society_a, number=3, start_on=dt.date(2021, 1, 1))
    assert secretary_a_client.post(confirm_url(token), follow=True).status_code == 422
    assert not ImportClaim.objects.exists()
    Term.objects.all().delete()
    assert (
        secretary_a_client.post(confirm_url(token), follow=True).status_code == 200
    )  # not blocked


def test_another_user_cannot_learn_about_a_used_link(secretary_a_client, admin_client, society_a):
    roster_post(secretary_a_client, society_a, ROWS)
    token = pending_token(secretary_a_client)
    secretary_a_client.post(confirm_url(token), follow=True)
    assert admin_client.get(reverse("imports:preview", args=[token])).status_code == 404


def test_a_second_workbook_confirm_does_not_double_rows(secretary_a_client, society_a):
    secretary_a_client.post(
        reverse("workbook:society", args=[society_a.pk]), {"file": upload(MEETINGS, "工作簿.xlsx")}
    )
    token = pending_token(secretary_a_client)
    url = reverse("workbook:confirm", args=[token])
    assert secretary_a_client.post(url).status_code == 302  # to the result page
    again = secretary_a_client.post(url)
    assert again.status_code == 409 and "该文件已于" in again.content.decode()
    assert Meeting.objects.count() == 1


# ---------------------------------------------------------------- real concurrent requests


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _at_once(calls):
    """Run each call in its own thread and connection, released together; their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def work(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_user", [True, False])
def test_two_simultaneous_roster_confirms_give_one_import(
    secretary_a, admin_user, society_a, same_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    first = _client(secretary_a)
    second = first if same_user else _client(admin_user)
    same = xlsx_bytes(ROWS)
    roster_post(first, society_a, ROWS, file=upload(same))
    tokens = [pending_token(first)]
    if not same_user:
        roster_post(second, society_a, ROWS, file=upload(same))
        tokens.append(pending_token(second))
    else:
        tokens.append(tokens[0])
    responses = _at_once(
        [
            lambda: first.post(confirm_url(tokens[0]), follow=True),
            lambda: second.post(confirm_url(tokens[1]), follow=True),
        ]
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 409]
    loser = next(r for r in responses if r.status_code == 409).content.decode()
    assert "该文件正在导入" in loser or "该文件已于" in loser
    assert Position.objects.count() == 2 and Term.objects.count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_different_rosters_for_one_term_never_answer_500(
    secretary_a, admin_user, society_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    first, second = _client(secretary_a), _client(admin_user)
    roster_post(first, society_a, ROWS)
    roster_post(second, society_a, [ROSTER_HEADER, ["王五", "1966.03", "会长", "是"]])
    tokens = [pending_token(first), pending_token(second)]
    responses = _at_once(
        [
            lambda: first.post(confirm_url(tokens[0]), follow=True),
            lambda: second.post(confirm_url(tokens[1]), follow=True),
        ]
    )
    assert 500 not in [r.status_code for r in responses]
    assert 200 in [r.status_code for r in responses]
    assert Term.objects.filter(society=society_a, number=3).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_sessions_confirming_one_workbook_at_once_write_it_once(
    secretary_a, society_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    first, second = _client(secretary_a), _client(secretary_a)
    tokens = []
    for client in (first, second):
        client.post(
            reverse("workbook:society", args=[society_a.pk]),
            {"file": upload(MEETINGS, "工作簿.xlsx")},
        )
        tokens.append(client_tokens(client)[-1])  # the same user: both uploads are theirs
    responses = _at_once(
        [
            lambda: first.post(reverse("workbook:confirm", args=[tokens[0]])),
            lambda: second.post(reverse("workbook:confirm", args=[tokens[1]])),
        ]
    )
    assert sorted(r.status_code for r in responses) == [302, 409]
    assert Meeting.objects.filter(society=society_a).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_member_register_confirms_write_it_once(
    secretary_a, society_a, settings, tmp_path
):
    from xuehui.members.models import IndividualMember

    settings.MEDIA_ROOT = tmp_path / "media"
    first, second = _client(secretary_a), _client(secretary_a)
    register = xlsx_bytes([["姓名", "出生日期"], ["甲", "1980.05"], ["乙", "1981.06"]])
    first.post(
        reverse("members:import", args=[society_a.pk]),
        {"kind": "individual", "file": upload(register, "名册.xlsx")},
    )
    url = reverse("members:import_preview", args=client_tokens(first))
    responses = _at_once([lambda: first.post(url), lambda: second.post(url)])
    assert sorted(r.status_code for r in responses) == [302, 409]
    assert IndividualMember.objects.filter(society=society_a).count() == 2


def test_a_confirm_whose_file_the_other_confirm_already_imported_is_told_so(
    secretary_a_client, secretary_a, society_a
):
    """The other confirm wrote the file and deleted it between this one's look-up and its
    read: the answer is 「该文件已于…导入」, not 「上传的文件已失效」."""
    from xuehui.imports.claims import ImportClaimed
    from xuehui.imports.pending import pending_run
    from xuehui.members.importers import importer_for

    register = xlsx_bytes([["姓名", "出生日期"], ["甲", "1980.05"]])
    secretary_a_client.post(
        reverse("members:import", args=[society_a.pk]),
        {"kind": "individual", "file": upload(register, "名册.xlsx")},
    )
    pending = PendingImport.objects.get()
    ImportClaim.objects.create(
        token=pending.token,
        fingerprint="f" * 64,
        kind=pending.kind,
        filename=pending.filename,
        user=secretary_a,
        status=ClaimStatus.DONE,
        finished_at=timezone.now(),
    )
    default_storage.delete(pending.key)
    importer = importer_for("individual", society=society_a, actor=secretary_a)
    with pytest.raises(ImportClaimed, match="该文件已于"):
        pending_run(pending, importer, dry_run=False)
