from django import template
from django.utils.html import format_html

from ..once import TOKEN_FIELD, new_token, posted_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context):
    """The hidden token of this form render; a form shown again keeps the token it was sent."""
    request = context.get("request")
    token = (posted_token(request) if request is not None else None) or new_token()
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, token)
