from django import forms

from xuehui.evaluation.choices import Tier
from xuehui.lib.record_forms import style_widgets

from .choices import CategoryKind, Priority
from .models import SubsidyCategory

DATE = {"type": "date"}


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ProgrammeForm(StyledForm):
    federation = forms.ModelChoiceField(label="科协", queryset=None)
    key = forms.SlugField(
        label="项目代码", max_length=40, help_text="英文字母、数字和连字符；建后不能修改"
    )
    name = forms.CharField(label="项目名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    budget = forms.DecimalField(
        label="预算总额（元）", min_value=0, max_digits=12, decimal_places=2
    )
    score_year = forms.IntegerField(
        label="排序所用考评年度", min_value=2000, max_value=2100, required=False,
        help_text="按该年度已公布的考评得分排序；留空为上一年度",
    )  # fmt: skip
    facts_on = forms.DateField(
        label="资格核验日期", required=False, widget=forms.DateInput(attrs=DATE),
        help_text="留空则为年度最后一天（年度未完则为当天）",
    )  # fmt: skip
    apply_until = forms.DateField(
        label="申报截止日期", required=False, widget=forms.DateInput(attrs=DATE)
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, federations, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = federations
        if editing:
            for name in ("federation", "key"):
                self.fields[name].disabled = True


class CategoryForm(StyledForm):
    key = forms.SlugField(label="类别代码", max_length=40, help_text="英文字母、数字和连字符")
    name = forms.CharField(label="类别名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=CategoryKind.choices)
    position = forms.IntegerField(label="安排顺序", min_value=1, max_value=99, initial=1)
    amount = forms.DecimalField(
        label="每项补贴金额（元）", min_value=0.01, max_digits=12, decimal_places=2,
        help_text="项目资助为每个项目的最高金额",
    )  # fmt: skip
    budget = forms.DecimalField(
        label="本类别预算（元）", min_value=0, max_digits=12, decimal_places=2, required=False,
        help_text="留空则使用项目预算中尚未安排的部分",
    )  # fmt: skip
    requires_full_time_secretary_general = forms.BooleanField(
        label="须有在聘的专职秘书长（专职秘书长岗位补贴总是要求）", required=False
    )
    min_stars = forms.IntegerField(label="最低星级", min_value=0, max_value=5, initial=0)
    tiers = forms.MultipleChoiceField(
        label="限考评分类（不选表示不限）", choices=Tier.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    priorities = forms.MultipleChoiceField(
        label="优先条件（满足项数多者在前）", choices=Priority.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="建立党组织并发挥党建功能：有党组织（含党小组、党建工作联络员），且核验日期所在年度开展党建活动不少于1次",
    )  # fmt: skip
    skip_unaffordable = forms.BooleanField(
        label="预算不足以安排某学会时，继续向下安排金额更少的学会", required=False
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["key"].disabled = True


def category_initial(category: SubsidyCategory) -> dict:
    return {name: getattr(category, name) for name in CategoryForm.base_fields}


class ApplicationForm(StyledForm):
    category = forms.ModelChoiceField(label="补贴类别", queryset=None)
    society = forms.ModelChoiceField(label="学会", queryset=None)
    requested_amount = forms.DecimalField(
        label="申请金额（元）", min_value=0.01, max_digits=12, decimal_places=2, required=False,
        help_text="项目资助填写，不超过该类别每个项目的最高金额；其他类别不填",
    )  # fmt: skip
    statement = forms.CharField(
        label="申请说明", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, categories, societies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["society"].queryset = societies
        self.fields["society"].label_from_instance = lambda s: f"{s.name}（{s.uscc}）"


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label="决定",
        choices=[("approve", "批准"), ("reject", "不予安排")],
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label="批准金额（元）", min_value=0.01, max_digits=12, decimal_places=2, required=False,
        help_text="留空则为测算金额（未安排的为每项补贴金额）",
    )  # fmt: skip
    reason = forms.CharField(
        label="理由", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="与测算结果不一致的决定（未安排而批准、已安排而不予安排、金额不同）必须说明理由",
    )  # fmt: skip


class PaymentForm(StyledForm):
    paid_on = forms.DateField(label="拨付日期", widget=forms.DateInput(attrs=DATE))
    amount = forms.DecimalField(
        label="拨付金额（元）", min_value=0.01, max_digits=12, decimal_places=2
    )
    voucher_no = forms.CharField(label="凭证号", max_length=60)


class AllocateForm(forms.Form):
    nominate_all = forms.BooleanField(
        label="没有申请的类别，按本科协全部学会测算（视为科协提名）", required=False
    )
