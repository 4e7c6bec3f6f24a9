from django import forms

from xuehui.lib.record_forms import style_widgets

from .models import Commendation, Listing, Sanction

DATE = {"type": "date"}


class CommendationForm(forms.ModelForm):
    class Meta:
        model = Commendation
        fields = ["title", "awarded_on", "awarded_by", "level", "document_number", "note"]
        widgets = {"awarded_on": forms.DateInput(attrs=DATE)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class SanctionForm(forms.ModelForm):
    class Meta:
        model = Sanction
        fields = [
            "kind", "issued_on", "issued_by", "reason", "document_number", "lifted_on", "note",
        ]  # fmt: skip
        widgets = {
            "issued_on": forms.DateInput(attrs=DATE),
            "lifted_on": forms.DateInput(attrs=DATE),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ListingForm(forms.Form):
    cause = forms.TypedChoiceField(
        label="列入事由", choices=Listing._meta.get_field("cause").choices
    )
    year = forms.IntegerField(
        label="所涉年度", required=False, min_value=1990, max_value=2100,
        help_text="未报送年度工作报告的，填写报告年度",
    )  # fmt: skip
    listed_on = forms.DateField(label="列入日期", widget=forms.DateInput(attrs=DATE))
    reason = forms.CharField(
        label="列入说明", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ListingCloseForm(forms.Form):
    removed_on = forms.DateField(label="移出日期", widget=forms.DateInput(attrs=DATE))
    removal_reason = forms.CharField(
        label="移出说明", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：已补报2025年度工作报告",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
