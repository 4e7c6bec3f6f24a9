from django import template
from django.utils.html import format_html

from ..once import TOKEN_FIELD, new_token, reusable_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context):
    """The hidden token of this form render; a form shown again keeps the token it was sent."""
    token = reusable_token(context.get("request")) or new_token()
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, token)
