from django import forms

from xuehui.lib.record_forms import SocietyRecordForm, style_widgets

from .choices import PartyOrganisationForm as Form
from .models import PartyOrganisation


class PartyOrganisationForm(SocietyRecordForm):
    class Meta:
        model = PartyOrganisation
        fields = [
            "form",
            "established_on",
            "secretary_name",
            "party_member_count",
            "of_secretariat",
            "dissolved_on",
            "note",
        ]


class PartyFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="范围", required=False, choices=[("current", "现有"), ("all", "全部（含已撤销）")]
    )
    form = forms.ChoiceField(
        label="形式", required=False, choices=[("", "全部形式"), *Form.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def value(self, name: str) -> str:
        return (self.cleaned_data.get(name) or "") if self.is_valid() else ""
