"""Facts from the party organisation (xuehui.party): the organisations in being on the date.

``party.organisation`` is any recorded form, including a 党小组 or a 党建工作联络员 (which only
Fengxian 2、（1）and 5、（1）accept). ``party.organisation_formal`` is a 党组织 in the proper sense:
党委, 党总支, 党支部 or 联合党支部. ``party.branch`` is a 党委, 党总支 or 党支部 of the society
itself (not a 联合党支部 shared with others). ``party.secretariat_branch`` is such an organisation
whose members are the secretariat's staff: Jiangxi's 实体党支部. Where the society's own
organisations say nothing about their members, the fact is missing (待补充材料), not 否.
"""

import datetime as dt

from django.db.models import Q

from xuehui.lib.queries import IdList

from .base import Facts

FORMAL = ("committee", "general_branch", "branch", "joint_branch")
OWN = ("committee", "general_branch", "branch")


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    from xuehui.party.choices import PartyOrganisationForm
    from xuehui.party.models import PartyOrganisation

    for society_id in ids:
        facts[society_id]["party.organisation"] = False
        facts[society_id]["party.organisation_formal"] = False
        facts[society_id]["party.branch"] = False
        facts[society_id]["party.secretariat_branch"] = False
    unknown: set[int] = set()
    rows = (
        PartyOrganisation.objects.filter(society_id__in=IdList(ids), established_on__lte=on)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
        .order_by("society_id", "established_on", "id")
        .values_list("society_id", "form", "established_on", "of_secretariat")
    )
    labels = dict(PartyOrganisationForm.choices)  # a row a society: no model instance each
    for society_id, form, established_on, of_secretariat in rows:
        text = f"{labels.get(form, form)}（{established_on:%Y-%m-%d}成立）"
        society_facts = facts[society_id]
        if not society_facts["party.organisation"]:
            society_facts["party.organisation"] = text
        if form in FORMAL and not society_facts["party.organisation_formal"]:
            society_facts["party.organisation_formal"] = text
        if form in OWN and not society_facts["party.branch"]:
            society_facts["party.branch"] = text
        if form in OWN and of_secretariat:
            society_facts["party.secretariat_branch"] = (
                society_facts["party.secretariat_branch"] or f"{text}，由秘书处工作人员组成"
            )
        elif form in OWN and of_secretariat is None:
            unknown.add(society_id)
    for society_id in unknown:
        if not facts[society_id]["party.secretariat_branch"]:
            facts[society_id].lack(
                ["party.secretariat_branch"],
                "学会党组织的党员是否为秘书处工作人员未填写（请在党组织记录中填写）",
            )
