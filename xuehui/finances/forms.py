from django.core.exceptions import ValidationError

from xuehui.lib.record_forms import SocietyRecordForm

from .models import FinanceYear


class FinanceYearForm(SocietyRecordForm):
    class Meta:
        model = FinanceYear
        fields = [
            "year",
            "income_dues",
            "income_government",
            "income_technical",
            "income_training",
            "income_donations",
            "income_other",
            "total_expenditure",
            "net_assets",
            "is_audited",
            "is_disclosed",
        ]
        help_texts = {"year": "如：2024", "net_assets": "可为负数"}

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not 1949 <= year <= 2200:
            raise ValidationError("年度应在1949至2200之间")
        return year
