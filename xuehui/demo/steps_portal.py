"""Step 信息公开 (issue 15 §2–3): the Hubei 科协 opens its public portal with the default
disclosure rules, and the public has sent a few 留言 / 投诉举报 about its societies: one
answered publicly, one taken by the administrator, one still waiting.

Idempotent: the policy is set again to the same values; messages are keyed by society and
text, and what exists is left as it is."""

from xuehui.portal.choices import DisclosureItem, FeedbackKind
from xuehui.portal.models import DisclosurePolicy, Feedback
from xuehui.portal.services import (
    assignable_staff,
    feedback_assign,
    feedback_reply,
    feedback_submit,
    policy_save,
)

from .context import DemoContext

# (society, kind, text, contact, what the 科协 did: "public" reply, "assign", or nothing)
MESSAGES = [
    ("湖北省环境科学学会", FeedbackKind.MESSAGE,
     "请问学会个人会员的入会条件和会费标准在哪里可以查到？", "", "public",
     "个人会员的入会条件见学会章程第二章，会费标准由会员代表大会通过，学会已在其办公场所公示，"
     "也可向学会秘书处咨询。"),
    ("湖北省林学会", FeedbackKind.COMPLAINT,
     "学会举办的培训班收费后未开具发票，希望科协督促学会规范收费。", "周先生", "assign", ""),
    ("湖北省气象学会", FeedbackKind.MESSAGE,
     "希望学会多组织面向中小学生的气象科普活动。", "", "", ""),
]  # fmt: skip
PUBLIC_ITEMS = list(DisclosureItem.values)


def _message(ctx: DemoContext, name, kind, text, contact, action, answer) -> bool:
    society = ctx.societies[name]
    if Feedback.objects.filter(society=society, text=text).exists():
        return False
    feedback = feedback_submit(
        society=society, kind=kind, text=text, contact=contact, address_hash="0" * 64
    )
    staff = assignable_staff(society.federation).first()
    if action and staff is not None:
        feedback_assign(feedback=feedback, assignee=staff, actor=ctx.actor)
    if action == "public":
        feedback_reply(feedback=feedback, text=answer, is_public=True, actor=ctx.actor)
    return True


def load_portal(ctx: DemoContext) -> str:
    federation = ctx.federations.get("hubei")
    if federation is None or any(row[0] not in ctx.societies for row in MESSAGES):
        return "未载入湖北省科协的学会，跳过"
    kept = DisclosurePolicy.objects.filter(federation=federation, is_open=True).exists()
    if not kept:
        policy_save(federation=federation, is_open=True, public_items=PUBLIC_ITEMS, actor=ctx.actor)
    added = sum(_message(ctx, *row) for row in MESSAGES)
    return f"湖北省科协{'已' if kept else '新'}开通公开门户（/public/hubei/），新增留言 {added} 条"
