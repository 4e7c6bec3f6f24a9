"""Reads of yearly finances: a society's years and the income chart's series."""

from django.db.models import QuerySet

from .choices import IncomeSource
from .models import FinanceYear


def finance_years_of(society) -> QuerySet[FinanceYear]:
    return FinanceYear.objects.filter(society=society).order_by("-year")


def income_chart(years) -> dict:
    """ECharts data: the years in ascending order and one series (yuan) per income source."""
    ordered = sorted(years, key=lambda item: item.year)
    return {
        "years": [str(item.year) for item in ordered],
        "series": [
            {
                "name": source.label,
                "data": [float(getattr(item, source.value)) for item in ordered],
            }
            for source in IncomeSource
        ],
    }
