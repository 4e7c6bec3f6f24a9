from django import forms

from .services import MIN_REASON_LENGTH, REASON_MISSING, clean_reason


class ReasonForm(forms.Form):
    """The reason an unmasking, an anonymisation or an export with full ID numbers and phones
    gives (checked by `clean_reason`, audited with it); `example` shows one in the help text."""

    reason = forms.CharField(
        label="事由",
        max_length=200,
        error_messages={"required": REASON_MISSING},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )

    def __init__(self, *args, example: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        shown = f"，如“{example}”" if example else ""
        self.fields[
            "reason"
        ].help_text = f"必填，至少{MIN_REASON_LENGTH}个字{shown}；将记入审计记录"

    def clean_reason(self) -> str:
        return clean_reason(self.cleaned_data.get("reason", ""))
