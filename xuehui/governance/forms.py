"""Forms of the governance pages: terms, posts, people, and the roster's office filter."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from xuehui.lib.identifiers import mask_id_number, mask_phone, parse_id_number
from xuehui.lib.record_forms import (
    TRAIT_CHOICES,
    keep_stored_values,
    style_widgets,
)
from xuehui.lib.spreadsheet_field import SpreadsheetField

from .choices import Gender, Office, Selection
from .models import PERSON_FIELDS, TRAIT_FIELDS, Person, Position, Term
from .services import person_save, position_save

DATE_WIDGET = {"type": "date"}


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def _date_field(label: str, *, required: bool, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={"required": f"请填写{label}", "invalid": f"{label}格式不正确"},
    )


class OfficeFilterForm(forms.Form):
    office = forms.ChoiceField(
        label="学会职务", required=False, choices=[("", "全部职务"), *Office.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].widget.attrs["class"] = "form-select form-select-sm"

    def office_value(self) -> str:
        return self.cleaned_data.get("office", "") if self.is_valid() else ""


class TermForm(forms.Form):
    """Add or edit a term; a plain form because opening a term also closes the previous one."""

    number = forms.IntegerField(
        label="届次",
        min_value=1,
        max_value=999,
        error_messages={"required": "请填写届次", "min_value": "届次应为正整数"},
    )
    start_on = _date_field("开始日期", required=True)
    planned_end_on = _date_field("届满日期", required=False, help_text="留空则为开始日期后五年")
    ended_on = _date_field("实际结束日期", required=False, help_text="换届后填写")

    def __init__(self, *args, society, term: Term | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.society, self.term = society, term
        _style(self)

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        taken = Term.objects.filter(society=self.society, number=number)
        if self.term is not None:
            taken = taken.exclude(pk=self.term.pk)
        if taken.exists():
            raise ValidationError(f"本学会已有第{number}届")
        return number

    def clean(self) -> dict:
        data = super().clean()
        start, planned, ended = (data.get(k) for k in ("start_on", "planned_end_on", "ended_on"))
        if start and planned and planned <= start:
            self.add_error("planned_end_on", "届满日期应晚于开始日期")
        if start and ended and ended <= start:
            self.add_error("ended_on", "实际结束日期应晚于开始日期")
        return data

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


class PersonForm(forms.ModelForm):
    """One society's record of a person; birth date and gender come from the ID number.

    Only the society's own records are ever matched: an ID number another society recorded
    makes a new record here (linked to the same identity), and the form says nothing about it.
    """

    class Meta:
        model = Person
        # The ID number before gender and birth date, which it determines.
        fields = ["name", "id_number", "gender", "birth_date", *PERSON_FIELDS[3:]]
        widgets = {"birth_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")}
        help_texts = {
            "id_number": "填写后自动取得出生日期和性别",
            "birth_date": "未填写身份证号码时必填",
        }
        error_messages = {"name": {"required": "请填写姓名"}}

    def __init__(self, *args, society=None, reuse_by_id_number: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if society is not None:
            self.instance.society = society
        self.reuse_by_id_number = reuse_by_id_number
        self.reused = False
        self.fields["birth_date"].required = False
        self.fields["gender"].choices = [("", "由身份证号码确定"), *Gender.choices]
        self.fields["political_status"].choices = [
            ("", "未填写"),
            *self.fields["political_status"].choices[1:],
        ]
        for name in TRAIT_FIELDS:
            self.fields[name].widget.choices = TRAIT_CHOICES
        _style(self)
        keep_stored_values(self, {"id_number": mask_id_number, "phone": mask_phone})

    def clean_id_number(self) -> str:
        value = self.cleaned_data.get("id_number", "")
        if not value:
            return ""
        try:
            return parse_id_number(value).number
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean_birth_date(self) -> dt.date | None:
        birth = self.cleaned_data.get("birth_date")
        if birth and birth > timezone.localdate():
            raise ValidationError("出生日期不能晚于今天")
        return birth

    def clean(self) -> dict:
        data = super().clean()
        number = data.get("id_number")
        if number:
            info = parse_id_number(number)
            data["birth_date"] = data.get("birth_date") or info.birth_date
            data["gender"] = data.get("gender") or (Gender.MALE if info.is_male else Gender.FEMALE)
            self._match_id_number(number)
        elif not data.get("birth_date") and "birth_date" not in self.errors:
            self.add_error("birth_date", "请填写出生日期或身份证号码")
        return data

    def _match_id_number(self, number: str) -> None:
        own = Person.objects.filter(society_id=self.instance.society_id, id_number=number)
        other = own.exclude(pk=self.instance.pk).first()
        if other is None:
            return
        if not self.reuse_by_id_number:
            self.add_error("id_number", "该身份证号码已登记为本学会的另一人员")
            return
        # A new post for someone this society already recorded goes to that record, as it is.
        self.instance, self.reused = other, True

    def existing_person(self) -> Person | None:
        """The society's own record the ID number matched, as stored (typed values unused)."""
        return Person.objects.get(pk=self.instance.pk) if self.reused else None


class PositionForm(forms.ModelForm):
    """A post in a term; on a new post, the holder is chosen or entered alongside."""

    person = forms.ModelChoiceField(
        label="选择已有人员",
        required=False,
        queryset=Person.objects.none(),
        empty_label="（新增人员，在右侧填写）",
        help_text="本学会已登记的人员；不选择则在右侧填写新人员",
    )
    consecutive_terms = forms.IntegerField(
        label="连任届数",
        min_value=1,
        max_value=99,
        initial=1,
        help_text="在本职务上连续任职的届数，含本届。核验时按已登记的各届名册计算，"
        "本数只用于第一个已登记届次之前的届数",
        error_messages={"required": "请填写连任届数", "min_value": "连任届数至少为1"},
    )

    class Meta:
        model = Position
        fields = [
            "office",
            "start_on",
            "end_on",
            "selection",
            "is_executive",
            "is_full_time",
            "is_paid",
            "approval_ref",
            "consecutive_terms",
        ]
        widgets = {
            "start_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "end_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        }
        error_messages = {"office": {"required": "请选择学会职务"}}

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_on"].required = False
        self.fields["office"].choices = [("", "请选择"), *Office.choices]
        self.fields["selection"].choices = [("", "不适用"), *Selection.choices]
        if people is None:  # editing: the holder stays, their details have a form of their own
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people
            self.order_fields(["person"])
        _style(self)

    @property
    def picks_person(self) -> bool:
        return bool(self.cleaned_data.get("person")) if "person" in self.fields else True

    def clean(self) -> dict:
        data = super().clean()
        term = self.instance.term
        start, end = data.get("start_on") or term.start_on, data.get("end_on")
        # An overdue term still runs, so only an actual end (换届) bounds the post.
        if start < term.start_on or (term.ended_on and start >= term.ended_on):
            self.add_error("start_on", f"任职日期应在{term}的任期内")
        if end and term.ended_on and end > term.ended_on:
            self.add_error("end_on", f"离任日期不能晚于本届结束日期（{term.ended_on:%Y-%m-%d}）")
        if data.get("selection") and data.get("office") != Office.SECRETARY_GENERAL:
            self.add_error("selection", "只有秘书长需要填写产生方式")
        person = data.get("person") or (self.instance.person if self.instance.pk else None)
        if person is not None and data.get("office"):
            self._check_not_held(person, data["office"])
        return data

    def _check_not_held(self, person: Person, office: str) -> None:
        held = Position.objects.filter(term=self.instance.term, person=person, office=office)
        if held.exclude(pk=self.instance.pk).exists():
            self.add_error("office", f"{person.name}在本届已担任{Office(office).label}")

    @transaction.atomic
    def save_with(self, *, person_form: PersonForm | None, actor) -> Position:
        """Save the post, first saving a new holder from `person_form` (all or nothing)."""
        position = self.instance
        if "person" in self.fields:
            position.person = (
                self.cleaned_data.get("person")
                or person_form.existing_person()
                or person_save(person=person_form.instance, actor=actor)
            )
        return position_save(position=position, actor=actor)


class PositionEndForm(forms.Form):
    """离任: the day the post stops counting."""

    end_on = _date_field("离任日期", required=True)

    def __init__(self, *args, position: Position, **kwargs):
        super().__init__(*args, **kwargs)
        self.position = position
        self.fields["end_on"].initial = timezone.localdate()
        _style(self)

    def clean_end_on(self) -> dt.date:
        end = self.cleaned_data["end_on"]
        if end <= self.position.start_on:
            raise ValidationError(f"离任日期应晚于任职日期（{self.position.start_on:%Y-%m-%d}）")
        ended = self.position.term.ended_on
        if ended and end > ended:
            raise ValidationError(f"离任日期不能晚于本届结束日期（{ended:%Y-%m-%d}）")
        return end


class RosterImportForm(forms.Form):
    file = SpreadsheetField()
    term_number = forms.IntegerField(
        label="届次", min_value=1, max_value=99, help_text="该届不存在时将新建"
    )
    term_start = forms.DateField(
        label="本届开始日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="已有的届次须与原开始日期一致",
    )
    term_end = forms.DateField(
        label="本届届满日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="留空则为开始日期后五年",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", "届满日期应晚于开始日期")
        return data

    def params(self, society) -> dict:
        data = self.cleaned_data
        return {
            "society": society.pk,
            "term_number": data["term_number"],
            "term_start": data["term_start"].isoformat(),
            "term_end": data["term_end"].isoformat() if data["term_end"] else "",
        }
