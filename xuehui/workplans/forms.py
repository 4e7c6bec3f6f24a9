from django import forms

from xuehui.files.forms import MultipleUploadField
from xuehui.lib.record_forms import style_widgets

from .choices import TaskStatus


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item) -> str:
        return f"{item.requirement.number} {item.requirement.title}"


class ItemMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, item) -> str:
        return f"{item.requirement.number} {item.requirement.title}"


class ProblemForm(forms.Form):
    text = forms.CharField(label="存在问题", widget=forms.Textarea(attrs={"rows": 2}))
    item = ItemChoiceField(label="对应要求", queryset=None, required=False, empty_label="（无）")

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        style_widgets(self)


class TaskForm(forms.Form):
    """A task; its steps arrive as repeated `steps` inputs, in the order shown."""

    title = forms.CharField(label="任务", max_length=300)
    target_outcome = forms.CharField(label="目标成果", widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label="完成时限")
    responsible = forms.CharField(
        label="责任人", max_length=100, help_text="如：秘书长 张三；可填写多人"
    )
    items = ItemMultipleChoiceField(
        label="对应要求",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="按住 Ctrl 可多选",
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        style_widgets(self)
        self.steps = self.data.getlist("steps") if self.is_bound else []

    def service_fields(self) -> dict:
        return {**self.cleaned_data, "steps": self.steps}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="退回意见", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label="审核意见（可选）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label="完成百分比（%）", min_value=0, max_value=100)
    status = forms.ChoiceField(label="进展", choices=TaskStatus.choices)
    note = forms.CharField(
        label="进展说明", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    uploads = MultipleUploadField(label="佐证材料")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class OutlineForm(forms.Form):
    """The plan's parts besides its tasks (a pilot's 实施方案 has them all; 002 五（二）)."""

    goals = forms.CharField(label="目标", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsibilities = forms.CharField(
        label="责任分工", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    yearly_breakdown = forms.CharField(
        label="年度任务分解", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcomes = forms.CharField(
        label="目标成果", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    schedule = forms.CharField(
        label="进度安排", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    safeguards = forms.CharField(
        label="保障措施", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
