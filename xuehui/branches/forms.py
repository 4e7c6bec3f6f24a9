from django import forms

from xuehui.lib.record_forms import SocietyRecordForm, style_widgets

from .choices import BranchKind, BranchStatus
from .models import Branch, BranchReport


class BranchForm(SocietyRecordForm):
    class Meta:
        model = Branch
        fields = ["name", "kind", "filed_on", "head_name", "status"]


class BranchReportForm(forms.ModelForm):
    """A head's yearly report; the view supplies the branch."""

    class Meta:
        model = BranchReport
        fields = ["year", "reported_on", "note"]

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.instance.branch = branch
        style_widgets(self)

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("branch")  # so the one-report-a-year constraint is checked here
        return exclusions

    def clean(self):
        cleaned = super().clean()
        year, day = cleaned.get("year"), cleaned.get("reported_on")
        if year and day and day.year not in (year, year + 1):
            self.add_error(
                "reported_on", f"述职日期应在{year}年或{year + 1}年（年度述职通常在次年初）"
            )
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class BranchFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部类型"), *BranchKind.choices]
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *BranchStatus.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def value(self, name: str) -> str:
        return (self.cleaned_data.get(name) or "") if self.is_valid() else ""
