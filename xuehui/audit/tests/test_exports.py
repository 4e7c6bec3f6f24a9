"""Every export is audited (who, which society, what, how many rows, the format); the three
exports holding ID numbers and phones are masked for every role, and their full numbers come
only through 「导出完整号码」, with a reason that the audit entry keeps."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from xuehui.accounts.choices import Role
from xuehui.audit.models import AuditEntry
from xuehui.governance.choices import Office
from xuehui.lib.identifiers import mask_id_number
from xuehui.members.tests.factories import make_individual_member
from xuehui.tests.factories import make_id_number, make_person, make_position, make_term, make_user

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
REASON = "核对后修改并重新导入"


@pytest.fixture
def term_a(society_a):
    term = make_term(society_a, number=3, start_on=TODAY - dt.timedelta(days=30))
    for n in range(3):
        person = make_person(
            society=society_a,
            name=f"成员{n}",
            id_number=make_id_number(dt.date(1965, 3, 15 + n)),
            phone=f"1391234567{n}",
        )
        make_position(term, Office.DIRECTOR, person)
    return term


@pytest.fixture
def members_a(society_a):
    return [
        make_individual_member(
            society_a, id_number=make_id_number(dt.date(1970, 5, 1 + n)), phone=f"1381234567{n}"
        )
        for n in range(3)
    ]


@pytest.fixture
def viewer_client(client, federation):
    client.force_login(make_user("viewer", role=Role.FEDERATION_VIEWER, federation=federation))
    return client


# (masked url, full url, what the summary names) of the three exports with personal numbers
EXPORTS = {
    "roster": ("governance:roster_export", "governance:roster_export_full", "理事会成员名册"),
    "register": ("members:export", "members:export_full", "个人会员名册"),
    "workbook": ("workbook:export", "workbook:export_full", "信息填报工作簿"),
}


def _urls(kind, society, term):
    masked, full, _what = EXPORTS[kind]
    args = {"roster": [society.pk, term.pk], "register": [society.pk, "individual"]}.get(
        kind, [society.pk]
    )
    return reverse(masked, args=args), reverse(full, args=args)


def _numbers(kind, term, members):
    """The full ID numbers the export of `kind` would hold."""
    if kind == "register":
        return [m.id_number for m in members]
    return [p.person.id_number for p in term.positions.select_related("person")]


def _cells(response) -> set[str]:
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return {
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }


def _entries(action):
    return list(AuditEntry.objects.filter(action=action))


def _exports() -> int:
    return AuditEntry.objects.filter(action__in=["export", "export_unmasked"]).count()


@pytest.mark.parametrize("kind", EXPORTS)
def test_an_editor_s_export_is_masked_and_audited_as_a_plain_export(
    kind, secretary_a, secretary_a_client, society_a, term_a, members_a
):
    masked_url, _ = _urls(kind, society_a, term_a)
    response = secretary_a_client.get(masked_url)
    assert response.status_code == 200
    cells = _cells(response)
    for number in _numbers(kind, term_a, members_a):
        assert number not in cells and mask_id_number(number) in cells
    assert _entries("export_unmasked") == []
    [entry] = _entries("export")
    assert entry.actor == secretary_a and entry.society == society_a
    assert entry.detail["masked"] is True and entry.detail["rows"] == 3
    assert entry.detail["format"] == "xlsx" and "reason" not in entry.detail
    assert EXPORTS[kind][2] in entry.summary and "3行" in entry.summary


@pytest.mark.parametrize("kind", EXPORTS)
def test_full_numbers_come_only_with_a_reason_which_the_audit_keeps(
    kind, secretary_a, secretary_a_client, society_a, term_a, members_a
):
    _, full_url = _urls(kind, society_a, term_a)
    page = secretary_a_client.get(full_url)
    assert page.status_code == 200 and "事由" in page.content.decode()
    assert "Content-Disposition" not in page and _exports() == 0

    refused = secretary_a_client.post(full_url, {"reason": " "})
    assert refused.status_code == 200 and "Content-Disposition" not in refused
    assert "请填写事由（至少4个字）" in refused.content.decode()
    assert _exports() == 0

    response = secretary_a_client.post(full_url, {"reason": REASON})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    cells = _cells(response)
    assert all(number in cells for number in _numbers(kind, term_a, members_a))
    [entry] = _entries("export_unmasked")
    assert entry.actor == secretary_a and entry.society == society_a
    assert entry.detail["reason"] == REASON and entry.detail["masked"] is False
    assert entry.detail["rows"] == 3
    assert f"事由：{REASON}" in entry.summary and "未脱敏" in entry.summary
    assert _entries("export") == []


@pytest.mark.parametrize("kind", EXPORTS)
def test_the_full_export_is_refused_to_a_read_only_role_and_hidden_from_another_society(
    kind, viewer_client, secretary_b_client, society_a, term_a
):
    masked_url, full_url = _urls(kind, society_a, term_a)
    assert viewer_client.get(masked_url).status_code == 200
    assert viewer_client.get(full_url).status_code == 403
    assert viewer_client.post(full_url, {"reason": REASON}).status_code == 403
    assert secretary_b_client.post(full_url, {"reason": REASON}).status_code == 404
    assert secretary_b_client.get(masked_url).status_code == 404
    assert _entries("export_unmasked") == []
    assert len(_entries("export")) == 1  # the viewer's masked download


def test_the_command_line_exports_are_masked_unless_full_with_a_reason(society_a, term_a, tmp_path):
    call_command("export_roster", str(tmp_path / "r.xlsx"), society=society_a.uscc, term=3)
    call_command("export_workbook", str(tmp_path / "w.xlsx"), society=society_a.uscc)
    masked = _entries("export")
    assert len(masked) == 2 and all(e.actor is None and e.detail["rows"] == 3 for e in masked)
    numbers = _numbers("roster", term_a, [])
    cells = {str(c) for row in load_workbook(tmp_path / "r.xlsx").active.values for c in row}
    assert not set(numbers) & cells

    for command, options in (
        ("export_roster", {"term": 3}),
        ("export_workbook", {}),
    ):
        target, code = str(tmp_path / "x.xlsx"), society_a.uscc
        with pytest.raises(CommandError, match="--reason"):
            call_command(command, target, society=code, full=True, **options)
        with pytest.raises(CommandError, match="--full"):
            call_command(command, target, society=code, reason=REASON, **options)
        call_command(
            command,
            str(tmp_path / f"{command}.xlsx"),
            society=society_a.uscc,
            full=True,
            reason=REASON,
            **options,
        )
    assert not (tmp_path / "x.xlsx").exists()
    full = _entries("export_unmasked")
    assert len(full) == 2 and all(e.detail["reason"] == REASON for e in full)
    cells = {
        str(c) for row in load_workbook(tmp_path / "export_roster.xlsx").active.values for c in row
    }
    assert set(numbers) <= cells


def test_the_command_refuses_full_numbers_before_writing_the_file(society_a, term_a, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "export_roster", str(tmp_path / "r.xlsx"), society=society_a.uscc, term=3, full=True
        )
    assert not (tmp_path / "r.xlsx").exists() and _exports() == 0


def test_the_society_list_export_is_audited(admin_user, admin_client, society_a, society_b):
    response = admin_client.get(reverse("societies:export"))
    assert response.status_code == 200
    [entry] = _entries("export")
    assert entry.actor == admin_user and entry.detail["masked"] is True
    assert entry.detail["rows"] >= 1 and "学会名录" in entry.summary


def test_the_compliance_overview_export_is_audited(admin_client, society_a):
    response = admin_client.get(reverse("rules:overview"), {"format": "xlsx"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    [entry] = _entries("export")
    assert "学会合规总览" in entry.summary


def test_a_job_s_export_is_audited_when_downloaded(admin_user, admin_client, federation):
    from xuehui.jobs.exports import register_export
    from xuehui.jobs.services import job_execute

    register_export("test_export", lambda job, progress: (b"data", "测试导出.xlsx", "text/plain"))
    from xuehui.jobs.exports import export_start, export_work

    job = export_start(user=admin_user, name="test_export", title="测试", params={})
    job_execute(job.pk, export_work)
    response = admin_client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    [entry] = _entries("export")
    assert entry.actor == admin_user and entry.summary == "导出测试导出"
    assert entry.detail["format"] == "xlsx" and entry.detail["rows"] is None
