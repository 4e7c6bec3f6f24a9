"""Writes to yearly finances (年度财务)."""

from django.db import transaction

from xuehui.audit.services import audit_record, audited_delete

from .models import FinanceYear


@transaction.atomic
def finance_year_save(*, finance_year: FinanceYear, actor=None) -> FinanceYear:
    """Create or update one year's finances."""
    created = finance_year.pk is None
    finance_year.full_clean()
    finance_year.save()
    audit_record(
        actor=actor,
        action="finance_year_create" if created else "finance_year_update",
        target=finance_year,
        society=finance_year.society,
        summary=f"{'新增' if created else '修改'}{finance_year}",
    )
    return finance_year


@transaction.atomic
def finance_year_delete(*, finance_year: FinanceYear, actor=None) -> None:
    audited_delete(
        finance_year,
        actor=actor,
        action="finance_year_delete",
        society=finance_year.society,
        summary=f"删除{finance_year}",
    )
