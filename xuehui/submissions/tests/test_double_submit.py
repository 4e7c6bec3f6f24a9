"""A create form posted twice with the token of one render creates one record."""

import re

import pytest
from django.contrib.messages import get_messages

from xuehui.submissions.models import FormSubmission
from xuehui.submissions.once import ALREADY_SUBMITTED, TOKEN_FIELD

from .forms import FORMS

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(rf'name="{TOKEN_FIELD}" value="([^"]+)"')


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def rendered_token(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return TOKEN_RE.search(page.content.decode()).group(1)


def client_for(form, admin_client, secretary_a_client):
    return admin_client if form.as_admin else secretary_a_client


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_the_same_render_posted_twice_creates_one_record(
    form, admin_client, secretary_a_client, society_a
):
    client = client_for(form, admin_client, secretary_a_client)
    url = form.setup(society_a)
    data = form.data(society_a) | {TOKEN_FIELD: rendered_token(client, url)}
    before = form.model.objects.count()
    first = client.post(url, data)
    assert first.status_code == 302, re.findall(
        r"invalid-feedback[^<]*<[^>]*>([^<]*)|alert[^>]*>([^<]*)", first.content.decode()
    )
    second = client.post(url, data)
    assert form.model.objects.count() == before + 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    said = [str(m) for m in get_messages(second.wsgi_request)]
    assert ALREADY_SUBMITTED in said


def test_two_renders_of_a_form_create_two_records(secretary_a_client, society_a):
    form = next(f for f in FORMS if f.name == "staff")
    url = form.setup(society_a)
    for _ in range(2):
        data = form.data(society_a) | {TOKEN_FIELD: rendered_token(secretary_a_client, url)}
        assert secretary_a_client.post(url, data).status_code == 302
    assert form.model.objects.filter(society=society_a).count() == 2


def test_a_refused_submit_keeps_its_token_for_the_corrected_form(secretary_a_client, society_a):
    form = next(f for f in FORMS if f.name == "office")
    url = form.setup(society_a)
    token = rendered_token(secretary_a_client, url)
    refused = secretary_a_client.post(
        url, form.data(society_a) | {TOKEN_FIELD: token, "area_m2": "0"}
    )
    assert refused.status_code == 200
    assert f'value="{token}"' in refused.content.decode()
    assert not FormSubmission.objects.exists()
    fixed = secretary_a_client.post(url, form.data(society_a) | {TOKEN_FIELD: token})
    assert fixed.status_code == 302
    assert form.model.objects.count() == 1


def test_a_post_without_a_token_is_served_as_before(secretary_a_client, society_a):
    form = next(f for f in FORMS if f.name == "staff")
    url = form.setup(society_a)
    for _ in range(2):
        assert secretary_a_client.post(url, form.data(society_a)).status_code == 302
    assert form.model.objects.count() == 2
    assert not FormSubmission.objects.exists()


def test_another_users_token_does_not_lead_to_their_record(
    secretary_a_client, admin_client, society_a
):
    form = next(f for f in FORMS if f.name == "staff")
    url = form.setup(society_a)
    data = form.data(society_a) | {TOKEN_FIELD: rendered_token(secretary_a_client, url)}
    made = secretary_a_client.post(url, data)
    other = admin_client.post(url, data)
    assert other.status_code == 302 and other["Location"] != made["Location"]
    assert form.model.objects.count() == 1


def test_a_refused_access_records_no_token(secretary_b_client, society_a):
    form = next(f for f in FORMS if f.name == "staff")
    url = form.setup(society_a)
    data = form.data(society_a) | {TOKEN_FIELD: "x" * 32}
    assert secretary_b_client.post(url, data).status_code == 404
    assert not FormSubmission.objects.exists()
