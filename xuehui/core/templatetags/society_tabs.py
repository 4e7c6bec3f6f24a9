"""The tabs of a society's page that only its own secretariat and its 科协 read (经费补贴,
信用档案, 年度工作报告, 统计数据): an expert who reviews the society sees its page but would be
answered 404 there, so the tabs are not shown to them.

`{% if society|seen_as_own_by:user %}…{% endif %}`"""

from django import template

from xuehui.access.societies import sees_as_own_or_federation

register = template.Library()


@register.filter
def seen_as_own_by(society, user) -> bool:
    return sees_as_own_or_federation(user, society)
