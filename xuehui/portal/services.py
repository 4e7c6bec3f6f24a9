"""Writes of 信息公开: the disclosure policy, and a 留言 from its arrival through assignment,
replies and closing; every step audited."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from xuehui.access import SYSTEM, require_administers, require_handle_feedback
from xuehui.accounts.choices import Role
from xuehui.accounts.models import User
from xuehui.audit.services import acting_user, audit_record
from xuehui.societies.models import Federation, Society

from .choices import FeedbackKind, FeedbackStatus
from .models import DisclosurePolicy, Feedback, FeedbackReply


@transaction.atomic
def policy_save(
    *, federation: Federation, is_open: bool, public_items: list[str], actor
) -> DisclosurePolicy:
    """Set which of the 科协's items are public and whether its portal is open."""
    require_administers(actor, federation.pk)
    policy = DisclosurePolicy.objects.filter(federation=federation).first() or DisclosurePolicy(
        federation=federation
    )
    old = (policy.is_open, sorted(policy.public_items or [])) if policy.pk else None
    policy.is_open, policy.public_items = is_open, sorted(set(public_items))
    policy.updated_at = timezone.now()
    policy.full_clean()
    policy.save()
    audit_record(
        actor=actor, action="disclosure_policy_save", target=policy,
        summary=f"{federation}公开规则：{'开通' if is_open else '未开通'}公开门户，公开{len(policy.public_items)}项",
        detail={"old": old and {"is_open": old[0], "public_items": old[1]},
                "new": {"is_open": is_open, "public_items": policy.public_items}},
    )  # fmt: skip
    return policy


@transaction.atomic
def feedback_submit(
    *, society: Society, kind: str, text: str, contact: str, address_hash: str
) -> Feedback:
    """A visitor's message about a society (the public acts through the portal: no account)."""
    if kind not in FeedbackKind.values:
        raise ValidationError({"kind": "请选择留言类型"})
    if not text.strip() or len(text.strip()) > settings.XUEHUI_FEEDBACK_MAX_CHARS:
        raise ValidationError(
            {"text": f"内容不能为空，且不超过{settings.XUEHUI_FEEDBACK_MAX_CHARS}字"}
        )
    feedback = Feedback(
        society=society, kind=kind, text=text.strip(), contact=contact.strip(),
        address_hash=address_hash,
    )  # fmt: skip
    feedback.full_clean()
    feedback.save()
    audit_record(
        actor=SYSTEM, action="feedback_submit", target=feedback, society=society,
        summary=f"公众提交{feedback.get_kind_display()}：{society}",
    )  # fmt: skip
    return feedback


def assignable_staff(federation: Federation):
    """The administrators of the 科协 or of one above it: who may take a message."""
    ids: list[int] = []
    current: Federation | None = federation
    while current is not None:
        ids.append(current.pk)
        current = current.parent
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.FEDERATION_ADMIN,
            role_assignments__federation_id__in=ids,
        )
        .distinct()
        .order_by("username")
    )


def _open(feedback: Feedback) -> None:
    if feedback.status == FeedbackStatus.CLOSED:
        raise ValidationError("该留言已关闭")


@transaction.atomic
def feedback_assign(*, feedback: Feedback, assignee: User, actor) -> Feedback:
    require_handle_feedback(actor, feedback)
    _open(feedback)
    if not assignable_staff(feedback.society.federation).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": "只能交给本科协的管理员办理"})
    feedback.assignee = assignee
    if feedback.status == FeedbackStatus.OPEN:
        feedback.status = FeedbackStatus.ASSIGNED
    feedback.save(update_fields=["assignee", "status"])
    audit_record(
        actor=actor, action="feedback_assign", target=feedback, society=feedback.society,
        summary=f"将{feedback}交{assignee.display_name}办理",
    )  # fmt: skip
    return feedback


@transaction.atomic
def feedback_reply(*, feedback: Feedback, text: str, is_public: bool, actor) -> FeedbackReply:
    """A reply: kept private (the 科协 answers through the contact given) or published."""
    require_handle_feedback(actor, feedback)
    _open(feedback)
    if not text.strip():
        raise ValidationError({"text": "请填写答复内容"})
    reply = FeedbackReply(
        feedback=feedback, text=text.strip(), is_public=is_public, written_by=acting_user(actor)
    )
    reply.full_clean()
    reply.save()
    feedback.status = FeedbackStatus.ANSWERED
    feedback.save(update_fields=["status"])
    audit_record(
        actor=actor, action="feedback_reply", target=feedback, society=feedback.society,
        summary=f"{'公开' if is_public else '答复（不公开）'}{feedback}",
    )  # fmt: skip
    return reply


@transaction.atomic
def feedback_close(*, feedback: Feedback, actor) -> Feedback:
    require_handle_feedback(actor, feedback)
    _open(feedback)
    feedback.status, feedback.closed_at = FeedbackStatus.CLOSED, timezone.now()
    feedback.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor, action="feedback_close", target=feedback, society=feedback.society,
        summary=f"关闭{feedback}",
    )  # fmt: skip
    return feedback
