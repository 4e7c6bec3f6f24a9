"""Facts from the secretariat (xuehui.secretariat): staff under contract on the date, the
office, the bank account, the website and WeChat account."""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Q

from xuehui.lib.queries import IdList

from .base import Facts


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    from xuehui.secretariat.models import Office, SecretariatProfile, StaffMember

    _profiles(ids, facts, SecretariatProfile)
    staff = defaultdict(list)
    rows = StaffMember.objects.filter(society_id__in=IdList(ids), contract_start__lte=on).filter(
        Q(contract_end__isnull=True) | Q(contract_end__gte=on)
    )
    for row in rows.order_by("society_id", "name", "id").values(
        "society_id",
        "name",
        "post",
        "contract_end",
        "monthly_pay",
        "is_full_time",
        "has_social_insurance",
        "is_finance_staff",
        "has_finance_certificate",
    ):
        staff[row["society_id"]].append(row)
    offices = defaultdict(list)
    for office in (
        Office.objects.filter(society_id__in=IdList(ids))
        .order_by("society_id", "id")
        .values("society_id", "area_m2", "facilities_owned")
    ):
        offices[office["society_id"]].append(office)
    for society_id in ids:
        _staff(facts[society_id], staff[society_id])
        _office(facts[society_id], offices[society_id])


def _profiles(ids, facts, model) -> None:
    found = {
        row["society_id"]: row for row in model.objects.filter(society_id__in=IdList(ids)).values()
    }
    for society_id in ids:
        row, f = found.get(society_id), facts[society_id]
        if row is None:
            f.lack(
                ["finance.bank_account", "web.website", "web.wechat", "web.any"],
                "未填写秘书处概况（银行账户、网站、微信公众号）",
            )
            continue
        if row["has_own_bank_account"] is None:
            f.lack(["finance.bank_account"], "未填写是否有独立银行账户")
        else:
            f["finance.bank_account"] = row["has_own_bank_account"]
        f["web.website"] = row["website"] or False
        f["web.wechat"] = row["wechat_account"] or False
        f["web.any"] = (
            "、".join(
                v
                for v in (
                    row["website"],
                    row["wechat_account"] and f"微信公众号{row['wechat_account']}",
                )
                if v
            )
            or False
        )


def _staff(f: Facts, everyone: Sequence[Mapping[str, Any]]) -> None:
    """专职 staff for the full-time facts; 专兼职 (everyone under contract) for staff.all and
    for finance staff, since a part-time bookkeeper must hold the certificate too."""
    people = [p for p in everyone if p["is_full_time"]]
    f["staff.full_time"] = len(people)
    f["staff.all"] = len(everyone)
    f["staff.people"] = [
        {
            "name": p["name"],
            "post": p["post"],
            "contract_end": p["contract_end"].isoformat() if p["contract_end"] else "",
            "monthly_pay": str(p["monthly_pay"]) if p["monthly_pay"] is not None else "",
        }
        for p in people
    ]
    f["staff.without_insurance"] = [p["name"] for p in people if not p["has_social_insurance"]]
    finance = [p for p in everyone if p["is_finance_staff"]]
    if finance:
        f["staff.finance_uncertified"] = [
            p["name"] for p in finance if not p["has_finance_certificate"]
        ]
    else:
        f.lack(
            ["staff.finance_uncertified"],
            "在聘工作人员中没有登记财务人员（外包财务请上传持证材料）",
        )


def _office(f: Facts, offices: Sequence[Mapping[str, Any]]) -> None:
    f["office.exists"] = bool(offices)
    if offices:
        f["office.area_m2"] = float(sum(o["area_m2"] for o in offices))
        f["office.facilities_owned"] = any(o["facilities_owned"] for o in offices)
    else:
        f.lack(["office.area_m2", "office.facilities_owned"], "未登记办公场所")
