from django import forms

from .services import MIN_REASON_LENGTH, REASON_MISSING, clean_reason


class ExportReasonForm(forms.Form):
    """The reason an export with full ID numbers and phones gives (audited with it)."""

    reason = forms.CharField(
        label="事由",
        max_length=200,
        error_messages={"required": REASON_MISSING},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text=f"必填，至少{MIN_REASON_LENGTH}个字，如“核对后修改并重新导入”；将记入审计记录",
    )

    def clean_reason(self) -> str:
        return clean_reason(self.cleaned_data.get("reason", ""))
