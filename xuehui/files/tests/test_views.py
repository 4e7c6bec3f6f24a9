from urllib.parse import quote

import pytest
from django.urls import reverse

from .factories import make_stored_file, ooxml_bytes, png_bytes


@pytest.fixture
def pdf_of_a(society_a):
    return make_stored_file(society_a, name="学会章程（2020年修订）.pdf")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("name", ["files:download", "files:preview"])
def test_the_secretary_of_another_society_gets_404(secretary_b_client, pdf_of_a, name):
    assert secretary_b_client.get(reverse(name, args=[pdf_of_a.pk])).status_code == 404


@pytest.mark.parametrize("name", ["files:download", "files:preview"])
def test_anonymous_is_sent_to_login(anonymous_client, pdf_of_a, name):
    response = anonymous_client.get(reverse(name, args=[pdf_of_a.pk]))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_an_expert_without_a_society_gets_404(expert_client, pdf_of_a):
    assert expert_client.get(reverse("files:download", args=[pdf_of_a.pk])).status_code == 404


def test_a_missing_file_is_404(secretary_a_client):
    assert secretary_a_client.get(reverse("files:download", args=[999999])).status_code == 404


def test_download_streams_the_bytes_with_the_chinese_name_and_nosniff(secretary_a_client, pdf_of_a):
    response = secretary_a_client.get(reverse("files:download", args=[pdf_of_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"filename*=utf-8''{quote('学会章程（2020年修订）.pdf')}" in disposition
    assert body(response).startswith(b"%PDF-")


def test_the_federation_admin_may_download_a_file_of_its_society(admin_client, pdf_of_a):
    assert admin_client.get(reverse("files:download", args=[pdf_of_a.pk])).status_code == 200


def test_preview_shows_pdf_and_images_inline(secretary_a_client, society_a, pdf_of_a):
    response = secretary_a_client.get(reverse("files:preview", args=[pdf_of_a.pk]))
    assert response["Content-Disposition"].startswith("inline")
    image = make_stored_file(society_a, name="合影.png", content=png_bytes())
    response = secretary_a_client.get(reverse("files:preview", args=[image.pk]))
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "image/png"


def test_preview_downloads_other_types(secretary_a_client, society_a):
    document = make_stored_file(society_a, name="纪要.docx", content=ooxml_bytes("word"))
    response = secretary_a_client.get(reverse("files:preview", args=[document.pk]))
    assert response["Content-Disposition"].startswith("attachment")


def test_writes_are_not_accepted_on_the_download_url(secretary_a_client, pdf_of_a):
    response = secretary_a_client.post(reverse("files:download", args=[pdf_of_a.pk]))
    assert response.status_code == 405


def test_an_inline_preview_is_sandboxed_and_a_download_is_not_inline(secretary_a_client, pdf_of_a):
    preview = secretary_a_client.get(reverse("files:preview", args=[pdf_of_a.pk]))
    assert "inline" in preview["Content-Disposition"]
    assert preview["Content-Security-Policy"] == "sandbox"
    assert preview["X-Content-Type-Options"] == "nosniff"
    download = secretary_a_client.get(reverse("files:download", args=[pdf_of_a.pk]))
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("pk", ["999999", "00", "１２"])
def test_a_forged_id_is_404(secretary_a_client, pk):
    assert secretary_a_client.get(f"/files/{pk}/download/").status_code == 404
