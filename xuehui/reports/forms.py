from django import forms

from xuehui.files.forms import UploadField

from .models import AnnualReport, ReportSetting
from .services import COVER_TYPES, MAX_CORRECTION_DAYS, NARRATIVE_FIELDS


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = NARRATIVE_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in NARRATIVE_FIELDS}


class CoverForm(forms.Form):
    file = UploadField(label="签章封面", allowed=COVER_TYPES)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    working_days = forms.IntegerField(
        label="改正期限（工作日）", min_value=1, max_value=MAX_CORRECTION_DAYS,
        help_text="从退回次日起计算，法定节假日不计，调休上班日计入",
    )  # fmt: skip


class SettingForm(forms.ModelForm):
    class Meta:
        model = ReportSetting
        fields = [
            "due_month",
            "due_day",
            "council_meetings",
            "standing_council_meetings",
            "correction_days",
        ]
