from django import forms

from xuehui.files.forms import UploadField
from xuehui.lib.record_forms import SocietyRecordForm, style_widgets

from .choices import MeetingKind
from .models import Meeting, Resolution


class MeetingForm(SocietyRecordForm):
    upload = UploadField(label="会议纪要文件", required=False)

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "held_on",
            "title",
            "expected_attendance",
            "actual_attendance",
            "supervisors_attended",
            "has_minutes",
            "note",
        ]
        help_texts = {"has_minutes": "上传会议纪要文件后自动勾选"}


class ResolutionForm(forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["text", "status", "note"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        style_widgets(self)


class MeetingFilterForm(forms.Form):
    """The list's query string; an invalid value falls back to no filter."""

    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label="会议类型", required=False, choices=[("", "全部类型"), *MeetingKind.choices]
    )

    def __init__(self, data, *, years: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]
        style_widgets(self)

    def value(self, name: str):
        self.is_valid()
        return self.cleaned_data.get(name) or None
