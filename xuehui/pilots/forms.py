from django import forms

from .models import PilotProgramme


class MembershipAddForm(forms.Form):
    programme = forms.ModelChoiceField(
        label="试点项目",
        queryset=PilotProgramme.objects.none(),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    since = forms.DateField(
        label="加入日期",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
    )
    note = forms.CharField(
        label="备注",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes


class MembershipEndForm(forms.Form):
    until = forms.DateField(
        label="退出日期",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
    )
