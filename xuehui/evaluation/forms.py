from decimal import Decimal

from django import forms

from xuehui.accounts.choices import Role
from xuehui.accounts.models import User
from xuehui.campaigns.models import Campaign
from xuehui.lib.bounds import over_limit_texts
from xuehui.lib.record_forms import style_widgets

from .choices import ObjectionOutcome, Tier
from .models import ResultObjection

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
LIBRARY_FILES = {"hubei-evaluation": "湖北省科协所属学会工作考评指标体系（示例）"}


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


def _small_file(upload, suffixes: tuple[str, ...]):
    """An upload of at most 2 MB whose name ends as expected."""
    if upload is None:
        return None
    if upload.size > MAX_UPLOAD_BYTES:
        size, limit = over_limit_texts(upload.size, MAX_UPLOAD_BYTES)
        raise forms.ValidationError(f"文件大小为{size}，超过上限{limit}")
    if not upload.name.lower().endswith(suffixes):
        raise forms.ValidationError(f"请上传{'或'.join(suffixes)}文件")
    return upload


class SchemeNewForm(StyledForm):
    """A new scheme from the shipped library, a YAML file or a workbook."""

    federation = forms.ModelChoiceField(label="科协", queryset=None)
    source = forms.ChoiceField(
        label="来源",
        choices=[
            ("library", "平台提供的示例"),
            ("yaml", "上传 YAML 文件"),
            ("xlsx", "上传 Excel 工作簿"),
        ],
        widget=forms.RadioSelect,
        initial="library",
    )
    library = forms.ChoiceField(label="示例指标体系", choices=LIBRARY_FILES.items(), required=False)
    upload = forms.FileField(label="文件", required=False, help_text="不超过2 MB")
    year = forms.IntegerField(
        label="考核年度",
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="留空则取文件中的年度",
    )

    def __init__(self, *args, federations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = federations
        self.fields["federation"].empty_label = None

    def clean_upload(self):
        return _small_file(self.cleaned_data.get("upload"), (".yaml", ".yml", ".xlsx"))

    def clean(self):
        data = super().clean()
        if data.get("source") in ("yaml", "xlsx") and not data.get("upload"):
            self.add_error("upload", "请选择要上传的文件")
        return data


class SchemeEditForm(StyledForm):
    text = forms.CharField(
        label="指标体系定义（YAML）",
        widget=forms.Textarea(attrs={"rows": 30, "class": "font-monospace", "spellcheck": "false"}),
    )


class WeightsForm(StyledForm):
    """分值调整: each indicator's points, and the note that says whose choice they are."""

    weights_note = forms.CharField(
        label="分值说明", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="说明各项分值由谁、依据什么确定（显示在指标体系页面上）",
    )  # fmt: skip

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.nodes = list(scheme.walk())
        for node in self.nodes:
            self.fields[f"points_{node.code}"] = forms.DecimalField(
                label=f"{node.code} {node.name}", min_value=0, max_digits=7, decimal_places=2,
                initial=node.points.normalize(),
            )  # fmt: skip
        self.fields["weights_note"].initial = scheme.weights_note
        style_widgets(self)

    def rows(self):
        """(indicator, its points field) in the tree's order, for the table."""
        return [(node, self[f"points_{node.code}"]) for node in self.nodes]

    def points(self) -> dict:
        return {node.code: self.cleaned_data[f"points_{node.code}"] for node in self.nodes}


class XlsxUploadForm(StyledForm):
    upload = forms.FileField(label="Excel 工作簿", help_text="不超过2 MB，格式同“导出Excel”")

    def clean_upload(self):
        return _small_file(self.cleaned_data.get("upload"), (".xlsx",))


class CopyForm(StyledForm):
    year = forms.IntegerField(label="复制为年度", min_value=2000, max_value=2100)


def experts_choice():
    """Who may score a year: active accounts with the 评审专家 role."""
    return (
        User.objects.filter(is_active=True, role_assignments__role=Role.EXPERT)
        .distinct()
        .order_by("full_name", "username")
    )


class OpenForm(StyledForm):
    facts_on = forms.DateField(
        label="数据截止日期", required=False, help_text="留空则为考核年度最后一天（年度未完则今天）"
    )
    campaign = forms.ModelChoiceField(
        label="评估检查",
        queryset=Campaign.objects.none(),
        required=False,
        help_text="“评估检查结论”类指标取此评估检查的结论；留空则取该年度最近发起的评估检查",
    )
    experts = forms.ModelMultipleChoiceField(
        label="评分专家",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, federation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(federation=federation).order_by(
            "-assessment_year", "-pk"
        )
        self.fields["experts"].queryset = experts_choice()
        self.fields["experts"].label_from_instance = lambda u: u.display_name


class PublicityForm(StyledForm):
    starts_on = forms.DateField(label="公示开始日期")


class StarApplyForm(StyledForm):
    statement = forms.CharField(
        label="申请说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OverrideForm(StyledForm):
    tier = forms.ChoiceField(
        label="调整为", choices=[("", "不分类"), *Tier.choices], required=False
    )
    reason = forms.CharField(
        label="调整理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class AdjustForm(StyledForm):
    """复核调整: one leaf's score set by the 科协, with the reason (and the objection it answers)."""

    indicator = forms.ChoiceField(label="指标")
    score = forms.DecimalField(label="调整后得分", min_value=0, max_digits=7, decimal_places=2)
    reason = forms.CharField(
        label="调整理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    objection = forms.ModelChoiceField(
        label="所涉异议", queryset=ResultObjection.objects.none(), required=False, empty_label="无"
    )

    def __init__(self, *args, scheme, result, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (leaf.code, f"{leaf.code} {leaf.name}（{leaf.points.normalize():f}分）")
            for leaf in scheme.leaves()
        ]
        objections = result.objections.order_by("raised_at")
        self.fields["objection"].queryset = objections
        self.fields["objection"].label_from_instance = lambda o: (
            f"{o.raised_at:%Y-%m-%d} {o.reasons[:30]}"
        )


class ObjectionForm(StyledForm):
    indicator = forms.ChoiceField(label="所涉指标", required=False)
    reasons = forms.CharField(label="异议理由", widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label="附件", required=False, help_text="不超过2 MB")

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "总体结果")] + [
            (node.code, f"{node.code} {node.name}") for node in scheme.walk()
        ]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            size, limit = over_limit_texts(upload.size, MAX_UPLOAD_BYTES)
            raise forms.ValidationError(f"文件大小为{size}，超过上限{limit}")
        return upload


class AnswerForm(StyledForm):
    outcome = forms.ChoiceField(label="复核结论", choices=ObjectionOutcome.choices)
    answer = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 2}))


class ScoreForm(forms.Form):
    """One society's marks: a 得分率 for each expert-scored leaf, a 虚假 flag with its comment
    for every leaf."""

    def __init__(self, *args, leaves, existing, **kwargs):
        self.leaves, self.existing = list(leaves), existing
        super().__init__(*args, **kwargs)
        for leaf in self.leaves:
            old = existing.get(leaf.code)
            if leaf.method == "expert":
                self.fields[f"percent_{leaf.code}"] = forms.DecimalField(
                    label=f"{leaf.code} 得分率（%）", required=False, max_digits=5,
                    decimal_places=2, min_value=Decimal(0), max_value=Decimal(100),
                    initial=old.percent if old else None,
                )  # fmt: skip
            self.fields[f"false_{leaf.code}"] = forms.BooleanField(
                label="认定虚假", required=False, initial=bool(old and old.false_answer)
            )
            self.fields[f"comment_{leaf.code}"] = forms.CharField(
                label="评语", max_length=500, required=False, initial=old.comment if old else ""
            )
        style_widgets(self)

    def clean(self):
        data = super().clean()
        for leaf in self.leaves:
            if (
                data.get(f"false_{leaf.code}")
                and not (data.get(f"comment_{leaf.code}") or "").strip()
            ):
                self.add_error(f"comment_{leaf.code}", "认定虚假须写明理由")
        return data

    def marks(self) -> list[tuple[str, Decimal | None, bool, str]]:
        """(indicator, percent, false, comment) of each leaf the expert marked."""
        data, found = self.cleaned_data, []
        for leaf in self.leaves:
            percent = data.get(f"percent_{leaf.code}")
            flagged = bool(data.get(f"false_{leaf.code}"))
            comment = (data.get(f"comment_{leaf.code}") or "").strip()
            if percent is not None or flagged or comment or leaf.code in self.existing:
                found.append((leaf.code, percent, flagged, comment))
        return found

    def field_of(self, leaf, kind: str):
        name = f"{kind}_{leaf.code}"
        return self[name] if name in self.fields else None
