"""W12: a UTF-16 CSV (as Excel saves 「Unicode 文本」), with or without its byte-order mark, is
read like any other register; one that cannot be decoded is refused for its encoding, never
with a list of PDF and image types."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xuehui.members.models import IndividualMember

pytestmark = pytest.mark.django_db

TEXT = "会员编号,姓名,工作单位\r\nA1,张三,武汉大学\r\nA2,李四,三峡大学\r\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, society, data: bytes):
    return client.post(
        reverse("members:import", args=[society.pk]),
        {"kind": "individual", "file": SimpleUploadedFile("名册.csv", data, "text/csv")},
    )


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-16"),  # with its byte-order mark (Excel's 「Unicode 文本」)
        b"\xff\xfe" + TEXT.replace(",", "\t").encode("utf-16-le"),  # tab-separated, as Excel
        TEXT.encode("utf-16-le"),  # no mark, little-endian
        TEXT.encode("utf-16-be"),  # no mark, big-endian
    ],
    ids=["bom", "bom-tabs", "le-no-bom", "be-no-bom"],
)
def test_a_utf16_register_is_read_and_imported(secretary_a_client, society_a, data):
    response = _upload(secretary_a_client, society_a, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    html = secretary_a_client.get(url).content.decode()
    assert "全部2行检查通过" in html and "确认导入" in html
    assert secretary_a_client.post(url).status_code == 302
    assert set(IndividualMember.objects.values_list("name", "employer")) == {
        ("张三", "武汉大学"),
        ("李四", "三峡大学"),
    }


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-16-le") + b"\x00",  # cut in the middle of a character
        TEXT.encode("utf-16-le") + "\ud800".encode("utf-16-le", "surrogatepass"),  # lone half
        b"\xff\xfe" + TEXT.encode("utf-16-le")[:-1],
    ],
    ids=["odd-length", "lone-surrogate", "bom-odd-length"],
)
def test_a_broken_utf16_register_is_refused_for_its_encoding(secretary_a_client, society_a, data):
    response = _upload(secretary_a_client, society_a, data)
    html = response.content.decode()
    if response.status_code == 302:  # stored as text; the reader names the encoding
        html = secretary_a_client.get(response["Location"], follow=True).content.decode()
    assert "文件编码为UTF-16，请另存为UTF-8或GBK编码的CSV，或使用Excel文件" in html
    assert "PDF" not in html and "图片" not in html
    assert not IndividualMember.objects.exists()
