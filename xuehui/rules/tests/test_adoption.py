"""Which documents bind whom: a 科协 adopts frameworks (binding or for reference), inherited down
the federation tree and overridable below; results, pages and campaigns follow."""

import datetime as dt

import pytest
from django.urls import reverse

from xuehui.audit.models import AuditEntry
from xuehui.campaigns.forms import CampaignLaunchForm
from xuehui.rules.choices import NOT_ADOPTED_NOTE, NOT_BINDING_NOTE, REFERENCE_NOTE
from xuehui.rules.engine import pass_rate, summarise
from xuehui.rules.models import Framework, FrameworkAdoption
from xuehui.rules.selectors import evaluate_societies, framework_spec
from xuehui.rules.services import framework_adopt, frameworks_load_library
from xuehui.societies.choices import FederationLevel
from xuehui.tests import factories as f

from .factories import join_pilot, make_council

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 6, 1)


@pytest.fixture(autouse=True)
def library(db):
    frameworks_load_library()


@pytest.fixture
def city(federation):
    return f.make_federation(
        name="武汉市科学技术协会", level=FederationLevel.MUNICIPAL, parent=federation
    )


@pytest.fixture
def city_society(city):
    society = f.make_society(federation=city)
    make_council(f.make_term(society, start_on=dt.date(2022, 6, 1)), size=40, frontline=20)
    return society


def adopt(federation, key, binding):
    return framework_adopt(
        federation=federation, framework=Framework.objects.get(key=key), binding=binding
    )


def results(society, key):
    return evaluate_societies(framework_spec(key), [society.pk], ON)[society.pk]


def test_with_nothing_adopted_every_framework_binds_as_loaded(city_society):
    assert all(r.binding for r in results(city_society, "fengxian-2019"))


def test_a_parent_federations_adoption_reaches_the_societies_below(federation, city_society):
    adopt(federation, "hubei-reform-2017", True)
    adopt(federation, "fengxian-2019", False)
    adopted = results(city_society, "hubei-reform-2017")
    assert all(r.binding for r in adopted if r.pilot_member)
    reference = results(city_society, "fengxian-2019")
    assert not any(r.binding for r in reference)
    assert {r.binding_note for r in reference} == {REFERENCE_NOTE}
    # Adopted by nobody while the chain adopts something: not adopted, for reference too.
    assert {r.binding_note for r in results(city_society, "tianjin-tasks")} == {NOT_ADOPTED_NOTE}


def test_a_lower_federation_overrides_its_parent(federation, city, city_society):
    adopt(federation, "fengxian-2019", False)
    adopt(city, "fengxian-2019", True)
    assert all(r.binding for r in results(city_society, "fengxian-2019"))
    framework_adopt(
        federation=city, framework=Framework.objects.get(key="fengxian-2019"), binding=None
    )
    assert not any(r.binding for r in results(city_society, "fengxian-2019"))


def test_summaries_count_binding_results_but_a_reference_view_counts_its_own(
    federation, city_society
):
    adopt(federation, "fengxian-2019", False)
    found = results(city_society, "fengxian-2019")
    assert sum(summarise(found).values()) == 0 and pass_rate(found) is None
    assert summarise(found, reference=True)["fail"] > 0
    assert pass_rate(found, reference=True) is not None


def test_binding_combines_adoption_with_the_pilot_rule(federation, city_society):
    adopt(federation, "jiangxi-3h-2022", True)
    outside = results(city_society, "jiangxi-3h-2022")
    assert not any(r.binding for r in outside)
    assert {r.binding_note for r in outside} == {NOT_BINDING_NOTE}
    join_pilot(city_society, "jiangxi-3h", since=dt.date(2022, 1, 1))
    assert all(r.binding for r in results(city_society, "jiangxi-3h-2022"))
    adopt(federation, "jiangxi-3h-2022", False)
    member_reference = results(city_society, "jiangxi-3h-2022")
    assert not any(r.binding for r in member_reference)
    assert (
        summarise(member_reference, reference=True)["pass"]
        + summarise(member_reference, reference=True)["fail"]
        > 0
    )


def test_an_administrator_sets_the_adoption_on_the_framework_page_and_it_is_audited(
    admin_client, federation
):
    url = reverse("rules:framework_adoption", args=["fengxian-2019"])
    response = admin_client.post(url, {"federation": federation.pk, "adoption": "reference"})
    assert response.status_code == 302
    adoption = FrameworkAdoption.objects.get(federation=federation)
    assert adoption.binding is False
    entry = AuditEntry.objects.get(action="framework_adopt")
    assert "仅供参考" in entry.summary
    page = admin_client.get(reverse("rules:framework", args=["fengxian-2019"])).content.decode()
    assert "本科协采用" in page and "现为：仅供参考" in page
    admin_client.post(url, {"federation": federation.pk, "adoption": "inherit"})
    assert not FrameworkAdoption.objects.exists()


def test_only_the_federations_administrators_set_its_adoption(
    secretary_a_client, admin_client, federation, other_federation
):
    url = reverse("rules:framework_adoption", args=["fengxian-2019"])
    assert (
        secretary_a_client.post(
            url, {"federation": federation.pk, "adoption": "binding"}
        ).status_code
        == 403
    )
    assert (
        admin_client.post(
            url, {"federation": other_federation.pk, "adoption": "binding"}
        ).status_code
        == 403
    )
    assert not FrameworkAdoption.objects.exists()


def test_compliance_pages_default_to_the_binding_frameworks_and_say_so(
    secretary_a_client, society_a, federation
):
    adopt(federation, "hubei-reform-2017", True)
    adopt(federation, "hubei-2h-2017", True)
    for key in ("jiangxi-3h-2022", "fengxian-2019", "tianjin-tasks"):
        adopt(federation, key, False)
    response = secretary_a_client.get(reverse("rules:society", args=[society_a.pk]))
    keys = [card[0].key for card in response.context["cards"]]
    assert keys == ["hubei-2h-2017", "hubei-reform-2017"]
    text = response.content.decode()
    assert "本科协采用：" in text and "（约束性）" in text and "（仅供参考）" in text
    everything = secretary_a_client.get(reverse("rules:society", args=[society_a.pk]) + "?all=1")
    assert len(everything.context["cards"]) == 5
    page = secretary_a_client.get(
        reverse("rules:society_framework", args=[society_a.pk, "fengxian-2019"])
    )
    assert REFERENCE_NOTE in page.content.decode()


def test_the_overview_defaults_to_the_binding_frameworks(admin_client, society_a, federation):
    adopt(federation, "hubei-reform-2017", True)
    adopt(federation, "fengxian-2019", False)
    response = admin_client.get(reverse("rules:overview"))
    assert [s.key for s in response.context["specs"]] == ["hubei-reform-2017"]
    assert "本科协采用：" in response.content.decode()
    everything = admin_client.get(reverse("rules:overview") + "?all=1")
    assert len(everything.context["specs"]) == 5
    row = everything.context["rows"][0]
    assert [c.reference for c in row.cells if c.key == "fengxian-2019"] == [True]


def test_the_campaign_form_ticks_the_binding_frameworks(admin_user, federation):
    adopt(federation, "hubei-reform-2017", True)
    adopt(federation, "fengxian-2019", False)
    form = CampaignLaunchForm(user=admin_user)
    ticked = {
        v.framework.key
        for v in form.fields["frameworks"].queryset
        if v.pk in form.fields["frameworks"].initial
    }
    assert ticked == {"hubei-reform-2017"}
    assert "本科协采用：" in form.fields["frameworks"].help_text


def test_the_requirement_page_counts_a_reference_frameworks_results_and_says_why(
    admin_client, federation, city_society
):
    adopt(federation, "fengxian-2019", False)
    url = reverse("rules:requirement", args=["fengxian-2019", "2.1.a"]) + "?on=2024-06-01"
    response = admin_client.get(url)
    counts = response.context["counts"]
    assert sum(counts.values()) == 1  # the society's own result, not zero
    text = response.content.decode()
    assert f"1个学会：{REFERENCE_NOTE}（以上统计已计入，标“仅供对照”）" in text


def test_the_requirement_page_leaves_non_members_pilot_standards_out_of_its_counts(
    admin_client, city_society
):
    url = reverse("rules:requirement", args=["hubei-2h-2017", "5.1.3"]) + "?on=2024-06-01"
    response = admin_client.get(url)
    assert sum(response.context["counts"].values()) == 0
    assert f"1个学会：{NOT_BINDING_NOTE}（不计入以上统计）" in response.content.decode()
