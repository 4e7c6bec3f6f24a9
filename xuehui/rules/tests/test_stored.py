"""Stored results: which writes make them stale, how they are computed again (after a write,
every night, by an administrator), and the pages that read them."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from xuehui.accounts.choices import Role
from xuehui.audit.services import AuditBatch, audit_export, audit_record
from xuehui.rules import stored
from xuehui.rules.models import Framework, StoredResult
from xuehui.rules.selectors import current_versions, evaluate_frameworks, spec_of
from xuehui.rules.services import framework_adopt, frameworks_load_library
from xuehui.rules.stored import results_compute, results_current, results_mark_stale
from xuehui.societies.models import Society
from xuehui.tests import factories as f

from .factories import make_council

# Every kind of record the facts read (rules/facts/): a write to one marks its society stale.
FACT_RECORDS = [
    "societies.society",
    "governance.term",
    "governance.position",
    "governance.person",
    "members.individualmember",
    "members.institutionalmember",
    "members.memberyearstat",
    "members.membershipprofile",
    "secretariat.office",
    "secretariat.secretariatprofile",
    "secretariat.staffmember",
    "party.partyorganisation",
    "branches.branch",
    "branches.branchreport",
    "regulations.ruledocument",
    "meetings.meeting",
    "meetings.resolution",
    "activities.activity",
    "finances.financeyear",
    "credit.commendation",
    "credit.sanction",
    "credit.listing",
    "reports.annualreport",
    "pilots.pilotmembership",
    "rules.taskchoice",
    "consortia.jointactivity",
]
# Writes the facts never read: campaigns, reviews, accounts, the portal's inbox, jobs.
OTHER_RECORDS = [
    "campaigns.campaign",
    "campaigns.campaignentry",
    "accounts.user",
    "portal.feedback",
    "jobs.job",
    "evaluation.evaluation",
    "pilots.pilotprogramme",
    "files.storedfile",
]


@pytest.fixture(autouse=True)
def library(db):
    frameworks_load_library()


@pytest.fixture
def computed(society_a, society_b):
    make_council(f.make_term(society_a), size=8, frontline=6)
    results_compute([society_a.pk, society_b.pk])
    return society_a


def stale_ids() -> set[int]:
    return set(StoredResult.objects.filter(stale=True).values_list("society_id", flat=True))


def _target(label: str):
    model = apps.get_model(label)
    return model(pk=987654)  # an audit entry needs only the record's kind and key


@pytest.mark.parametrize("label", FACT_RECORDS)
def test_a_write_to_each_record_kind_marks_its_society_stale(computed, society_b, label):
    audit_record(actor=None, action="x_update", target=_target(label), society=computed)
    assert stale_ids() == {computed.pk}


@pytest.mark.parametrize("label", OTHER_RECORDS)
def test_writes_to_other_records_mark_nothing(computed, label):
    audit_record(actor=None, action="x_update", target=_target(label), society=computed)
    assert stale_ids() == set()


def test_an_export_or_an_entry_without_a_record_marks_nothing(computed, admin_user):
    audit_export(actor=admin_user, what="会员名册", rows=3, society=computed)
    audit_record(actor=admin_user, action="campaign_urge", society=computed, summary="催办")
    assert stale_ids() == set()


def test_an_imports_batch_marks_each_society_it_wrote_once(computed, society_b):
    batch = AuditBatch(actor=None, source="individual_members_import")
    for pk in (1, 2, 3):
        batch.created(_target("members.individualmember"), action="m", society=society_b)
        batch.created(apps.get_model("members.individualmember")(pk=pk), action="m", society=None)
    batch.save()
    assert stale_ids() == {society_b.pk}


def test_a_person_sitting_in_two_societies_marks_both(computed, society_b):
    person = f.make_person(society=computed)
    f.make_position(f.make_term(society_b), person=person)
    audit_record(actor=None, action="person_update", target=person, society=None)
    assert stale_ids() == {computed.pk, society_b.pk}


def test_an_adoption_marks_every_society_below_the_federation(computed, society_b, federation):
    below = f.make_federation(name="武汉市科学技术协会", code="wuhan", parent=federation)
    child = f.make_society(federation=below)
    results_compute([child.pk])
    framework = Framework.objects.get(key="tianjin-tasks")
    framework_adopt(federation=federation, framework=framework, binding=False)
    assert stale_ids() == {computed.pk, child.pk}


def test_a_rolled_back_write_marks_nothing_and_the_next_write_is_computed(
    computed, society_b, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        results_mark_stale([computed.pk])
        raise RuntimeError
    assert stale_ids() == set()
    with django_capture_on_commit_callbacks() as callbacks:
        results_mark_stale([society_b.pk])
    assert len(callbacks) == 1


def test_after_the_write_commits_the_society_is_computed_again(
    computed, django_capture_on_commit_callbacks
):
    before = StoredResult.objects.filter(society=computed).first().computed_at
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        results_mark_stale([computed.pk])
        results_mark_stale([computed.pk])
    assert len(callbacks) == 1  # one task however many writes the transaction made
    assert stale_ids() == set()
    assert StoredResult.objects.filter(society=computed).first().computed_at > before


def test_without_a_broker_a_stale_row_is_computed_when_a_page_needs_it(computed):
    make_council(f.make_term(computed, number=2, start_on=dt.date(2025, 1, 1)), size=4, frontline=0)
    results_mark_stale([computed.pk])  # the task would run after commit; the test never commits
    versions = current_versions()
    freshness = results_current(
        Society.objects.filter(pk=computed.pk), versions, timezone.localdate()
    )
    assert freshness.updating == 0
    assert stale_ids() == set()
    _assert_rows_match_the_engine(computed)


def test_with_workers_the_page_shows_the_rows_it_has_and_queues_the_rest(
    computed, society_b, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(
        "xuehui.rules.tasks.recompute_results.delay", lambda ids: queued.append(ids)
    )
    stored.cache.delete(stored.ROLL_LOCK)
    results_mark_stale([computed.pk])
    missing = f.make_society(federation=computed.federation)
    societies = Society.objects.filter(pk__in=[computed.pk, missing.pk])
    with django_capture_on_commit_callbacks(execute=True):
        freshness = results_current(societies, current_versions(), timezone.localdate())
    assert freshness.updating == 1  # the stale one waits for the workers…
    assert StoredResult.objects.filter(society=missing, stale=False).count() == 5  # …not the new
    assert [computed.pk] in queued


def test_the_nightly_roll_computes_every_society_for_the_new_day(computed, society_b):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    StoredResult.objects.update(on=yesterday)
    assert stored.results_roll() == 2
    assert set(StoredResult.objects.values_list("on", flat=True)) == {timezone.localdate()}


def test_a_write_during_a_computation_leaves_the_row_stale(computed, monkeypatch):
    from xuehui.rules import selectors

    real = selectors.judge_frameworks

    def written_meanwhile(specs, ids, on, **kwargs):
        found = real(specs, ids, on, **kwargs)
        results_mark_stale([computed.pk])  # another request's write commits meanwhile
        return found

    monkeypatch.setattr(selectors, "judge_frameworks", written_meanwhile)
    results_compute([computed.pk])
    assert stale_ids() == {computed.pk}


def test_a_task_killed_mid_way_and_retried_leaves_whole_rows_and_no_duplicates(
    federation, monkeypatch
):
    from xuehui.rules import selectors

    societies = [f.make_society(federation=federation) for _ in range(5)]
    monkeypatch.setattr(stored, "CHUNK", 2)
    real, calls = selectors.judge_frameworks, []

    def dies_on_the_second_chunk(specs, ids, on, **kwargs):
        calls.append(ids)
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real(specs, ids, on, **kwargs)

    monkeypatch.setattr(selectors, "judge_frameworks", dies_on_the_second_chunk)
    with pytest.raises(SystemExit):
        results_compute([s.pk for s in societies])
    assert StoredResult.objects.count() == 2 * 5  # the first chunk, whole
    monkeypatch.setattr(selectors, "judge_frameworks", real)
    results_compute([s.pk for s in societies])
    results_compute([s.pk for s in societies])  # delivered twice
    assert StoredResult.objects.count() == 5 * 5
    for society in societies:
        _assert_rows_match_the_engine(society)


def test_a_new_framework_version_replaces_the_earlier_versions_rows(computed, society_b):
    from xuehui.rules.services import framework_load

    from .factories import library_data

    data = library_data("jiangxi-3h-2022")
    data["version"] += 1
    framework_load(data=data)
    assert stale_ids() == {computed.pk, society_b.pk}
    results_compute([computed.pk])
    versions = {v.pk for v in current_versions()}
    assert (
        set(StoredResult.objects.filter(society=computed).values_list("version", flat=True))
        == versions
    )


def _assert_rows_match_the_engine(society) -> None:
    from xuehui.rules.engine import pass_rate, summarise
    from xuehui.rules.reports import adoption_line

    versions = current_versions()
    live = evaluate_frameworks([spec_of(v) for v in versions], [society.pk], timezone.localdate())
    for version in versions:
        row = StoredResult.objects.get(society=society, version=version)
        results = live[version.framework.key][society.pk]
        reference = bool(adoption_line(results))
        assert row.summary == summarise(results, reference=reference)
        assert row.rate == pass_rate(results, reference=reference)
        assert row.statuses == {r.requirement.key: r.status for r in results}


# ---- pages -----------------------------------------------------------------------------------


def test_the_overview_says_when_its_results_were_computed(admin_client, computed):
    text = admin_client.get(reverse("rules:overview")).content.decode()
    assert "结果计算于" in text and "立即重新核验" in text
    past = admin_client.get(reverse("rules:overview") + "?on=2024-06-01").content.decode()
    assert "按所选核验日期2024-06-01即时计算" in past and "立即重新核验" not in past


def test_a_leader_sees_no_recompute_button_and_may_not_post(client, computed, federation):
    leader = f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(leader)
    assert "立即重新核验" not in client.get(reverse("rules:overview")).content.decode()
    assert client.post(reverse("rules:overview_recompute")).status_code == 403


def test_an_administrator_recomputes_the_federations_societies_as_a_job(
    admin_client, computed, society_b
):
    StoredResult.objects.update(stale=True)
    response = admin_client.post(reverse("rules:overview_recompute"))
    job = response.wsgi_request.user and response.url
    assert "/jobs/" in job
    assert stale_ids() == {society_b.pk}  # the other federation's society is not the admin's
    detail = admin_client.get(job).content.decode()
    assert "重新核验1个学会的合规结果" in detail


def test_the_overview_paginates_and_sorts_in_the_database(admin_client, federation):
    for n in range(55):
        society = f.make_society(federation=federation, name=f"学会{n:02d}")
        make_council(f.make_term(society), size=4, frontline=n % 5)
    first = admin_client.get(reverse("rules:overview") + "?sort=-fengxian-2019")
    rows = first.context["rows"]
    assert len(rows) == 50 and first.context["page"].paginator.count == 55
    index = [s.key for s in first.context["specs"]].index("fengxian-2019")
    rates = [row.cells[index].rate for row in rows]
    assert rates == sorted(rates, reverse=True)
    second = admin_client.get(reverse("rules:overview") + "?sort=-fengxian-2019&page=2")
    assert len(second.context["rows"]) == 5
    assert "全部55个学会 · 平均达标率" in second.content.decode()


def _societies(federation, n):
    for _ in range(n):
        make_council(f.make_term(f.make_society(federation=federation)), size=3, frontline=2)


def test_the_overview_takes_the_same_queries_for_30_and_300_societies(
    django_assert_max_num_queries, admin_client, federation
):
    _societies(federation, 30)
    admin_client.get(reverse("rules:overview"))  # computes the missing rows
    with django_assert_max_num_queries(40) as small:
        admin_client.get(reverse("rules:overview"))
    _societies(federation, 270)
    results_compute(Society.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = admin_client.get(reverse("rules:overview") + "?sort=hubei-reform-2017")
    assert response.context["page"].paginator.count == 300


def test_the_society_cards_come_from_the_stored_results(admin_client, computed):
    response = admin_client.get(reverse("rules:society", args=[computed.pk]))
    assert "结果计算于" in response.content.decode()
    row = StoredResult.objects.get(society=computed, version__framework__key="hubei-reform-2017")
    card = next(c for c in response.context["cards"] if c[0].key == "hubei-reform-2017")
    assert card[1] == row.summary and card[2] == row.rate


def test_the_command_computes_all_one_federation_or_the_stale(computed, society_b):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("compute_results", stdout=out)
    assert "已计算2个学会" in out.getvalue()
    StoredResult.objects.filter(society=society_b).update(stale=True)
    out = StringIO()
    call_command("compute_results", "--stale", stdout=out)
    assert "已计算1个学会" in out.getvalue() and stale_ids() == set()
    out = StringIO()
    call_command("compute_results", "--federation", computed.federation.code, stdout=out)
    assert "已计算1个学会" in out.getvalue()
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("compute_results", "--federation", "nowhere", stderr=err)
    assert "未找到科协" in err.getvalue()


def test_the_dashboard_card_counts_societies_by_band_at_the_floors(admin_client, federation):
    societies = [f.make_society(federation=federation) for _ in range(6)]
    results_compute([s.pk for s in societies])
    version = next(v for v in current_versions() if v.framework.key == "hubei-reform-2017")
    for society, rate in zip(societies, [0.9, 0.8999, 0.75, 0.6, 0.1, None], strict=True):
        StoredResult.objects.filter(society=society, version=version).update(rate=rate)
    response = admin_client.get(reverse("rules:overview_card"))
    row = next(r for r in response.context["frameworks"] if r.spec.key == "hubei-reform-2017")
    assert [n for _, n in row.counts] == [1, 2, 1, 1]  # 90%及以上, 75%–90%, 60%–75%, 60%以下
    assert row.not_applicable == 1
    assert row.average == pytest.approx((0.9 + 0.8999 + 0.75 + 0.6 + 0.1) / 5)
    assert "合规概况（今日）" in response.content.decode()


def test_the_dashboard_loads_the_card(admin_client, computed):
    home = admin_client.get(reverse("dashboard:home")).content.decode()
    assert reverse("rules:overview_card") in home


# ---- the overview kept across requests (core.page_cache) -------------------------------------


def _hubei_rate(response, society) -> float | None:
    index = [s.key for s in response.context["specs"]].index("hubei-reform-2017")
    [row] = [r for r in response.context["rows"] if r.society.pk == society.pk]
    return row.cells[index].rate


def test_the_kept_overview_follows_a_recomputation(kept_pages, admin_client, computed):
    url = reverse("rules:overview")
    before = _hubei_rate(admin_client.get(url), computed)
    assert "rows" not in admin_client.get(url).context  # kept: the table is not built again
    term = computed.terms.get()
    make_council(term, size=30, frontline=2)  # records changed outside the services…
    results_compute([computed.pk])  # …and computed again (立即重新核验): no audit entry
    assert _hubei_rate(admin_client.get(url), computed) != before


def test_the_kept_overview_shows_a_society_registered_since(kept_pages, admin_client, computed):
    from xuehui.access import SYSTEM
    from xuehui.societies.services import society_register

    url = reverse("rules:overview")
    assert "新登记学会" not in admin_client.get(url).content.decode()
    society_register(
        actor=SYSTEM, name="新登记学会", uscc=f.make_uscc(), federation=computed.federation
    )
    assert "新登记学会" in admin_client.get(url).content.decode()


def test_each_federation_keeps_its_own_overview(
    kept_pages, admin_client, client, computed, society_b
):
    other = f.make_user("kx_admin_b", role=Role.FEDERATION_ADMIN, federation=society_b.federation)
    client.force_login(other)
    url = reverse("rules:overview")
    mine, theirs = admin_client.get(url).content.decode(), client.get(url).content.decode()
    assert computed.name in mine and society_b.name not in mine
    assert society_b.name in theirs and computed.name not in theirs


def test_an_overview_waiting_for_the_workers_is_not_kept(
    kept_pages, admin_client, computed, settings, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr("xuehui.rules.tasks.recompute_results.delay", lambda ids: None)
    StoredResult.objects.update(stale=True)
    url = reverse("rules:overview")
    with CaptureQueriesContext(connection) as first:
        assert "正在后台重新计算" in admin_client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        assert "正在后台重新计算" in admin_client.get(url).content.decode()
    assert len(second.captured_queries) == len(first.captured_queries)


def test_the_kept_overview_is_the_page_built_afresh(settings, kept_pages, admin_client, computed):
    import re

    def page() -> str:
        html = admin_client.get(reverse("rules:overview") + "?sort=-hubei-reform-2017").content
        return re.sub(r'"X-CSRFToken": "\w+"|value="\w{64}"', "", html.decode())

    built, kept = page(), page()
    settings.XUEHUI_PAGE_CACHE_SECONDS = 0
    assert built == kept == page()


def test_the_pages_read_the_current_versions_without_their_content(computed):
    versions = current_versions()
    assert versions and all("content" in v.get_deferred_fields() for v in versions)
    assert [spec_of(v).key for v in versions] == [v.framework.key for v in versions]
