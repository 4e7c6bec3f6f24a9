"""Imports through the API: upload → report → confirm, as on the pages; every row checked
before anything is written, all rows written or none; a confirm once only."""

import datetime as dt
import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xuehui.imports.models import PendingImport
from xuehui.members.models import IndividualMember
from xuehui.societies.models import Society

from .conftest import ADMIN, LEADER, SECRETARY

IMPORTS = "/api/imports/"


def xlsx(rows, name="名册.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _upload(client, society, rows, kind="members-individual"):
    data = {"kind": kind, "society": society.pk, "file": xlsx(rows)}
    return client.post(IMPORTS, data, format="multipart")


def test_an_upload_is_checked_then_confirmed_once(world):
    client = world.clients[SECRETARY]
    rows = [["会员编号", "姓名", "入会日期"], ["A1", "甲", "2019.01"], ["A2", "乙", ""]]
    response = _upload(client, world.society, rows)
    assert response.status_code == 201, response.data
    report = response.data
    assert report["ok"] and not report["written"] and report["rows"] == 2
    assert report["summary"].startswith("新增2")
    assert not IndividualMember.objects.exists()  # the check writes nothing
    token = report["token"]
    assert client.get(f"{IMPORTS}{token}/").data["ok"]
    done = client.post(f"{IMPORTS}{token}/confirm/")
    assert done.status_code == 200 and done.data["written"]
    assert IndividualMember.objects.filter(society=world.society).count() == 2
    assert not PendingImport.objects.exists()
    again = client.post(f"{IMPORTS}{token}/confirm/")
    assert again.status_code == 409 and "无需再次导入" in again.data["detail"]
    assert IndividualMember.objects.count() == 2


def test_a_file_with_errors_is_reported_and_never_written(world):
    client = world.clients[SECRETARY]
    response = _upload(client, world.society, [["会员编号", "姓名"], ["A1", "甲"], ["A2", ""]])
    assert response.status_code == 201
    assert not response.data["ok"] and response.data["error_count"] == 1
    assert "第3行" in response.data["errors"][0]
    confirm = client.post(f"{IMPORTS}{response.data['token']}/confirm/")
    assert confirm.status_code == 422 and not confirm.data["written"]
    assert not IndividualMember.objects.exists()


def test_the_upload_is_refused_with_reasons_in_chinese(world):
    client = world.clients[SECRETARY]
    wrong_kind = client.post(
        IMPORTS, {"kind": "nonsense", "society": world.society.pk}, format="multipart"
    )
    assert wrong_kind.status_code == 400 and "未知的导入类型" in wrong_kind.data["kind"][0]
    no_file = client.post(
        IMPORTS, {"kind": "members-individual", "society": world.society.pk}, format="multipart"
    )
    assert no_file.status_code == 400 and "file" in no_file.data
    not_a_sheet = client.post(
        IMPORTS,
        {
            "kind": "members-individual",
            "society": world.society.pk,
            "file": SimpleUploadedFile("名册.xlsx", b"MZ\x90\x00" + b"\x00" * 60),
        },
        format="multipart",
    )
    assert not_a_sheet.status_code == 400
    assert not PendingImport.objects.exists()


def test_the_registry_import_is_for_federation_administrators(world):
    rows = [["学会名称", "统一社会信用代码"], ["湖北省新学会", "51420000MJH123456X"]]
    data = {"kind": "societies", "federation": world.federation.pk}
    refused = world.clients[LEADER].post(IMPORTS, data | {"file": xlsx(rows)}, format="multipart")
    assert refused.status_code == 403
    response = world.clients[ADMIN].post(IMPORTS, data | {"file": xlsx(rows)}, format="multipart")
    assert response.status_code == 201
    assert response.data["kind"] == "societies"
    assert Society.objects.count() == 2  # nothing registered before the confirm


def test_a_roster_is_uploaded_for_a_term(world):
    rows = [["姓名", "性别", "出生年月", "学会职务"], ["张三", "男", "1970.05", "理事"]]
    data = {
        "kind": "roster",
        "society": world.society.pk,
        "term_number": 2,
        "term_start": dt.date(2027, 6, 1).isoformat(),
        "file": xlsx(rows),
    }
    response = world.clients[SECRETARY].post(IMPORTS, data, format="multipart")
    assert response.status_code == 201, response.data
    assert response.data["kind"] == "roster"
    missing = world.clients[SECRETARY].post(
        IMPORTS, data | {"term_number": "", "file": xlsx(rows)}, format="multipart"
    )
    assert missing.status_code == 400 and "term_number" in missing.data


def test_a_cancelled_upload_is_gone_with_its_file(world):
    client = world.clients[SECRETARY]
    token = _upload(client, world.society, [["会员编号", "姓名"], ["A1", "甲"]]).data["token"]
    key = PendingImport.objects.get().key
    assert client.delete(f"{IMPORTS}{token}/").status_code == 204
    assert not default_storage.exists(key)
    assert client.get(f"{IMPORTS}{token}/").status_code == 404


def test_an_upload_whose_file_is_lost_is_refused(world):
    client = world.clients[SECRETARY]
    token = _upload(client, world.society, [["会员编号", "姓名"], ["A1", "甲"]]).data["token"]
    default_storage.delete(PendingImport.objects.get().key)
    response = client.get(f"{IMPORTS}{token}/")
    assert response.status_code == 400 and "已失效" in response.data["file"][0]
    assert not PendingImport.objects.exists()


def test_an_upload_of_a_page_only_kind_is_not_found(world):
    PendingImport.objects.create(
        token="workbook1", user=world.users[SECRETARY], kind="workbook", key="imports/x.xlsx",
        filename="x.xlsx", params={},
    )  # fmt: skip
    response = world.clients[SECRETARY].get(f"{IMPORTS}workbook1/")
    assert response.status_code == 404 and "网页" in response.data["detail"]


def test_a_roster_that_drops_posts_needs_their_removal_confirmed(world):
    """Society A's term 1 holds one post; a file without that person would delete it."""
    client = world.clients[SECRETARY]
    term = world.society.terms.get()
    rows = [["姓名", "性别", "出生年月", "学会职务"], ["张三", "男", "1970.05", "理事"]]
    data = {
        "kind": "roster",
        "society": world.society.pk,
        "term_number": term.number,
        "term_start": term.start_on.isoformat(),
        "file": xlsx(rows),
    }
    token = client.post(IMPORTS, data, format="multipart").data["token"]
    refused = client.post(f"{IMPORTS}{token}/confirm/")
    assert refused.status_code == 422 and "确认删除" in refused.data["errors"][0]
    assert term.positions.get().person == world.person  # nothing written
    done = client.post(f"{IMPORTS}{token}/confirm/", {"confirm_removals": "true"})
    assert done.status_code == 200, done.data
    assert done.data["written"] and done.data["removed"]
    assert [p.person.name for p in term.positions.all()] == ["张三"]


def test_an_unknown_kind_has_no_importer(world):
    import pytest
    from django.http import Http404

    from xuehui.imports.background import importer_for

    with pytest.raises(Http404):
        importer_for(world.users[SECRETARY], "nonsense", {})
