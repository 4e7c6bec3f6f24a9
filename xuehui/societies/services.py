"""Writes to the registry: federations and societies."""

import datetime as dt
from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from xuehui.access import (
    SYSTEM,
    federation_subtrees,
    may_change_registration,
    require_administers,
    scope_for,
)
from xuehui.audit.services import audit_change, audit_record, stored_copy
from xuehui.campaigns.choices import CampaignStatus
from xuehui.campaigns.models import Campaign
from xuehui.lib.meta import field_label

from .choices import DatePrecision, SocietyStatus
from .models import Federation, Society


class SocietyFields(TypedDict, total=False):
    """What a form, an import or the workbook may write to a society's registry entry: the one
    list of these fields (the form and the registry import take theirs from it)."""

    name: str
    uscc: str
    category: str
    supervising_authority: str
    host_institution: str
    founded_on: dt.date | None
    address: str
    phone: str
    legal_representative: str
    federation: Federation
    status: str
    founded_precision: str  # set by the services, or by an import that read 1985年 / 1985.03


# The fields a person edits on the society's form (the precision follows from what is typed).
SOCIETY_FIELDS = tuple(
    name for name in SocietyFields.__annotations__ if name != "founded_precision"
)


@transaction.atomic
def federation_create(
    *, name: str, code: str, level: str, parent: Federation | None = None, actor
) -> Federation:
    """A new 科协: by the platform itself, or an administrator of the 科协 it sits under (a
    科协 at the top of the tree only by a system administrator)."""
    _require_federation_admin(actor, parent)
    _require_active(parent, "parent")
    federation = Federation(name=name, code=code, level=level, parent=parent)
    federation.full_clean()
    federation.save()
    audit_record(actor=actor, action="federation_create", target=federation, summary=name)
    return federation


@transaction.atomic
def federation_update(
    *, federation: Federation, name: str, level: str, parent: Federation | None, actor
) -> list[str]:
    """Rename a 科协, change its level or move it in the tree (never under itself or one of
    its own); returns the fields that changed. A 科协 administrator manages those below their
    own 科协, a system administrator (or the platform itself) any."""
    _require_federation_admin(actor, federation.parent)
    if parent is not None and parent.pk in federation_subtrees([federation.pk]):
        raise ValidationError(
            {"parent": f"{parent.name}是{federation.name}本身或其下级科协，不能作为上级"}
        )
    if parent != federation.parent:
        _require_federation_admin(actor, parent)
        _require_active(parent, "parent")
    old = stored_copy(federation)
    values = {"name": name, "level": level, "parent_id": parent.pk if parent else None}
    changed = [k for k, v in values.items() if getattr(federation, k) != v]
    if not changed:
        return []
    for key, value in values.items():
        setattr(federation, key, value)
    federation.full_clean()
    federation.save()
    audit_change(
        obj=federation,
        old=old,
        actor=actor,
        action="federation_update",
        society=None,
        summary=f"修改科协：{federation.name}",
    )
    return [k.removesuffix("_id") for k in changed]


@transaction.atomic
def federation_deactivate(*, federation: Federation, reason: str, actor) -> Federation:
    """Stop a 科协 (merged, abolished): only once nothing depends on it — no society that is not
    deregistered, no 科协 below it still active, no campaign running. Its records stay."""
    _require_federation_admin(actor, federation.parent)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写停用原因。"})
    if not federation.is_active:
        raise ValidationError(f"{federation.name}已停用。")
    societies = federation.societies.exclude(status=SocietyStatus.DEREGISTERED).count()
    if societies:
        raise ValidationError(
            f"{federation.name}还有{societies}个未注销的学会，请先将其迁移到其他科协或办理注销后再停用。"
        )
    children = federation.children.filter(is_active=True)
    if children.exists():
        names = "、".join(children.order_by("name").values_list("name", flat=True)[:5])
        raise ValidationError(f"请先停用或迁移下级科协：{names}。")
    if Campaign.objects.filter(federation=federation, status=CampaignStatus.OPEN).exists():
        raise ValidationError(f"{federation.name}还有进行中的评估检查工作，请先结束或撤回。")
    federation.is_active, federation.deactivation_reason = False, reason[:200]
    federation.deactivated_at = timezone.now()
    federation.save(update_fields=["is_active", "deactivation_reason", "deactivated_at"])
    audit_record(
        actor=actor,
        action="federation_deactivate",
        target=federation,
        summary=f"停用科协：{federation.name}（{reason[:80]}）",
    )
    return federation


@transaction.atomic
def federation_reactivate(*, federation: Federation, actor) -> Federation:
    _require_federation_admin(actor, federation.parent)
    if federation.parent is not None and not federation.parent.is_active:
        raise ValidationError(f"上级科协{federation.parent.name}已停用，请先启用上级科协。")
    federation.is_active, federation.deactivation_reason, federation.deactivated_at = True, "", None
    federation.save(update_fields=["is_active", "deactivation_reason", "deactivated_at"])
    audit_record(
        actor=actor,
        action="federation_reactivate",
        target=federation,
        summary=f"重新启用科协：{federation.name}",
    )
    return federation


def _require_active(federation: Federation | None, field: str) -> None:
    """Nothing new is placed under a 科协 that has been stopped."""
    if federation is not None and not federation.is_active:
        raise ValidationError({field: f"{federation.name}已停用，不能再在其下设立或迁入。"})


def _require_federation_admin(actor, federation: Federation | None) -> None:
    if federation is None:
        if actor is not SYSTEM and not scope_for(actor).is_system_admin:
            raise PermissionDenied("只有系统管理员可以设立最上级的科协")
        return
    require_administers(actor, federation.pk, "您不是该科协或其上级科协的管理员")


@transaction.atomic
def society_register(*, actor, **fields: Unpack[SocietyFields]) -> Society:
    """Register a new society; `fields` are Society fields by name."""
    society = Society(**fields)
    _require_active(getattr(society, "federation", None), "federation")
    society.full_clean()
    society.save()
    audit_change(
        obj=society,
        old=None,
        actor=actor,
        action="society_register",
        society=society,
        summary=f"登记学会 {society.name}",
    )
    return society


# Registry facts the 科协 owns (登记事项): only its administrators change them, never the
# society's own secretary (form, workbook or any other path).
REGISTRY_FIELDS = ("name", "uscc")
REGISTRY_FIELD_ERROR = "{label}是学会的登记事项，只能由所属科协的管理员修改；如有变更请联系科协"


@transaction.atomic
def society_update(*, society: Society, actor, **fields: Unpack[SocietyFields]) -> list[str]:
    """Change the given fields of a society; returns the names of the fields that changed. A
    成立日期 typed as a whole date is known to the day, unless the caller says otherwise."""
    typed = fields.get("founded_on", society.founded_on)
    if "founded_precision" not in fields and typed != society.founded_on:
        fields["founded_precision"] = DatePrecision.DAY
    values: dict = dict(fields)
    changed = [name for name, value in values.items() if getattr(society, name) != value]
    if not changed:
        return []
    registry = [name for name in changed if name in REGISTRY_FIELDS]
    if registry and not may_change_registration(actor, society):
        raise ValidationError(
            {
                name: REGISTRY_FIELD_ERROR.format(label=field_label(Society, name))
                for name in registry
            }
        )
    if "federation" in changed:
        _require_active(values["federation"], "federation")
    old = stored_copy(society)
    for name in changed:
        setattr(society, name, values[name])
    society.full_clean()
    society.save()
    audit_change(
        obj=society,
        old=old,
        actor=actor,
        action="society_update",
        society=society,
        summary=f"修改学会信息：{'、'.join(field_label(Society, n) for n in changed)}",
    )
    return changed
