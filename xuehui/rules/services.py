"""Writes of the rules app: loading frameworks (with versions) and storing evaluation runs."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from xuehui.audit.services import audit_record

from .engine import evaluate
from .facts import gather
from .models import (
    EvaluationRun,
    Framework,
    FrameworkAdoption,
    FrameworkVersion,
    Requirement,
    Result,
    TaskChoice,
)
from .sources import LIBRARY_DIR, library_files, read_framework_file
from .spec import FRAMEWORK_FIELDS, FrameworkError, FrameworkSpec, json_safe, parse_framework
from .stored import active_societies, federation_mark_stale, results_mark_stale


@dataclass(frozen=True)
class LoadOutcome:
    key: str
    action: str  # created | updated | unchanged
    version: int

    @property
    def message(self) -> str:
        verbs = {"created": "已载入", "updated": "已更新为", "unchanged": "未变化，仍为"}
        return f"{self.key}：{verbs[self.action]}第{self.version}版"


def _digest(content: dict) -> str:
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


@transaction.atomic
def framework_load(*, data: dict, actor=None) -> LoadOutcome:
    """Load one framework: new → created; higher version → updated (earlier versions kept);
    same version and content → unchanged; lower version, or changed content under the same
    version → FrameworkError (nothing written)."""
    content = json_safe(data)
    spec = parse_framework(content)
    digest = _digest(content)
    framework = Framework.objects.select_for_update().filter(key=spec.key).first()
    if framework is not None:
        if spec.version < framework.version:
            raise FrameworkError(
                [
                    f"框架 {spec.key} 的版本 {spec.version} 低于已载入的第{framework.version}版，拒绝载入"
                ]
            )
        if spec.version == framework.version:
            if framework.current_version.sha256 == digest:
                return LoadOutcome(spec.key, "unchanged", spec.version)
            raise FrameworkError(
                [
                    f"框架 {spec.key} 的内容已修改，但版本号仍为 {spec.version}；请提高版本号（version）后再载入"
                ]
            )
    action = "created" if framework is None else "updated"
    framework = framework or Framework(key=spec.key)
    for name in (*FRAMEWORK_FIELDS, "note", "short_title"):
        if name != "key":
            setattr(framework, name, getattr(spec, name))
    framework.full_clean()
    framework.save()
    version = FrameworkVersion(
        framework=framework, version=spec.version, content=content, sha256=digest
    )
    version.full_clean()
    version.save()
    Requirement.objects.bulk_create(_requirement_rows(version, spec))
    # Every society's results are computed again under the new version (in the background).
    results_mark_stale(active_societies().values_list("pk", flat=True))
    audit_record(
        actor=actor,
        action="framework_load",
        target=framework,
        summary=f"载入政策框架 {spec.key} 第{spec.version}版（{spec.title}）",
        detail={"action": action, "version": spec.version},
    )
    return LoadOutcome(spec.key, action, spec.version)


def _requirement_rows(version: FrameworkVersion, spec: FrameworkSpec) -> list[Requirement]:
    return [
        Requirement(
            version=version,
            key=node.key,
            parent_key=node.parent_key,
            position=position,
            depth=node.depth,
            title=node.title,
            clause=node.clause,
            excerpt=node.excerpt,
            obligation=node.obligation,
            decision=node.decision.by if node.decision else "",
            addressee=node.addressee,
            note=node.note,
        )
        for position, node in enumerate(spec.walk())
    ]


def frameworks_load_library(*, path: Path | None = None, actor=None) -> list[LoadOutcome]:
    """Load every framework file of the library (or of `path`); all or nothing."""
    files = library_files(path)
    if not files:
        raise FrameworkError([f"{path or LIBRARY_DIR} 中没有框架文件（*.yaml）"])
    with transaction.atomic():
        return [framework_load(data=read_framework_file(file), actor=actor) for file in files]


@transaction.atomic
def evaluation_run_create(
    *, framework: Framework, society_ids: list[int], on: dt.date, actor=None
) -> EvaluationRun:
    """Evaluate the framework's current version for the societies and store every result."""
    version = framework.current_version
    spec = version.spec()
    results = evaluate(spec, gather(society_ids, on, young_age=spec.young_age), on)
    run = EvaluationRun(
        version=version,
        on=on,
        created_by=actor if getattr(actor, "pk", None) else None,
        society_count=len(results),
    )
    run.full_clean()
    run.save()
    rows = {r.key: r for r in version.requirements.all()}
    Result.objects.bulk_create(
        Result(
            run=run,
            society_id=society_id,
            requirement=rows[result.requirement.key],
            status=result.status,
            actual=result.actual[:300],
            expected=result.expected[:300],
            explanation=result.explanation,
            people=result.people,
        )
        for society_id, society_results in results.items()
        for result in society_results
    )
    audit_record(
        actor=actor,
        action="evaluation_run_create",
        target=run,
        summary=f"保存核验结果：{framework.key} 第{version.version}版，{len(results)}个学会，核验日期{on:%Y-%m-%d}",
    )
    return run


@transaction.atomic
def framework_adopt(*, federation, framework: Framework, binding: bool | None, actor=None):
    """A 科协 adopts a framework for its societies and those of the 科协 below it: binding
    (约束性) or for reference (仅供参考); `binding` None drops its own adoption, so the parent
    科协's (if any) applies again. Returns the adoption, or None when dropped."""
    own = FrameworkAdoption.objects.filter(federation=federation, framework=framework).first()
    before = None if own is None else own.binding
    if binding is None:
        if own is not None:
            own.delete()
        adoption = None
    else:
        adoption = own or FrameworkAdoption(federation=federation, framework=framework)
        adoption.binding = binding
        adoption.updated_by = actor if getattr(actor, "pk", None) else None
        adoption.full_clean()
        adoption.save()
    if before != binding:
        federation_mark_stale(federation)
        words = {True: "约束性", False: "仅供参考", None: "未单独采用（沿用上级科协）"}
        audit_record(
            actor=actor,
            action="framework_adopt",
            target=framework,
            summary=f"{federation.name}采用《{framework.title}》：{words[before]} → {words[binding]}",
            detail={"federation": federation.pk, "before": before, "after": binding},
        )
    return adoption


@transaction.atomic
def task_choice_record(
    *, society, framework: Framework, group_key: str, task_keys: list[str], actor=None
) -> TaskChoice | None:
    """Record which tasks of a 自选 group (至少选N项) the society chose: at least N of the
    group's own tasks. An empty choice drops the record, so every task is judged again."""
    group = framework.current_version.spec().find(group_key)
    if group is None or group.at_least is None:
        raise ValidationError("该任务组不是自选任务组。")
    order = [child.key for child in group.children]
    unknown = sorted(set(task_keys) - set(order))
    if unknown:
        raise ValidationError(f"不属于本任务组的任务：{'、'.join(unknown)}。")
    keys = [key for key in order if key in set(task_keys)]
    if keys and len(keys) < group.at_least:
        raise ValidationError(f"至少选择{group.at_least}项任务（现选{len(keys)}项）。")
    existing = TaskChoice.objects.filter(
        society=society, framework=framework, group_key=group_key
    ).first()
    before = existing.task_keys if existing else []
    if not keys:
        if existing:
            existing.delete()
        choice = None
    else:
        choice = existing or TaskChoice(society=society, framework=framework, group_key=group_key)
        choice.task_keys = keys
        choice.updated_by = actor if getattr(actor, "pk", None) else None
        choice.full_clean()
        choice.save()
    if before != keys:
        titles = {child.key: child.clause or child.title for child in group.children}
        chosen = "、".join(titles[k] for k in keys) or "未记录（各项均参与核验）"
        audit_record(
            actor=actor,
            action="task_choice_record",
            target=choice or framework,
            society=society,
            summary=f"{society.name}在《{framework.title}》{group.clause or group.title}中选定：{chosen}",
            detail={"group": group_key, "before": before, "after": keys},
        )
    return choice
