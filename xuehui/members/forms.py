from django import forms

from xuehui.files.forms import UploadField
from xuehui.files.validation import SPREADSHEET_KEYS
from xuehui.lib.identifiers import mask_id_number, mask_phone
from xuehui.lib.record_forms import (
    TRAIT_CHOICES,
    SocietyRecordForm,
    keep_stored_values,
    style_widgets,
)
from xuehui.lib.spreadsheet_field import readable_table

from .choices import MemberKind, MemberStatus
from .models import IndividualMember, InstitutionalMember, MembershipProfile, MemberYearStat

PER_PAGE_CHOICES = [(25, "每页25条"), (50, "每页50条"), (100, "每页100条")]


class MembershipProfileForm(SocietyRecordForm):
    class Meta:
        model = MembershipProfile
        fields = ["congress_form", "representative_count", "register_since"]


class IndividualMemberForm(SocietyRecordForm):
    class Meta:
        model = IndividualMember
        fields = [
            "member_number",
            "name",
            "gender",
            "birth_date",
            "id_number",
            "employer",
            "title",
            "education",
            "phone",
            "is_frontline",
            "join_date",
            "status",
            "left_on",
            "dues_paid_until",
            "note",
        ]
        help_texts = {"id_number": "填写后自动核对出生日期与性别"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_frontline"].widget.choices = TRAIT_CHOICES
        keep_stored_values(self, {"id_number": mask_id_number, "phone": mask_phone})


class InstitutionalMemberForm(SocietyRecordForm):
    class Meta:
        model = InstitutionalMember
        fields = [
            "member_number",
            "name",
            "uscc",
            "contact_name",
            "contact_phone",
            "join_date",
            "status",
            "left_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep_stored_values(self, {"contact_phone": mask_phone})


class MemberYearStatForm(SocietyRecordForm):
    class Meta:
        model = MemberYearStat
        fields = ["year", "individual_count", "institutional_count", "note"]
        help_texts = {"year": "如2016（改革基准年度）"}


class IndividualFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=40)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *MemberStatus.choices]
    )
    frontline = forms.ChoiceField(
        label="一线", required=False, choices=[("", "一线与否"), ("1", "一线"), ("0", "非一线")]
    )
    per_page = forms.TypedChoiceField(
        label="每页", required=False, coerce=int, choices=PER_PAGE_CHOICES, empty_value=25
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
        for field in self.fields.values():
            field.widget.attrs["class"] += " w-auto"
        self.fields["q"].widget.attrs.update(placeholder="姓名、会员编号或工作单位", size=24)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        frontline = {"1": True, "0": False}.get(data.get("frontline") or "")
        return {
            "query": data.get("q", ""),
            "status": data.get("status", ""),
            "frontline": frontline,
        }

    @property
    def page_size(self) -> int:
        return (self.cleaned_data.get("per_page") if self.is_valid() else None) or 25


class InstitutionalFilterForm(IndividualFilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["frontline"]
        self.fields["q"].widget.attrs["placeholder"] = "单位名称、会员编号或信用代码"

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"query": data.get("q", ""), "status": data.get("status", "")}


class MemberImportForm(forms.Form):
    kind = forms.ChoiceField(label="会员类型", choices=MemberKind.choices)
    file = UploadField(
        label="会员名册文件",
        allowed=SPREADSHEET_KEYS | {"csv", "docx"},
        help_text="支持 .xlsx、.xls、.et、.csv（UTF-8或GBK编码），以及含表格的Word文档 .docx",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xls,.et,.csv,.docx"
        style_widgets(self)

    def clean_file(self):
        """Only tables (the upload field has already refused executables and disguises)."""
        return readable_table(self.cleaned_data["file"])
