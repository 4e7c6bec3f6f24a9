"""The audit log page: searched by who, action, record kind, society and dates, with Chinese
action names and the client address; exported as xlsx (the export audited)."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from xuehui.accounts.choices import Role
from xuehui.audit.models import AuditEntry
from xuehui.audit.services import audit_record
from xuehui.tests import factories

pytestmark = pytest.mark.django_db
LOG = reverse("accounts:audit_log")
EXPORT = reverse("accounts:audit_log_export")


@pytest.fixture
def root_client(db):
    client = Client()
    client.force_login(factories.make_user("root", role=Role.SYSTEM_ADMIN))
    return client


@pytest.fixture
def entries(admin_user, secretary_a, society_a, society_b):
    person = factories.make_person(society=society_a, name="王五")
    audit_record(
        actor=secretary_a,
        action="person_update",
        target=person,
        society=society_a,
        summary="修改王五",
    )
    audit_record(actor=admin_user, action="meeting_delete", society=society_a, summary="删会")
    audit_record(
        actor=secretary_a,
        action="unmask",
        target=person,
        society=society_a,
        summary="显示完整号码：王五（事由：核对）",
        detail={"reason": "核对"},
    )
    audit_record(actor=None, action="person_update", society=society_b, summary="外省")


def rows(response) -> list[str]:
    return [line for line in response.content.decode().splitlines() if "<td" in line]


def test_every_action_has_its_chinese_name(admin_client, entries):
    page = admin_client.get(LOG, {"kind": "all"}).content.decode()
    assert "修改人员" in page and "删除会议" in page and "显示完整号码" in page
    assert "外省" not in page  # another 科协's society


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"action": "person_update"}, ["修改王五"], ["删会"]),
        ({"target_type": "governance.person"}, ["修改王五", "核对"], ["删会"]),
        ({"actor": "kx_admin"}, ["删会"], ["修改王五"]),
        ({"society": "环境"}, ["修改王五", "删会"], []),
        ({"society": "化学"}, [], ["修改王五", "删会"]),
        ({"kind": "personal"}, ["核对"], ["修改王五", "删会"]),
        ({"q": "王五"}, ["修改王五"], ["删会"]),
    ],
)
def test_the_log_is_searched(admin_client, entries, query, shown, hidden):
    page = admin_client.get(LOG, {"kind": "all", **query}).content.decode()
    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page


def test_dates_bound_the_search(admin_client, entries):
    today = dt.date.today()
    assert "删会" in admin_client.get(LOG, {"kind": "all", "since": today}).content.decode()
    later = {"kind": "all", "since": today + dt.timedelta(days=1)}
    assert "删会" not in admin_client.get(LOG, later).content.decode()
    earlier = {"kind": "all", "until": today - dt.timedelta(days=1)}
    assert "删会" not in admin_client.get(LOG, earlier).content.decode()


def test_the_filters_offer_the_actions_and_kinds_by_their_names(admin_client, entries):
    page = admin_client.get(LOG).content.decode()
    assert '<option value="meeting_delete">删除会议</option>' in page
    assert '<option value="governance.person">人员</option>' in page


def test_a_sign_in_records_the_client_address(admin_client, secretary_a):
    Client().post(
        reverse("accounts:login"),
        {"username": "sec_a", "password": "wrong"},
        REMOTE_ADDR="192.0.2.7",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.address == "192.0.2.7"  # a forged header is not trusted without a proxy
    assert "192.0.2.7" in admin_client.get(LOG).content.decode()


def test_the_export_holds_what_was_searched_and_is_audited(admin_client, admin_user, entries):
    response = admin_client.get(EXPORT, {"kind": "all", "target_type": "governance.person"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("时间", "操作", "记录类型")
    body = {row[7]: row for row in values[1:]}
    assert set(body) == {"修改王五", "显示完整号码：王五（事由：核对）"}
    assert body["修改王五"][1:3] == ("修改人员", "人员") and body["修改王五"][5].startswith("sec_a")
    export = AuditEntry.objects.get(action="audit_export")
    assert export.actor == admin_user and export.detail["target_type"] == "governance.person"
    assert export.detail["rows"] == 2 and export.summary == "导出审计记录（2行）"


def test_an_entry_by_the_command_line_exports_as_such(root_client):
    audit_record(actor=None, action="x_create", summary="命令", detail={"k": 1})
    values = list(
        load_workbook(io.BytesIO(root_client.get(EXPORT, {"kind": "all"}).content)).active.values
    )
    row = next(r for r in values if r[7] == "命令")
    assert row[5] == "系统或命令行" and row[8] == "k：1"


def test_the_export_is_for_administrators(secretary_a_client, expert_client):
    assert secretary_a_client.get(EXPORT).status_code == 403
    assert expert_client.get(EXPORT).status_code == 403


@pytest.mark.parametrize("count", [3, 30])
def test_the_export_query_count_does_not_grow(
    admin_client, secretary_a, society_a, count, django_assert_max_num_queries
):
    for n in range(count):
        audit_record(actor=secretary_a, action="meeting_create", society=society_a, summary=f"{n}")
    with django_assert_max_num_queries(12):
        assert admin_client.get(EXPORT, {"kind": "all"}).status_code == 200
