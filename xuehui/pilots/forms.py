from django import forms

from xuehui.lib.record_forms import style_widgets
from xuehui.rules.models import Framework
from xuehui.societies.choices import DisciplineCategory
from xuehui.societies.models import Federation, Society

from .choices import Decision, Willingness
from .models import PilotProgramme, TypicalCase
from .scoring import mark_text


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


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ProgrammeForm(StyledForm):
    key = forms.SlugField(
        label="项目代码",
        max_length=40,
        help_text="英文字母、数字和连字符，如 hubei-2h；建后不能修改",
    )
    name = forms.CharField(label="项目名称", max_length=100)
    federation = forms.ModelChoiceField(label="科协", queryset=Federation.objects.none())
    framework = forms.ModelChoiceField(
        label="试点标准（政策框架）", queryset=Framework.objects.none()
    )
    standards_key = forms.CharField(
        label="试点标准所在条目",
        max_length=40,
        required=False,
        help_text="框架中列出试点标准的条目编号（如湖北两化的“5”）；留空则为框架中对学会的全部要求",
    )
    description = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, federations, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = federations
        self.fields["framework"].queryset = Framework.objects.order_by("key")
        self.fields["framework"].label_from_instance = lambda f: f.name
        if editing:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = ""


class BatchForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    name = forms.CharField(
        label="批次名称", max_length=60, required=False, help_text="留空则为“××××年批次”"
    )
    pass_mark = forms.DecimalField(
        label="通过分数线", max_digits=5, decimal_places=2, min_value=0, max_value=100, initial=80
    )
    fail_mark = forms.DecimalField(
        label="不通过分数线",
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        initial=60,
        help_text="低于此分为不通过；介于两线之间为限期整改后复验",
    )
    publicity_days = forms.IntegerField(label="公示天数", min_value=1, max_value=60, initial=7)


class BatchRulesForm(StyledForm):
    pass_mark = BatchForm.base_fields["pass_mark"]
    fail_mark = BatchForm.base_fields["fail_mark"]
    publicity_days = BatchForm.base_fields["publicity_days"]


class PhasesForm(StyledForm):
    """Each phase's start, end and completion dates."""

    def __init__(self, *args, phases, **kwargs):
        self.phases = list(phases)
        super().__init__(*args, **kwargs)
        for phase in self.phases:
            self.fields[f"starts_{phase.pk}"] = forms.DateField(
                label=f"{phase.name}开始", initial=phase.starts_on
            )
            self.fields[f"ends_{phase.pk}"] = forms.DateField(
                label=f"{phase.name}结束", initial=phase.ends_on
            )
            self.fields[f"done_{phase.pk}"] = forms.DateField(
                label=f"{phase.name}完成", initial=phase.completed_on, required=False
            )
        style_widgets(self)

    def dates(self) -> dict:
        data = self.cleaned_data
        return {
            p.pk: (data[f"starts_{p.pk}"], data[f"ends_{p.pk}"], data[f"done_{p.pk}"])
            for p in self.phases
        }

    def rows(self):
        return [
            (p, self[f"starts_{p.pk}"], self[f"ends_{p.pk}"], self[f"done_{p.pk}"])
            for p in self.phases
        ]


class PointsForm(StyledForm):
    def __init__(self, *args, standards, points, **kwargs):
        self.standards = list(standards)
        super().__init__(*args, **kwargs)
        for node in self.standards:
            self.fields[node.key] = forms.DecimalField(
                label=f"{node.clause} {node.title}", max_digits=5, decimal_places=2, min_value=0,
                max_value=100, initial=points.get(node.key),
            )  # fmt: skip
        style_widgets(self)


class CandidatesFilterForm(StyledForm):
    category = forms.ChoiceField(label="学科类别", required=False)
    federation = forms.ModelChoiceField(
        label="所属科协", queryset=Federation.objects.none(), required=False
    )
    min_met = forms.IntegerField(label="至少达标项数", min_value=0, required=False)

    def __init__(self, *args, federations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "全部"), *DisciplineCategory.choices]
        self.fields["federation"].queryset = federations
        self.fields["federation"].empty_label = "全部"


class AnswerForm(StyledForm):
    willingness = forms.ChoiceField(
        label="是否参加",
        choices=[(Willingness.WILLING, "愿意参加"), (Willingness.UNWILLING, "暂不参加")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="说明", max_length=500, required=False)


class DecideForm(StyledForm):
    decision = forms.ChoiceField(
        label="决定", choices=[(Decision.CHOSEN, "确定为试点学会"), (Decision.DECLINED, "不列入")]
    )
    reason = forms.CharField(label="理由", max_length=500)
    since = forms.DateField(
        label="加入日期", required=False, help_text="确定为试点学会时填写，默认今天"
    )


class GuidanceForm(StyledForm):
    text = forms.CharField(label="指导意见", widget=forms.Textarea(attrs={"rows": 3}))
    respond_by = forms.DateField(label="落实期限", required=False)


class ResponseForm(StyledForm):
    response = forms.CharField(label="落实情况", widget=forms.Textarea(attrs={"rows": 3}))


class MidtermForm(StyledForm):
    on = forms.DateField(label="评估日期")
    comment = forms.CharField(label="评估意见", widget=forms.Textarea(attrs={"rows": 3}))


class SummaryForm(StyledForm):
    overall = forms.CharField(
        label="总体情况", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    practices = forms.CharField(
        label="主要做法和成效", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    problems = forms.CharField(
        label="存在的问题", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    suggestions = forms.CharField(
        label="建议", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


PANEL_ROWS = 7


class ScheduleForm(StyledForm):
    """The panel as up to seven rows of (expert, their institution), one of them the leader."""

    scheduled_on = forms.DateField(label="检查日期")
    place = forms.CharField(label="检查地点", max_length=200)
    leader = forms.IntegerField(label="组长（行号）", min_value=1, max_value=PANEL_ROWS, initial=1)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, PANEL_ROWS + 1):
            self.fields[f"expert_{n}"] = forms.ModelChoiceField(
                label=f"专家{n}", queryset=experts, required=False
            )
            self.fields[f"expert_{n}"].label_from_instance = lambda u: u.display_name
            self.fields[f"institution_{n}"] = forms.CharField(
                label=f"专家{n}工作单位", max_length=100, required=False
            )
        style_widgets(self)

    def rows(self):
        return [
            (n, self[f"expert_{n}"], self[f"institution_{n}"]) for n in range(1, PANEL_ROWS + 1)
        ]

    def experts(self) -> list[tuple]:
        data, chosen = self.cleaned_data, []
        for n in range(1, PANEL_ROWS + 1):
            if data.get(f"expert_{n}"):
                chosen.append(
                    (data[f"expert_{n}"], data.get(f"institution_{n}") or "", data["leader"] == n)
                )
        return chosen


class DeclarationForm(StyledForm):
    no_conflict = forms.TypedChoiceField(
        label="利益冲突声明",
        choices=[("1", "本人与该学会无利益冲突（非其会员单位负责人、非其挂靠单位人员、近三年未在该学会任职）"),
                 ("0", "本人与该学会存在利益冲突，申请回避")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )  # fmt: skip
    declaration = forms.CharField(label="说明", max_length=500, required=False)


class RecordForm(StyledForm):
    held_on = forms.DateField(label="检查日期")
    materials = forms.CharField(label="查阅材料", widget=forms.Textarea(attrs={"rows": 3}))
    people_met = forms.CharField(
        label="座谈人员", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    present = forms.MultipleChoiceField(label="到场专家", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(m.pk), m.expert.display_name) for m in panel]


class ScoresForm(StyledForm):
    def __init__(self, *args, standards, points, existing, **kwargs):
        self.standards = list(standards)
        super().__init__(*args, **kwargs)
        for node in self.standards:
            old = existing.get(node.key)
            self.fields[f"points_{node.key}"] = forms.DecimalField(
                label=f"{node.clause} {node.title}（{mark_text(points[node.key])}分）", max_digits=5,
                decimal_places=2, min_value=0, max_value=points[node.key],
                initial=old.points if old else None,
            )  # fmt: skip
            self.fields[f"comment_{node.key}"] = forms.CharField(
                label="评语", max_length=500, required=False, initial=old.comment if old else ""
            )
        style_widgets(self)

    def rows(self):
        return [(n, self[f"points_{n.key}"], self[f"comment_{n.key}"]) for n in self.standards]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {n.key: (data[f"points_{n.key}"], data[f"comment_{n.key}"]) for n in self.standards}


class ConcludeForm(StyledForm):
    opinion = forms.CharField(label="专家组意见", widget=forms.Textarea(attrs={"rows": 5}))
    rectification_deadline = forms.DateField(
        label="整改期限", required=False, help_text="结论为限期整改后复验时必填"
    )


class PublicityForm(StyledForm):
    starts_on = forms.DateField(label="公示开始日期")


class ObjectionForm(StyledForm):
    raised_by = forms.CharField(label="提出人", max_length=100)
    raised_on = forms.DateField(label="提出日期")
    content = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionAnswerForm(StyledForm):
    answer = forms.CharField(label="处理意见", widget=forms.Textarea(attrs={"rows": 2}))


class CaseForm(StyledForm):
    society = forms.ModelChoiceField(label="学会", queryset=Society.objects.none())
    title = forms.CharField(label="案例标题", max_length=200)
    practice = forms.CharField(label="主要做法", widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label="取得成效", widget=forms.Textarea(attrs={"rows": 3}))
    files = forms.FileField(label="附件", required=False)

    def __init__(self, *args, societies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["society"].queryset = societies


class MeetingForm(StyledForm):
    title = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(label="召开日期")
    place = forms.CharField(label="地点", max_length=200)
    attendance = forms.IntegerField(label="参会人数", min_value=0, required=False)
    summary = forms.CharField(
        label="会议纪要", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    cases = forms.ModelMultipleChoiceField(
        label="交流案例", queryset=TypicalCase.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, batch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = batch.cases.select_related("society")
        self.fields["cases"].label_from_instance = lambda c: f"{c.society.name}：{c.title}"
