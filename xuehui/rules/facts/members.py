"""Facts from the member register and yearly statistics (xuehui.members): counts on the date,
the 2016 baseline, the congress form and the number of representatives."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Count

from xuehui.lib.queries import IdList
from xuehui.members.choices import CongressForm

from .base import Facts

NAMES = ("members.individual", "members.institutional", "members.total")


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    from xuehui.members.models import (
        IndividualMember,
        InstitutionalMember,
        MembershipProfile,
        MemberYearStat,
    )
    from xuehui.members.selectors import BASELINE_YEAR, member_counts_for, on_register_q

    profiles = {
        row["society_id"]: row
        for row in MembershipProfile.objects.filter(society_id__in=IdList(ids)).values(
            "society_id", "congress_form", "representative_count", "register_since"
        )
    }
    on_register = [
        i
        for i in ids
        if (profile := profiles.get(i)) is not None
        and (since := profile["register_since"]) is not None
        and on.year >= since
    ]
    counts = {}
    for model, key in ((IndividualMember, "individual"), (InstitutionalMember, "institutional")):
        rows = model.objects.filter(society_id__in=IdList(on_register)).filter(on_register_q(on))
        counts[key] = dict(
            rows.values("society_id")
            .annotate(n=Count("pk"))
            .values_list("society_id", "n")
            .order_by()
        )
    latest, by_year = {}, {}
    stats = MemberYearStat.objects.filter(society_id__in=IdList(ids), year__lte=on.year).order_by(
        "society_id", "year"
    )
    for society_id, year, individual, institutional in stats.values_list(
        "society_id", "year", "individual_count", "institutional_count"
    ):
        latest[society_id] = (year, individual, institutional)
        by_year[(society_id, year)] = (individual, institutional)
    baseline = member_counts_for(ids, BASELINE_YEAR)
    registered = set(on_register)  # asked of every society below: the list made that n²
    for society_id in ids:
        _counts(facts[society_id], society_id, registered, counts, latest)
        _baseline(facts[society_id], baseline[society_id], BASELINE_YEAR)
        _congress(facts[society_id], profiles.get(society_id))
        _at_reelection(facts[society_id], society_id, by_year, registered, latest)


def _at_reelection(facts: Facts, society_id: int, by_year, on_register, latest) -> None:
    """Tianjin 二: the members reported for the re-election's year where recorded, else the
    latest figures, saying which (the roster provider has put the re-election's figures)."""
    figures = facts.get("reelection.facts")
    if figures is None:
        return
    year = facts["term.latest_reelection_on"].year
    if (society_id, year) in by_year:
        individual, institutional = by_year[(society_id, year)]
        source = f"{year}年度会员统计"
    elif "members.total" in facts:
        individual, institutional = facts["members.individual"], facts["members.institutional"]
        now = (
            "核验日期的会员名册"
            if society_id in on_register
            else f"{latest[society_id][0]}年度会员统计"
        )
        source = f"{year}年无会员统计，会员数取{now}"
    else:
        return
    figures.update(
        {
            "members.individual": individual,
            "members.institutional": institutional,
            "members.total": individual + institutional,
        }
    )
    facts["reelection.sources"] = [*facts["reelection.sources"], source]


def _counts(facts: Facts, society_id: int, on_register, counts, latest) -> None:
    if society_id in on_register:
        individual = counts["individual"].get(society_id, 0)
        institutional = counts["institutional"].get(society_id, 0)
    elif society_id in latest:
        _, individual, institutional = latest[society_id]
    else:
        facts.lack(NAMES, "尚无会员数据（会员名册或年度会员统计）")
        return
    facts.update(
        {
            "members.individual": individual,
            "members.institutional": institutional,
            "members.total": individual + institutional,
        }
    )


def _baseline(facts: Facts, count, year: int) -> None:
    name = f"members.total_{year}"
    individual_name = f"members.individual_{year}"
    if count.individual is None:
        facts.lack(
            [name, individual_name],
            f"尚无{year}年底的会员数据（请在年度会员统计中填写{year}年）",
        )
    else:
        facts[name] = count.individual + (count.institutional or 0)
        facts[individual_name] = count.individual


def _congress(facts: Facts, profile: Mapping[str, Any] | None) -> None:
    if not profile or not profile["congress_form"]:
        facts.lack(
            ["congress.form", "congress.representatives", "congress.representative_system"],
            "未填写会员大会形式",
        )
        return
    facts["congress.form"] = profile["congress_form"]
    facts["congress.representative_system"] = int(
        profile["congress_form"] == CongressForm.REPRESENTATIVE
    )
    if profile["representative_count"] is None:
        facts.lack(["congress.representatives"], "未填写会员代表人数")
    else:
        facts["congress.representatives"] = profile["representative_count"]
