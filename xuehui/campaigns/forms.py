from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from xuehui.access import federation_subtrees, federations_administered
from xuehui.accounts.choices import Role
from xuehui.activities.models import Activity
from xuehui.files.forms import UploadField
from xuehui.lib.record_forms import style_widgets
from xuehui.meetings.models import Meeting
from xuehui.regulations.models import RuleDocument
from xuehui.rules.selectors import current_versions
from xuehui.societies.choices import DisciplineCategory, SocietyStatus
from xuehui.societies.models import Federation, Society

from .choices import SelfAssessment, State, VerdictKind

SCOPE_CHOICES = [
    ("all", "本科协及下级科协的全部学会"),
    ("filtered", "按条件筛选"),
    ("chosen", "逐个选择"),
]


DEADLINES = (
    "plan_deadline",
    "self_assessment_deadline",
    "review_deadline",
    "rectification_deadline",
)


class VersionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.framework.title}（第{obj.version}版）"


class SocietyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.federation.name}）"


class CampaignLaunchForm(forms.Form):
    """The administrator's launch form: name, frameworks, societies, facts date, deadlines."""

    name = forms.CharField(label="名称", max_length=200)
    federation = forms.ModelChoiceField(label="组织科协", queryset=Federation.objects.none())
    frameworks = VersionChoiceField(
        label="政策框架", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    scope = forms.ChoiceField(
        label="参评学会", choices=SCOPE_CHOICES, initial="all", widget=forms.RadioSelect
    )
    filter_federation = forms.ModelChoiceField(
        label="筛选：所属科协", queryset=Federation.objects.none(), required=False
    )
    filter_category = forms.ChoiceField(
        label="筛选：学科类别",
        choices=[("", "全部类别"), *DisciplineCategory.choices],
        required=False,
    )
    societies = SocietyChoiceField(
        label="选择学会",
        queryset=Society.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="仅在“逐个选择”时使用；可输入名称筛选",
    )
    facts_on = forms.DateField(label="数据截止日期", help_text="自动核验按此日期的数据计算")
    assessment_year = forms.IntegerField(
        label="考核年度",
        required=False,
        min_value=2000,
        help_text="“每年”的要求按这一年度核验；留空时，数据截止日期在7月1日前取上一年度（已有年终总结），"
        "否则取当年（年中检查，未满的年度计为“年度未结束”）",
    )
    plan_deadline = forms.DateField(label="工作方案截止日期")
    self_assessment_deadline = forms.DateField(label="自评截止日期")
    review_deadline = forms.DateField(label="专家评审截止日期")
    rectification_deadline = forms.DateField(label="整改截止日期")
    # Set by the 确定启动 button of the confirmation the first valid post shows.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        administered = federations_administered(user).filter(is_active=True).order_by("name")
        self.fields["federation"].queryset = administered
        if administered.count() == 1:
            self.fields["federation"].initial = administered.first()
        current = current_versions()
        self.fields["frameworks"].queryset = self._versions(current)
        self._default_to_binding(
            administered.first() if administered.count() == 1 else None, current
        )
        ids = federation_subtrees(list(administered.values_list("pk", flat=True)))
        self.fields["filter_federation"].queryset = Federation.objects.filter(pk__in=ids).order_by(
            "name"
        )
        self.fields["societies"].queryset = (
            Society.objects.filter(federation_id__in=ids)
            .select_related("federation")
            .order_by("name")
        )
        self.fields["facts_on"].initial = timezone.localdate()
        style_widgets(self)

    def _default_to_binding(self, federation, current: list) -> None:
        """The frameworks the 科协 adopted as binding are ticked by default, and the form says so."""
        from xuehui.rules.selectors import adoption_text, adoptions_of

        if federation is None:
            return
        adoptions = adoptions_of(federation.pk)
        field = self.fields["frameworks"]
        frameworks = [v.framework for v in current]
        field.help_text = adoption_text(frameworks, adoptions) + (
            "默认勾选约束性文件；选择仅供参考的文件时，其结果只作对照，不计入评估。"
            if adoptions
            else ""
        )
        if adoptions:
            field.initial = [
                v.pk for v in current if getattr(adoptions.get(v.framework.key), "binding", False)
            ]

    @staticmethod
    def _versions(current: list):
        from xuehui.rules.models import FrameworkVersion

        return (
            FrameworkVersion.objects.filter(pk__in=[v.pk for v in current])
            .select_related("framework")
            .order_by("framework__key")
        )

    def clean(self):
        data = super().clean()
        federation = data.get("federation")
        if federation is None:
            return data
        allowed = federation_subtrees([federation.pk])
        scope = data.get("scope")
        if scope == "chosen":
            chosen = data.get("societies") or []
            if not chosen:
                self.add_error("societies", "请选择参评学会。")
            elif any(s.federation_id not in allowed for s in chosen):
                self.add_error("societies", "所选学会须属于组织科协或其下级科协。")
            self.selected = list(chosen)
        else:
            societies = Society.objects.filter(
                federation_id__in=allowed, status=SocietyStatus.ACTIVE
            )
            if scope == "filtered":
                if data.get("filter_federation"):
                    societies = societies.filter(federation=data["filter_federation"])
                if data.get("filter_category"):
                    societies = societies.filter(category=data["filter_category"])
            self.selected = list(societies.only("pk", "name").order_by("name"))
            if not self.selected:
                self.add_error("scope", "没有符合条件的学会。")
        year, facts_on = data.get("assessment_year"), data.get("facts_on")
        if year and facts_on and year > facts_on.year:
            self.add_error(
                "assessment_year", f"考核年度不能晚于数据截止日期所在的{facts_on.year}年。"
            )
        return data

    def warnings(self) -> list[str]:
        """What the administrator should see before launching: deadlines already past, a plan
        due before the data date, a deadline earlier than the one before it."""
        data, today = self.cleaned_data, timezone.localdate()
        found = []
        for name in DEADLINES:
            if data[name] < today:
                found.append(f"{self.fields[name].label}（{data[name]:%Y-%m-%d}）已早于今天。")
        if data["plan_deadline"] < data["facts_on"]:
            found.append("工作方案截止日期早于数据截止日期：学会须在数据截止前报送工作方案。")
        return found

    def service_fields(self) -> dict:
        names = (
            "federation",
            "name",
            "facts_on",
            "assessment_year",
            "plan_deadline",
            "self_assessment_deadline",
            "review_deadline",
            "rectification_deadline",
        )
        fields = {name: self.cleaned_data[name] for name in names}
        return fields | {
            "versions": list(self.cleaned_data["frameworks"]),
            "societies": self.selected,
        }


class SelfAssessmentForm(forms.Form):
    assessment = forms.ChoiceField(
        label="自评结论", choices=SelfAssessment.choices, widget=forms.RadioSelect
    )
    statement = forms.CharField(
        label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class EvidenceForm(forms.Form):
    """A file, or one of the society's own records: a rule document, a meeting's minutes, an activity."""

    upload = UploadField(label="上传文件", required=False)
    rule_document = forms.ModelChoiceField(
        label="或关联制度", queryset=RuleDocument.objects.none(), required=False
    )
    meeting = forms.ModelChoiceField(
        label="或关联会议纪要", queryset=Meeting.objects.none(), required=False
    )
    activity = forms.ModelChoiceField(
        label="或关联活动", queryset=Activity.objects.none(), required=False
    )
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, society, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_document"].queryset = RuleDocument.objects.filter(
            society=society
        ).order_by("-adopted_on")
        self.fields["meeting"].queryset = Meeting.objects.filter(society=society).order_by(
            "-held_on"
        )
        self.fields["activity"].queryset = Activity.objects.filter(society=society).order_by(
            "-start_on"
        )
        style_widgets(self)

    def clean(self):
        data = super().clean()
        chosen = [n for n in ("upload", "rule_document", "meeting", "activity") if data.get(n)]
        if self.errors:
            return data  # the field's own error says what is wrong (a refused file) — not both
        if len(chosen) != 1:
            raise forms.ValidationError("请上传一个文件，或选择一条本学会的记录（只选一项）。")
        return data


class RectificationAnswerForm(forms.Form):
    answer = forms.CharField(
        label="整改情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label="意见", choices=VerdictKind.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="评语", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ConcludeForm(forms.Form):
    deadline = forms.DateField(label="整改期限", required=False)
    reason = forms.CharField(label="说明", required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class RevertForm(forms.Form):
    reason = forms.CharField(
        label="撤销原因", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ResolveForm(VerdictForm):
    comment = forms.CharField(
        label="裁定理由", max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExpertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name}（{obj.username}）"


class AssignmentForm(forms.Form):
    expert = ExpertChoiceField(label="评审专家", queryset=None)
    society = forms.ModelChoiceField(
        label="学会", queryset=None, required=False, empty_label="全部参评学会"
    )
    requirement_prefix = forms.CharField(
        label="要求编号前缀",
        max_length=40,
        required=False,
        help_text="如“2”或“2.1”；留空表示全部要求",
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, role_assignments__role=Role.EXPERT)
            .distinct()
            .order_by("username")
        )
        self.fields["society"].queryset = Society.objects.filter(
            campaign_entries__campaign=campaign
        ).order_by("name")
        style_widgets(self)


SORT_CHOICES = [
    ("name", "按学会名称"),
    ("federation", "按所属科协"),
    ("state", "按状态"),
    ("decided", "按已有结论比例（低→高）"),
    ("-decided", "按已有结论比例（高→低）"),
    ("pass_rate", "按自动核验达标率（低→高）"),
    ("-pass_rate", "按自动核验达标率（高→低）"),
    ("-outstanding", "按待补佐证材料（多→少）"),
    ("-overdue", "按逾期事项（多→少）"),
]


class ProgressFilterForm(forms.Form):
    q = forms.CharField(label="学会名称", required=False)
    state = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *State.choices], required=False
    )
    federation = forms.ModelChoiceField(
        label="所属科协", queryset=None, required=False, empty_label="全部科协"
    )
    sort = forms.ChoiceField(label="排序", choices=SORT_CHOICES, required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = (
            Federation.objects.filter(societies__campaign_entries__campaign=campaign)
            .distinct()
            .order_by("name")
        )
        self.fields["q"].widget.attrs["placeholder"] = "学会名称"
        style_widgets(self)

    def value(self, name: str):
        return self.cleaned_data.get(name) if self.is_valid() else None


class RefreshForm(forms.Form):
    on = forms.DateField(label="核验数据日期", required=False, help_text="留空则按数据截止日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
