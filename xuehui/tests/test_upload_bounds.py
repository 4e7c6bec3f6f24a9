"""The review's crash file (cells at A1 and XFD1048576, 1.5 KB) sent through every path that
reads a spreadsheet: each answers with the Chinese message naming the
limit, quickly, writes nothing, and the process lives on (W2/W6)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.governance.models import Term
from xuehui.lib.tests.test_bounds import _xlsx
from xuehui.lib.tests.timing import cpu_time, ordinary_read
from xuehui.members.models import IndividualMember
from xuehui.tests import factories

CORNER = _xlsx(
    '<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
    '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
)
MESSAGE = "超过上限200,000行"


def corner_file(name="名册.xlsx"):
    return SimpleUploadedFile(name, CORNER)


def _timed(call):
    """The whole request, refusal and page, in less CPU time than reading an ordinary 2,000-row
    roster five times over (measured ×0.2–0.3; a reader that allocated the sheet takes minutes).
    The refusal writes nothing, so the request is sent twice and the second, warm, is timed."""
    call()
    with cpu_time() as watch:
        response = call()
    assert watch.seconds < 5 * ordinary_read(), (watch.seconds, ordinary_read())
    return response


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def viewer_client(client, federation):
    viewer = factories.make_user("kx_viewer", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(viewer)
    return client


@pytest.mark.parametrize("who", ["secretary_a_client", "viewer_client"])
def test_the_precheck_refuses_the_corner_file_for_every_role(request, who, society_a):
    client = request.getfixturevalue(who)
    response = _timed(
        lambda: client.post(
            reverse("rules:precheck"),
            {
                "society": society_a.pk,
                "framework": "fengxian-2019",
                "election_on": "2026-06-01",
                "file": corner_file(),
            },
        )
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


def test_the_roster_import_refuses_the_corner_file(secretary_a_client, society_a):
    response = _timed(
        lambda: secretary_a_client.post(
            reverse("governance:roster_import", args=[society_a.pk]),
            {"term_number": 9, "term_start": "1990-01-01", "term_end": "", "file": corner_file()},
        )
    )
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert not Term.objects.filter(society=society_a, number=9).exists()


def test_the_workbook_import_refuses_the_corner_file(secretary_a_client, society_a):
    response = _timed(
        lambda: secretary_a_client.post(
            reverse("workbook:society", args=[society_a.pk]), {"file": corner_file("工作簿.xlsx")}
        )
    )
    assert MESSAGE in response.content.decode()


def test_the_member_import_refuses_the_corner_file(secretary_a_client, society_a):
    # The upload form reads the file already (only tables are taken), so it refuses it there.
    response = _timed(
        lambda: secretary_a_client.post(
            reverse("members:import", args=[society_a.pk]),
            {"kind": "individual", "file": corner_file()},
        )
    )
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert not IndividualMember.objects.exists()


def test_the_user_import_refuses_the_corner_file(admin_client):
    response = _timed(
        lambda: admin_client.post(reverse("accounts:users_import"), {"file": corner_file()})
    )
    assert response.status_code == 200 and MESSAGE in response.content.decode()


# ---------------------------------------------------------------- zip bombs through the pages


def _xlsx_bomb() -> bytes:
    """617 KB in the review; here 40 MB of one cell's text in about 40 KB (ratio ~1,000)."""
    filler = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"0" * (40 << 20) + b"</t></is></c></row>"
    )
    return _xlsx(b"<sheetData>" + filler + b"</sheetData>")


def _docx_bomb() -> bytes:
    from xuehui.lib.tests.test_bounds_docx import docx_with_body

    return docx_with_body(b"<w:p><w:r><w:t>" + b"0" * (40 << 20) + b"</w:t></w:r></w:p>")


def test_the_roster_import_refuses_an_xlsx_zip_bomb(secretary_a_client, society_a):
    bomb = _xlsx_bomb()
    assert len(bomb) < 200 * 1024
    response = _timed(
        lambda: secretary_a_client.post(
            reverse("governance:roster_import", args=[society_a.pk]),
            {
                "term_number": 9,
                "term_start": "1990-01-01",
                "term_end": "",
                "file": SimpleUploadedFile("名册.xlsx", bomb),
            },
        )
    )
    assert response.status_code == 200 and "疑似压缩炸弹" in response.content.decode()
    assert not Term.objects.filter(society=society_a, number=9).exists()


def test_the_member_import_refuses_a_docx_zip_bomb(secretary_a_client, society_a):
    bomb = _docx_bomb()
    response = _timed(
        lambda: secretary_a_client.post(
            reverse("members:import", args=[society_a.pk]),
            {"kind": "individual", "file": SimpleUploadedFile("会员名册.docx", bomb)},
        )
    )
    assert response.status_code == 200 and "疑似压缩炸弹" in response.content.decode()
    assert not IndividualMember.objects.exists()
