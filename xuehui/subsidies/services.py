"""Writes of 经费补贴: programmes and their categories, applications and nominations, the
allocation (eligibility, ranks and amounts stored on the applications), the 科协's decisions
and the payments. Each checks its actor itself and leaves an audit record."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from xuehui.access import require_administers, require_edit
from xuehui.audit.services import acting_user, audit_change, audit_record, stored_copy
from xuehui.societies.choices import SocietyStatus

from .allocation import yuan
from .choices import CategoryKind, DecisionStatus
from .eligibility import CategoryResult, compute
from .models import (
    SubsidyApplication,
    SubsidyCategory,
    SubsidyPayment,
    SubsidyProgramme,
    departs_from_allocation,
)


@transaction.atomic
def subsidy_programme_save(
    *,
    federation,
    key: str,
    name: str,
    year: int,
    budget: Decimal,
    score_year: int | None = None,
    facts_on: dt.date | None = None,
    apply_until: dt.date | None = None,
    note: str = "",
    actor,
) -> SubsidyProgramme:
    """Create the 科协's programme `key`, or update it (an administrator of the 科协)."""
    require_administers(actor, federation.pk, "只有本科协管理员可以设置补贴项目")
    programme = SubsidyProgramme.objects.filter(federation=federation, key=key).first()
    old = stored_copy(programme) if programme else None
    if programme is None:
        programme = SubsidyProgramme(federation=federation, key=key, created_by=acting_user(actor))
    programme.name, programme.year, programme.budget = name.strip(), year, budget
    programme.score_year = score_year or year - 1
    programme.facts_on, programme.apply_until, programme.note = facts_on, apply_until, note
    programme.full_clean()
    programme.save()
    audit_change(
        obj=programme, old=old, actor=actor,
        action="subsidy_programme_update" if old else "subsidy_programme_create",
        society=None, summary=f"{'修改' if old else '新建'}补贴项目：{programme}",
    )  # fmt: skip
    return programme


@transaction.atomic
def subsidy_category_save(
    *,
    programme: SubsidyProgramme,
    key: str,
    name: str,
    kind: str,
    amount: Decimal,
    budget: Decimal | None = None,
    position: int = 1,
    requires_full_time_secretary_general: bool = False,
    min_stars: int = 0,
    tiers: Sequence[str] = (),
    priorities: Sequence[str] = (),
    skip_unaffordable: bool = False,
    actor,
) -> SubsidyCategory:
    """Create the programme's category `key`, or update its amount and rules."""
    require_administers(actor, programme.federation_id, "只有本科协管理员可以设置补贴类别")
    category = SubsidyCategory.objects.filter(programme=programme, key=key).first()
    old = stored_copy(category) if category else None
    category = category or SubsidyCategory(programme=programme, key=key)
    values = {
        "name": name.strip(), "kind": kind, "amount": amount, "budget": budget,
        "position": position, "min_stars": min_stars, "tiers": list(tiers),
        "priorities": list(priorities), "skip_unaffordable": skip_unaffordable,
        "requires_full_time_secretary_general": requires_full_time_secretary_general,
    }  # fmt: skip
    for field, value in values.items():
        setattr(category, field, value)
    category.full_clean()
    category.save()
    audit_change(
        obj=category, old=old, actor=actor,
        action="subsidy_category_update" if old else "subsidy_category_create",
        society=None, summary=f"{'修改' if old else '新建'}补贴类别：{programme.name}·{category.name}",
    )  # fmt: skip
    return category


def _application(category, society, *, nominated, statement, requested_amount, actor):
    programme = category.programme
    if society.federation_id != programme.federation_id:
        raise ValidationError(
            f"{society.name}不属于{programme.federation.name}，不能参加该补贴项目"
        )
    if society.status != SocietyStatus.ACTIVE:
        raise ValidationError(f"{society.name}的状态为“{society.get_status_display()}”，不能申报")
    if SubsidyApplication.objects.filter(category=category, society=society).exists():
        raise ValidationError(f"{society.name}已在“{category.name}”中申报或被提名，不能重复")
    if requested_amount is not None and category.kind != CategoryKind.PROJECT:
        requested_amount = None  # only a project asks for its own amount
    if requested_amount is not None and requested_amount > category.amount:
        raise ValidationError(
            {"requested_amount": f"申请金额不能超过每个项目的最高金额{yuan(category.amount)}"}
        )
    application = SubsidyApplication(
        category=category, society=society, nominated=nominated, statement=statement.strip(),
        requested_amount=requested_amount, applied_by=acting_user(actor),
    )  # fmt: skip
    application.full_clean()
    application.save()
    verb = "提名" if nominated else "申报"
    audit_record(
        actor=actor, action=f"subsidy_{'nominate' if nominated else 'apply'}",
        target=application, society=society,
        summary=f"{society.name}{'被' if nominated else ''}{verb}{programme.name}·{category.name}",
    )  # fmt: skip
    return application


@transaction.atomic
def subsidy_application_submit(
    *,
    category: SubsidyCategory,
    society,
    statement: str = "",
    requested_amount: Decimal | None = None,
    actor,
    today: dt.date | None = None,
) -> SubsidyApplication:
    """A society applies, once per category, while the programme takes applications (its
    secretary, or whoever may edit the society)."""
    require_edit(actor, society)
    programme = category.programme
    day = today or timezone.localdate()
    if not programme.is_open_on(day):
        raise ValidationError(f"{programme.name}的申报已于{programme.apply_until:%Y-%m-%d}截止")
    return _application(
        category, society, nominated=False, statement=statement,
        requested_amount=requested_amount, actor=actor,
    )  # fmt: skip


@transaction.atomic
def subsidy_application_nominate(
    *,
    category: SubsidyCategory,
    society,
    statement: str = "",
    requested_amount: Decimal | None = None,
    actor,
) -> SubsidyApplication:
    """The 科协 puts a society forward (its administrators; no deadline applies)."""
    require_administers(actor, category.programme.federation_id, "只有本科协管理员可以提名")
    return _application(
        category, society, nominated=True, statement=statement,
        requested_amount=requested_amount, actor=actor,
    )  # fmt: skip


STORED_FIELDS = [
    "eligible", "reasons", "priority", "score", "rank", "allocated_amount", "allocation_note",
    "post_key", "post_holder", "allocated_at",
]  # fmt: skip


def _store(application: SubsidyApplication, placement, now) -> None:
    candidate = placement.candidate
    application.eligible, application.reasons = candidate.eligible, list(candidate.reasons)
    application.priority, application.score = list(candidate.priority), candidate.score
    application.rank, application.allocated_amount = placement.rank, placement.amount
    application.allocation_note = placement.note[:500]
    application.post_key, application.post_holder = candidate.post_key, candidate.post_holder
    application.allocated_at = now


@transaction.atomic
def subsidy_allocate(
    *,
    programme: SubsidyProgramme,
    nominate_all: bool = False,
    actor,
    today: dt.date | None = None,
) -> list[CategoryResult]:
    """Compute eligibility, ranks and amounts of every category and store them on the
    applications; with `nominate_all`, a category without applications first gets every
    active society of the 科协 as nominated. Decisions already taken are kept."""
    require_administers(actor, programme.federation_id, "只有本科协管理员可以测算补贴")
    results = compute(programme, include_all=nominate_all, today=today)
    now = timezone.now()
    new, changed = [], []
    for result in results:
        for placement in result.outcome.placements:
            application = placement.candidate.ref
            if not isinstance(application, SubsidyApplication):
                society = application
                application = SubsidyApplication(
                    category=result.category, society=society, nominated=True,
                    applied_by=acting_user(actor), applied_at=now,
                )  # fmt: skip
                result.applications[society.pk] = application
                new.append(application)
            else:
                changed.append(application)
            _store(application, placement, now)
    SubsidyApplication.objects.bulk_create(new)
    SubsidyApplication.objects.bulk_update(changed, STORED_FIELDS)
    allocated = sum((r.outcome.allocated for r in results), Decimal(0))
    audit_record(
        actor=actor, action="subsidy_allocate", target=programme,
        summary=f"测算{programme}：安排{yuan(allocated)}，预算{yuan(programme.budget)}",
        detail={
            "allocated": {r.category.key: str(r.outcome.allocated) for r in results},
            "nominated": len(new),
        },
    )  # fmt: skip
    return results


@transaction.atomic
def subsidy_application_decide(
    *,
    application: SubsidyApplication,
    approve: bool,
    amount: Decimal | None = None,
    reason: str = "",
    actor,
) -> SubsidyApplication:
    """Approve (with an amount, by default the computed one) or reject an application. A
    decision that departs from the computed allocation needs a reason."""
    require_administers(
        actor, application.category.programme.federation_id, "只有本科协管理员可以决定"
    )
    decision = DecisionStatus.APPROVED if approve else DecisionStatus.REJECTED
    if approve and amount is None:
        amount = application.allocated_amount or application.grant
    approved = amount if approve else None
    reason = reason.strip()
    if departs_from_allocation(decision, approved, application.allocated_amount) and not reason:
        raise ValidationError(
            {
                "reason": f"该决定与测算结果（{yuan(application.allocated_amount)}）不一致，请说明理由"
            }
        )
    if not approve and application.payments.exists():
        raise ValidationError("该申请已有拨付记录，不能改为不予安排")
    paid = _paid(application)
    if approve and approved is not None and approved < paid:
        raise ValidationError({"amount": f"批准金额不能少于已拨付的{yuan(paid)}"})
    old = stored_copy(application)
    application.decision, application.approved_amount = decision, approved
    application.decision_reason, application.decided_by = reason, acting_user(actor)
    application.decided_at = timezone.now()
    application.full_clean()
    application.save()
    what = f"批准{yuan(approved)}" if approve else "不予安排"
    audit_change(
        obj=application, old=old, actor=actor, action="subsidy_decide",
        society=application.society,
        summary=f"{application.society.name}·{application.category.name}：{what}",
    )  # fmt: skip
    return application


def _paid(application: SubsidyApplication) -> Decimal:
    return sum((p.amount for p in application.payments.all()), Decimal(0))


@transaction.atomic
def subsidy_payment_record(
    *,
    application: SubsidyApplication,
    paid_on: dt.date,
    amount: Decimal,
    voucher_no: str,
    actor,
) -> SubsidyPayment:
    """Record money paid on an approved application; all payments together may not exceed
    the approved amount."""
    require_administers(
        actor, application.category.programme.federation_id, "只有本科协管理员可以登记拨付"
    )
    application = SubsidyApplication.objects.select_for_update().get(pk=application.pk)
    if application.decision != DecisionStatus.APPROVED:
        raise ValidationError("只有已批准的申请才能登记拨付")
    paid, approved = _paid(application), application.approved_amount or Decimal(0)
    if amount is not None and paid + amount > approved:
        raise ValidationError(
            {
                "amount": f"拨付合计不能超过批准金额{yuan(approved)}（尚可拨付{yuan(approved - paid)}）"
            }
        )
    payment = SubsidyPayment(
        application=application, paid_on=paid_on, amount=amount,
        voucher_no=voucher_no.strip(), recorded_by=acting_user(actor),
    )  # fmt: skip
    payment.full_clean()
    payment.save()
    audit_record(
        actor=actor, action="subsidy_payment_record", target=payment, society=application.society,
        summary=f"{application.society.name}·{application.category.name}：拨付{yuan(amount)}（{payment.voucher_no}）",
    )  # fmt: skip
    return payment
