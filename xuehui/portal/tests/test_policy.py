"""The disclosure policy and the society's preview of what will be published."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from xuehui.audit.models import AuditEntry
from xuehui.portal.choices import DEFAULT_PUBLIC, DisclosureItem
from xuehui.portal.forms import PolicyForm
from xuehui.portal.models import DisclosurePolicy
from xuehui.portal.services import policy_save

from .factories import open_portal, seeded_world

PERSONAL = ("身份证", "手机", "出生", "住址", "电话号码")


def test_personal_data_is_not_offered_as_a_choice():
    for _, label in PolicyForm().fields["public_items"].choices:
        assert not any(word in label for word in PERSONAL), label


def test_the_documented_items_are_public_by_default():
    assert {
        DisclosureItem.REGISTRY, DisclosureItem.CONTACT, DisclosureItem.OFFICERS,
        DisclosureItem.ANNUAL_REPORTS, DisclosureItem.EVALUATION, DisclosureItem.TYPICAL_CASES,
    } <= DEFAULT_PUBLIC  # fmt: skip
    assert DisclosurePolicy().is_open


@pytest.mark.django_db
def test_the_administrator_opens_the_portal_and_chooses_the_items(admin_client, federation):
    assert admin_client.get(reverse("portal:policies")).status_code == 200
    url = reverse("portal:policy", args=[federation.pk])
    assert "公开规则" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"is_open": "on", "public_items": ["registry", "officers"]})
    assert response.status_code == 302
    policy = DisclosurePolicy.objects.get(federation=federation)
    assert policy.is_open and policy.public_items == ["officers", "registry"]
    assert AuditEntry.objects.filter(action="disclosure_policy_save").exists()
    bad = admin_client.post(url, {"public_items": ["id_number"]})
    assert bad.status_code == 200 and "id_number" in bad.content.decode()
    policy.refresh_from_db()
    assert policy.is_open


@pytest.mark.django_db
def test_only_administrators_set_the_policy(federation, secretary_a, secretary_a_client):
    with pytest.raises(PermissionDenied):
        policy_save(federation=federation, is_open=True, public_items=[], actor=secretary_a)
    assert secretary_a_client.get(reverse("portal:policies")).status_code == 403
    policy = DisclosurePolicy(federation=federation, public_items=["ssn"])
    with pytest.raises(ValidationError):
        policy.full_clean()


@pytest.mark.django_db
def test_the_secretary_previews_exactly_what_the_public_will_see(federation, secretary_a_client):
    world = seeded_world(federation)
    from xuehui.tests import factories as f

    client = Client()
    client.force_login(f.make_user("sec_w", role="society_editor", society=world.society))
    preview = client.get(reverse("portal:preview", args=[world.society.pk])).content.decode()
    public = Client().get(reverse("public:society", args=[federation.code, world.society.pk]))
    body = public.content.decode()
    start, end = body.index("<h1"), body.index('id="feedback-title"')
    shown = body[start:end]
    assert shown[: shown.index("</h1>")] in preview
    for section in ("登记信息", "负责人", "考评结果与星级", "分支机构", "典型案例"):
        assert section in preview and section in shown
    assert "李一" in preview and "88.50" in preview and "将公开的信息" in preview
    # another society's preview is not the secretary's
    assert client.get(reverse("portal:preview", args=[world.other.pk])).status_code == 404


@pytest.mark.django_db
def test_the_preview_says_when_the_portal_is_not_open_yet(admin_client, federation, society_a):
    from xuehui.access import SYSTEM

    policy_save(federation=federation, is_open=False, public_items=["registry"], actor=SYSTEM)
    page = admin_client.get(reverse("portal:preview", args=[society_a.pk])).content.decode()
    assert "已关闭公开门户" in page and "登记信息" in page
    open_portal(federation)
    page = admin_client.get(reverse("portal:preview", args=[society_a.pk])).content.decode()
    assert "查看公开页面" in page
