"""Step 政策框架与试点: load the five frameworks and create the two pilot programmes.

hubei-2h (湖北两化试点, framework hubei-2h-2017) holds the six pilot societies of seed 000.
jiangxi-3h (江西三化试点, framework jiangxi-3h-2022): the demo registry holds only Hubei
societies (its tests pin them), so the programme is attached to the Hubei 科协 and trialled
on three demo societies whose rosters exercise the 三化 rules — a 秘书长 appointed at 63,
a retired official as 秘书长 without approval, an unhosted society with a full-time
秘书长. In a real deployment the Jiangxi 科协 creates it and adds its own societies with
`xuehui pilot-add`.

The Hubei 科协 adopts its own two documents as binding and the other three for reference
(仅供参考): its societies and those of the Wuhan and Yichang 科协 below it inherit that.
"""

import datetime as dt

from django.db.models import F

from xuehui.pilots.choices import Willingness
from xuehui.pilots.models import PilotBatch, PilotMembership, PilotProgramme
from xuehui.pilots.selectors import readiness
from xuehui.pilots.services import (
    batch_create,
    candidacies_open,
    candidacy_answer,
    pilot_membership_add,
    pilot_programme_save,
)
from xuehui.rules.models import Framework, FrameworkAdoption, TaskChoice
from xuehui.rules.services import framework_adopt, frameworks_load_library, task_choice_record
from xuehui.societies.models import Society

from .context import DemoContext
from .societies import PILOT_NAMES

PROGRAMMES = (
    # key, name, federation code, framework, standards entry, societies, since, description
    ("hubei-2h", "湖北两化试点", "hubei", "hubei-2h-2017", "5", PILOT_NAMES, dt.date(2017, 10, 1),
     "湖北省科协所属学会“两化”建设试点（秘书处实体化、秘书长专职化），2017年10月布置。"),
    ("jiangxi-3h", "江西三化试点", "hubei", "jiangxi-3h-2022", "4",
     ("湖北省电子学会", "湖北省计算机学会", "湖北省公路学会"), dt.date(2022, 2, 15),
     "演示：以江西省科协《省级学会“三化”建设试点工作方案》为标准，在三个演示学会上试行。"),
)  # fmt: skip

# hubei-2h's next batch, being chosen: the three most ready societies asked, one has answered.
NEXT_BATCH_YEAR = 2027


BINDING_IN_HUBEI = ("hubei-2h-2017", "hubei-reform-2017")


def load_frameworks_and_pilots(ctx: DemoContext) -> str:
    loaded = frameworks_load_library(actor=ctx.actor)
    joined = sum(_programme(ctx, *programme) for programme in PROGRAMMES)
    asked = _next_batch(ctx)
    changed = sum(o.action != "unchanged" for o in loaded)
    adopted = _adopt(ctx)
    chosen = _choose_tasks(ctx)
    return (
        f"框架 {len(loaded)} 个（新载入或更新 {changed} 个）；试点项目 {len(PROGRAMMES)} 个，"
        f"新增试点学会 {joined} 个，{NEXT_BATCH_YEAR}年批次征求意见 {asked} 个；湖北省科协新设采用 {adopted} 个；新记录自选任务 {chosen} 个学会"
    )


# 天津 三 "至少选5项": two societies have recorded their choice (the rest are judged on every task).
TASK_CHOICES = {
    "湖北省环境科学学会": ("T11", "T12", "T13", "T15", "T17", "T20"),
    "湖北省计算机学会": ("T11", "T12", "T14", "T18", "T20"),
}


def _choose_tasks(ctx) -> int:
    framework = Framework.objects.get(key="tianjin-tasks")
    chosen = 0
    for name, keys in TASK_CHOICES.items():
        society = ctx.societies[name]
        if TaskChoice.objects.filter(society=society, framework=framework).exists():
            continue
        task_choice_record(
            society=society, framework=framework, group_key="G3", task_keys=list(keys),
            actor=ctx.actor,
        )  # fmt: skip
        chosen += 1
    return chosen


def _adopt(ctx) -> int:
    """Hubei adopts the two Hubei documents as binding, the others for reference."""
    hubei, adopted = ctx.federations["hubei"], 0
    for framework in Framework.objects.order_by("key"):
        if FrameworkAdoption.objects.filter(federation=hubei, framework=framework).exists():
            continue
        binding = framework.key in BINDING_IN_HUBEI
        framework_adopt(federation=hubei, framework=framework, binding=binding, actor=ctx.actor)
        adopted += 1
    return adopted


def _programme(
    ctx, key, name, federation_code, framework_key, standards_key, society_names, since,
    description,
) -> int:  # fmt: skip
    programme = PilotProgramme.objects.filter(key=key).first()
    if programme is None:
        programme = pilot_programme_save(
            key=key,
            name=name,
            federation=ctx.federations[federation_code],
            framework=Framework.objects.get(key=framework_key),
            description=description,
            standards_key=standards_key,
            actor=ctx.actor,
        )
    batch = PilotBatch.objects.filter(programme=programme, year=since.year).first()
    if batch is None:
        batch = batch_create(programme=programme, year=since.year, actor=ctx.actor)
        # A past batch: each phase was done by its end.
        batch.phases.filter(ends_on__lt=ctx.today).update(completed_on=F("ends_on"))
    joined = 0
    for society_name in society_names:
        society = (
            ctx.societies.get(society_name) or Society.objects.filter(name=society_name).first()
        )
        if (
            society is None
            or PilotMembership.objects.filter(programme=programme, society=society).exists()
        ):
            continue
        pilot_membership_add(
            programme=programme, society=society, since=since, batch=batch, actor=ctx.actor
        )
        joined += 1
    return joined


def _next_batch(ctx) -> int:
    programme = PilotProgramme.objects.get(key="hubei-2h")
    if PilotBatch.objects.filter(programme=programme, year=NEXT_BATCH_YEAR).exists():
        return 0
    batch = batch_create(programme=programme, year=NEXT_BATCH_YEAR, actor=ctx.actor)
    ranked = readiness(programme, ctx.today)[:3]
    candidacies_open(batch=batch, societies=[r.society for r in ranked], actor=ctx.actor)
    first = batch.candidacies.get(society=ranked[0].society)
    candidacy_answer(
        candidacy=first, willingness=Willingness.WILLING,
        note="理事会已研究同意，秘书处已有专职人员3名", actor=ctx.actor,
    )  # fmt: skip
    return len(ranked)
