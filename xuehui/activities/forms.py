from django import forms

from xuehui.files.forms import MultipleUploadField
from xuehui.lib.record_forms import SocietyRecordForm, style_widgets

from .choices import ActivityKind, ActivityLevel
from .models import Activity


class ActivityForm(SocietyRecordForm):
    uploads = MultipleUploadField(label="上传佐证材料", help_text="可一次选择多个文件")
    remove_files = forms.ModelMultipleChoiceField(
        label="删除已上传的佐证材料",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "start_on",
            "end_on",
            "level",
            "role",
            "branch",
            "participants",
            "papers",
            "honoured",
            "revenue",
            "in_science_week",
            "into_villages",
            "into_communities",
            "into_schools",
            "into_enterprises",
            "note",
        ]
        labels = {"in_science_week": "科技周或全国科普日活动"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = self.society.branches.order_by("name")
        existing = self.instance.evidence.all() if self.instance.pk else None
        if existing is None:
            del self.fields["remove_files"]
        else:
            self.fields["remove_files"].queryset = existing
            if not existing:
                del self.fields["remove_files"]


class ActivityFilterForm(forms.Form):
    """The list's query string; an invalid value falls back to no filter."""

    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label="活动类型", required=False, choices=[("", "全部类型"), *ActivityKind.choices]
    )
    level = forms.ChoiceField(
        label="级别", required=False, choices=[("", "全部级别"), *ActivityLevel.choices]
    )

    def __init__(self, data, *, years: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]
        style_widgets(self)

    def value(self, name: str):
        self.is_valid()
        return self.cleaned_data.get(name) or None
