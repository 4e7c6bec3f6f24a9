"""Writes to yearly finances (年度财务)."""

from django.db import transaction

from xuehui.access import require_edit
from xuehui.audit.services import audited_delete, audited_save

from .models import FinanceYear


@transaction.atomic
def finance_year_save(*, finance_year: FinanceYear, actor) -> FinanceYear:
    """Create or update one year's finances."""
    require_edit(actor, finance_year.society)
    created = finance_year.pk is None
    return audited_save(
        finance_year,
        actor=actor,
        action="finance_year_create" if created else "finance_year_update",
        society=finance_year.society,
        summary=f"{'新增' if created else '修改'}{finance_year}",
    )


@transaction.atomic
def finance_year_delete(*, finance_year: FinanceYear, actor) -> None:
    require_edit(actor, finance_year.society)
    audited_delete(
        finance_year,
        actor=actor,
        action="finance_year_delete",
        society=finance_year.society,
        summary=f"删除{finance_year}",
    )
