from decimal import Decimal

from xuehui.finances.models import FinanceYear


def make_finance_year(society, *, year: int = 2024, **fields) -> FinanceYear:
    defaults = {
        "income_dues": Decimal("120000"),
        "income_government": Decimal("300000"),
        "income_technical": Decimal("50000"),
        "income_training": Decimal("80000"),
        "income_donations": Decimal("0"),
        "income_other": Decimal("1500.50"),
        "total_expenditure": Decimal("480000"),
        "net_assets": Decimal("260000"),
        "is_audited": True,
    }
    return FinanceYear.objects.create(society=society, year=year, **(defaults | fields))
