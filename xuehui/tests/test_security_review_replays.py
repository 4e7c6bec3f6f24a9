"""Replays of the security review's findings (../shared/reviews/security-review.md) that no
other test replayed as the reviewer sent them; the full map of finding → fix → test is
docs/security-findings.md."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.lib import excel
from xuehui.tests import factories
from xuehui.tests.test_upload_bounds import _timed, _xlsx_bomb


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def viewer_client(client, federation):
    """kx_leader of the review: read-only, yet allowed to run the precheck (W6)."""
    viewer = factories.make_user("kx_viewer", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(viewer)
    return client


def _precheck(client, society, upload):
    return client.post(
        reverse("rules:precheck"),
        {
            "society": society.pk,
            "framework": "fengxian-2019",
            "election_on": "2026-06-01",
            "file": upload,
        },
    )


def test_row_16_the_precheck_refuses_an_oversized_upload_before_parsing_it(
    viewer_client, society_a, settings, monkeypatch
):
    """Review row 16: «/rules/precheck/ has no size check: 200 MB was read fully into memory».
    Here the limit is 10 KB and the file 1 MB: refused by its size, the parser never called."""
    settings.XUEHUI_MAX_UPLOAD_BYTES = 10 * 1024

    def never(*args, **kwargs):
        raise AssertionError("an oversized upload reached the parser")

    monkeypatch.setattr(excel, "detect_kind", never)
    upload = SimpleUploadedFile("名单.csv", "姓名,学会职务\n".encode() + b"0" * (1 << 20))
    response = _precheck(viewer_client, society_a, upload)
    assert response.status_code == 200
    assert "文件大小为1,024.02 KB，超过上限10.00 KB" in response.content.decode()


def test_row_17_the_precheck_refuses_an_xlsx_zip_bomb_from_a_read_only_role(
    viewer_client, society_a
):
    """Review row 17 and W6: a zip bomb sent by a read-only role to /rules/precheck/ held
    1.8 GB for 10 s; it is now refused from the archive's directory, quickly."""
    bomb = _xlsx_bomb()
    response = _timed(
        lambda: _precheck(viewer_client, society_a, SimpleUploadedFile("名单.xlsx", bomb))
    )
    assert response.status_code == 200 and "疑似压缩炸弹" in response.content.decode()


def test_every_test_the_findings_page_names_exists():
    """docs/security-findings.md maps each finding to the tests that replay it: each one named
    there as `file::test` is a test function of that file."""
    import re

    from django.conf import settings

    root = settings.BASE_DIR
    page = (root / "docs" / "security-findings.md").read_text(encoding="utf-8")
    named = re.findall(r"`(xuehui/[\w/]+\.py)::(\w+)`", page)
    assert len(named) > 60
    missing = [
        f"{path}::{name}"
        for path, name in named
        if not re.search(
            rf"^def {name}\(", (root / path).read_text(encoding="utf-8"), flags=re.MULTILINE
        )
    ]
    assert missing == []
