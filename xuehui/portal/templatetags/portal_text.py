from django import template

from xuehui.portal.redaction import public_phone, public_text

register = template.Library()

register.filter("public_text", public_text)
register.filter("public_phone", public_phone)
