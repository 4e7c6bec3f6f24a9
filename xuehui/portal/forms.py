from django import forms
from django.conf import settings

from .choices import DisclosureItem, FeedbackKind


class PolicyForm(forms.Form):
    is_open = forms.BooleanField(
        label="开通公开门户", required=False,
        help_text="开通后，公众无需登录即可在“/public/”查看本科协的学会名录和下列公开信息",
    )  # fmt: skip
    public_items = forms.MultipleChoiceField(
        label="公开的信息",
        choices=DisclosureItem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="身份证号码、手机号码、出生日期和个人住址等个人信息任何情况下都不公开，不在此列",
    )


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=FeedbackKind.choices, widget=forms.RadioSelect, initial="message"
    )
    text = forms.CharField(
        label="内容",
        max_length=settings.XUEHUI_FEEDBACK_MAX_CHARS,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"不超过{settings.XUEHUI_FEEDBACK_MAX_CHARS}字；内容中的网址不会显示",
    )
    contact = forms.CharField(
        label="联系方式（选填）",
        max_length=100,
        required=False,
        help_text="仅供科协回复您时使用，不会公开",
    )
    # Left empty by people (hidden from them and from screen readers); filled by form robots.
    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="承办人", queryset=None, empty_label="请选择")

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff
        self.fields["assignee"].label_from_instance = lambda user: user.display_name


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="答复内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_public = forms.BooleanField(
        label="公开答复（留言和答复将显示在学会的公开页面上，留言中的网址和号码会被隐去）",
        required=False,
    )
