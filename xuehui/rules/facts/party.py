"""Facts from the party organisation (xuehui.party): the organisations in being on the date.

``party.organisation`` is any recorded form, including a 党小组 or a 党建工作联络员 (which only
Fengxian 2、（1）and 5、（1）accept). ``party.organisation_formal`` is a 党组织 in the proper sense:
党委, 党总支, 党支部 or 联合党支部. ``party.branch`` is a 党委, 党总支 or 党支部 of the society
itself (not a 联合党支部 shared with others), the closest record of Jiangxi's 实体党支部.
"""

import datetime as dt

from django.db.models import Q

from .base import Facts

FORMAL = ("committee", "general_branch", "branch", "joint_branch")
OWN = ("committee", "general_branch", "branch")


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    from xuehui.party.models import PartyOrganisation

    for society_id in ids:
        facts[society_id]["party.organisation"] = False
        facts[society_id]["party.organisation_formal"] = False
        facts[society_id]["party.branch"] = False
    rows = (
        PartyOrganisation.objects.filter(society_id__in=ids, established_on__lte=on)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
        .order_by("society_id", "established_on", "id")
    )
    for row in rows:
        text = f"{row.get_form_display()}（{row.established_on:%Y-%m-%d}成立）"
        society_facts = facts[row.society_id]
        if not society_facts["party.organisation"]:
            society_facts["party.organisation"] = text
        if row.form in FORMAL and not society_facts["party.organisation_formal"]:
            society_facts["party.organisation_formal"] = text
        if row.form in OWN and not society_facts["party.branch"]:
            society_facts["party.branch"] = text
