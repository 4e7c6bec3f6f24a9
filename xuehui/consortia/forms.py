from django import forms

from xuehui.activities.choices import ActivityLevel
from xuehui.lib.record_forms import style_widgets
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument
from xuehui.societies.models import Society

from .models import Consortium

DATE = {"type": "date"}


class ConsortiumForm(forms.ModelForm):
    class Meta:
        model = Consortium
        fields = [
            "federation", "name", "field", "founded_on", "secretariat", "charter",
            "rotation_months", "rotation_start", "note",
        ]  # fmt: skip
        widgets = {
            "founded_on": forms.DateInput(attrs=DATE),
            "rotation_start": forms.DateInput(attrs=DATE),
        }

    def __init__(self, *args, federations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = federations
        societies = Society.objects.filter(federation__in=federations).order_by("name_pinyin")
        self.fields["secretariat"].queryset = societies
        self.fields["charter"].queryset = RuleDocument.objects.filter(
            society__in=societies, kind__in=[RuleKind.OTHER, RuleKind.CHARTER]
        ).select_related("society")
        self.fields["charter"].label_from_instance = lambda doc: f"{doc.society}：{doc.name}"
        if self.instance.pk:
            self.fields["federation"].disabled = True
        style_widgets(self)


class MemberAddForm(forms.Form):
    society = forms.ModelChoiceField(label="学会", queryset=Society.objects.none())
    joined_on = forms.DateField(label="加入日期", widget=forms.DateInput(attrs=DATE))
    rotation_order = forms.IntegerField(
        label="轮值顺序", min_value=1, max_value=999, initial=1,
        help_text="按此顺序轮流担任轮值主席，数小者在前",
    )  # fmt: skip

    def __init__(self, *args, consortium: Consortium, **kwargs):
        super().__init__(*args, **kwargs)
        current = consortium.members.filter(left_on__isnull=True).values("society_id")
        self.fields["society"].queryset = (
            Society.objects.filter(federation_id=consortium.federation_id)
            .exclude(pk__in=current)
            .order_by("name_pinyin")
        )
        style_widgets(self)


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(label="退出日期", widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class JointActivityForm(forms.Form):
    title = forms.CharField(label="活动名称", max_length=200)
    lead = forms.ModelChoiceField(label="主办学会", queryset=Society.objects.none())
    co_organisers = forms.ModelMultipleChoiceField(
        label="联合主办学会", queryset=Society.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="共同主办的其他成员学会，每个都计入其联合体活动",
    )  # fmt: skip
    start_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs=DATE))
    end_on = forms.DateField(
        label="结束日期", required=False, widget=forms.DateInput(attrs=DATE),
        help_text="留空则与开始日期相同",
    )  # fmt: skip
    level = forms.ChoiceField(label="级别", choices=ActivityLevel.choices)
    participants = forms.IntegerField(label="参加人数", min_value=0, required=False)
    note = forms.CharField(label="备注", max_length=500, required=False)

    def __init__(self, *args, consortium: Consortium, **kwargs):
        super().__init__(*args, **kwargs)
        members = Society.objects.filter(consortium_memberships__consortium=consortium)
        for name in ("lead", "co_organisers"):
            self.fields[name].queryset = members.order_by("name_pinyin").distinct()
        style_widgets(self)
