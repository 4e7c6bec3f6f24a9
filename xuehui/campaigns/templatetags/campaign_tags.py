from django import template

from xuehui.rules.choices import STATUS_BADGES

from ..choices import STATE_BADGES, VERDICT_BADGES

register = template.Library()


@register.filter
def state_badge(state: str) -> str:
    """The Bootstrap colour of a review-loop state."""
    return STATE_BADGES.get(state, "secondary")


@register.filter
def status_badge(status: str) -> str:
    """The Bootstrap colour of an automatic check's status."""
    return STATUS_BADGES.get(status, "secondary")


@register.filter
def verdict_badge(verdict: str) -> str:
    return VERDICT_BADGES.get(verdict, "secondary")


@register.simple_tag
def self_assessment_choices():
    from ..choices import SelfAssessment

    return SelfAssessment.choices


@register.simple_tag
def verdict_choices():
    from ..choices import VerdictKind

    return VerdictKind.choices
