from django import forms

from xuehui.files.forms import UploadField
from xuehui.lib.record_forms import SocietyRecordForm, style_widgets

from .choices import RuleKind
from .models import RuleDocument


class RuleDocumentForm(SocietyRecordForm):
    upload = UploadField(label="制度文件", required=False)

    class Meta:
        model = RuleDocument
        fields = ["kind", "name", "adopted_on", "adopted_by", "repealed_on", "note"]


class RuleDocumentFilterForm(forms.Form):
    """The list's query string; an invalid value falls back to no filter."""

    kind = forms.ChoiceField(
        label="制度类型", required=False, choices=[("", "全部类型"), *RuleKind.choices]
    )
    state = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), ("in_force", "现行有效"), ("repealed", "已废止")],
    )

    def __init__(self, data):
        super().__init__(data)
        style_widgets(self)

    def value(self, name: str) -> str:
        self.is_valid()
        return self.cleaned_data.get(name) or ""
