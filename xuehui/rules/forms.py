import datetime as dt
from typing import TYPE_CHECKING, cast

from django import forms
from django.core.exceptions import BadRequest
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from xuehui.lib.spreadsheet_field import SpreadsheetField
from xuehui.societies.choices import DisciplineCategory

from .choices import Obligation, Status

if TYPE_CHECKING:
    from xuehui.societies.models import Federation

FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


class OnForm(forms.Form):
    """The date results are taken on (default today)."""

    on = forms.DateField(
        label="核验日期",
        required=False,
        validators=[
            MinValueValidator(FIRST_DAY, message="核验日期不能早于1900年1月1日"),
            MaxValueValidator(LAST_DAY, message="核验日期不能晚于2200年12月31日"),
        ],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
    )

    def day(self) -> dt.date:
        """The date asked for, or today; a date that is no date, or one outside 1900–2200
        (ages and deadlines cannot be computed there), answers 400 with the reason."""
        if not self.is_valid():
            reasons = "；".join(str(e) for errors in self.errors.values() for e in errors)
            raise BadRequest(f"查询条件有误：{reasons}")
        return self.cleaned_data.get("on") or timezone.localdate()


class OverviewFilterForm(OnForm):
    """The compliance overview's filters: a 科协 (and those below it), a discipline category, a
    pilot programme's members."""

    federation = forms.TypedChoiceField(
        label="科协", required=False, coerce=int, empty_value=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )  # fmt: skip
    category = forms.ChoiceField(
        label="学科类别", required=False,
        choices=[("", "全部学科"), *DisciplineCategory.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )  # fmt: skip
    programme = forms.TypedChoiceField(
        label="试点项目", required=False, coerce=int, empty_value=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )  # fmt: skip

    def __init__(self, *args, federations=(), programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        federation = cast(forms.ChoiceField, self.fields["federation"])
        federation.choices = [("", "全部科协"), *((f.pk, f.name) for f in federations)]
        programme = cast(forms.ChoiceField, self.fields["programme"])
        programme.choices = [("", "不限"), *((p.pk, p.name) for p in programmes)]

    def filters(self) -> dict:
        """The filters asked for (after `day()`, which answers 400 for a bad request)."""
        data = self.cleaned_data
        return {
            "federation_id": data.get("federation"),
            "category": data.get("category") or "",
            "programme_id": data.get("programme"),
        }


class ResultFilterForm(OnForm):
    status = forms.ChoiceField(
        label="结果",
        required=False,
        choices=[("", "全部结果"), *Status.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    obligation = forms.ChoiceField(
        label="约束力",
        required=False,
        choices=[("", "全部"), *Obligation.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class PrecheckForm(forms.Form):
    """换届预审: a proposed roster, the framework to apply and the planned election date."""

    framework = forms.ChoiceField(
        label="政策框架", widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    election_on = forms.DateField(
        label="拟换届日期",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
    )
    file = SpreadsheetField(
        label="拟任理事会名单（Excel）",
        help_text="与理事会名单导入模板相同的格式；不会保存任何数据",
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, frameworks=(), **kwargs):
        super().__init__(*args, **kwargs)
        # self.fields holds copies of the declared fields, typed as the base Field.
        framework = cast(forms.ChoiceField, self.fields["framework"])
        framework.choices = [(key, title) for key, title in frameworks]


class AdoptionForm(forms.Form):
    """A 科协 administrator's choice of how a framework binds the 科协's societies."""

    CHOICES = [
        ("binding", "约束性：本科协及下级科协所属学会须遵照执行"),
        ("reference", "仅供参考：结果只作对照，不计入统计和评估"),
        ("inherit", "不单独设置：沿用上级科协的采用（上级未采用时视为未采用）"),
    ]
    federation: "forms.ModelChoiceField[Federation]" = forms.ModelChoiceField(
        label="科协", queryset=None
    )
    adoption = forms.ChoiceField(label="采用方式", choices=CHOICES, widget=forms.RadioSelect)

    def __init__(self, *args, user, **kwargs):
        from xuehui.access import federations_administered

        super().__init__(*args, **kwargs)
        # self.fields holds copies of the declared fields, typed as the base Field.
        federation = cast("forms.ModelChoiceField[Federation]", self.fields["federation"])
        federation.queryset = federations_administered(user)

    def binding(self) -> bool | None:
        return {"binding": True, "reference": False}.get(self.cleaned_data["adoption"])
