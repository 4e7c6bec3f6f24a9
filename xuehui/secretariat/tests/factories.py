import datetime as dt
import itertools
from decimal import Decimal

from xuehui.secretariat.choices import OfficeSource
from xuehui.secretariat.models import Office, StaffMember

_seq = itertools.count(1)


def make_staff(society, **fields) -> StaffMember:
    defaults = {
        "name": f"工作人员{next(_seq)}",
        "post": "办公室主任",
        "contract_start": dt.date(2020, 1, 1),
        "monthly_pay": Decimal("6500.00"),
        "has_social_insurance": True,
    }
    return StaffMember.objects.create(society=society, **(defaults | fields))


def make_office(society, **fields) -> Office:
    defaults = {
        "address": f"武汉市洪山区珞喻路{next(_seq)}号",
        "area_m2": Decimal("40"),
        "source": OfficeSource.HOST_PROVIDED,
    }
    return Office.objects.create(society=society, **(defaults | fields))
