from django import template

from xuehui.audit.labels import action_label, kind_label

register = template.Library()


@register.filter
def action_name(entry) -> str:
    """The Chinese name of an audit entry's action."""
    return action_label(entry.action, entry.target_type)


@register.filter
def kind_name(target_type: str) -> str:
    return kind_label(target_type)


@register.filter
def address(entry) -> str:
    """Where the entry came from (older sign-in entries kept it in their detail)."""
    return entry.address or entry.detail.get("ip", "")
