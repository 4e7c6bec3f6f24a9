from django import forms

from xuehui.lib.record_forms import SocietyRecordForm, style_widgets

from .models import Office, SecretariatProfile, StaffMember

YES_NO_UNKNOWN = [("", "未填写"), ("true", "有"), ("false", "无")]


class SecretariatProfileForm(SocietyRecordForm):
    has_own_bank_account = forms.TypedChoiceField(
        label="独立银行账户",
        required=False,
        choices=YES_NO_UNKNOWN,
        coerce=lambda v: v == "true",
        empty_value=None,
    )
    website = forms.URLField(
        label="网站",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="如 https://www.example.org.cn",
    )

    class Meta:
        model = SecretariatProfile
        fields = ["has_own_bank_account", "website", "wechat_account"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = self.instance.has_own_bank_account
        self.initial.setdefault(
            "has_own_bank_account", "" if value is None else ("true" if value else "false")
        )


class StaffMemberForm(SocietyRecordForm):
    class Meta:
        model = StaffMember
        fields = [
            "name",
            "post",
            "contract_start",
            "contract_end",
            "monthly_pay",
            "is_full_time",
            "has_social_insurance",
            "is_party_member",
            "is_finance_staff",
            "has_finance_certificate",
        ]


class OfficeForm(SocietyRecordForm):
    class Meta:
        model = Office
        fields = ["address", "area_m2", "source", "facilities_owned"]


class StaffFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="范围",
        required=False,
        choices=[("current", "当前在聘"), ("all", "全部（含已离职）")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    @property
    def current_only(self) -> bool:
        return (self.cleaned_data.get("show") if self.is_valid() else "") != "all"
