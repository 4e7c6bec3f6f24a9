import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from xuehui.lib.dates import add_years, age_on
from xuehui.lib.fields import NameKeys
from xuehui.lib.identifiers import (
    mask_id_number,
    mask_phone,
    parse_id_number,
    reconcile_id_number,
    validate_phone,
)
from xuehui.lib.text import person_name_keys

from .choices import HONORARY_OFFICES, PARTY_STATUSES, Gender, Office, PoliticalStatus, Selection


class Term(models.Model):
    """届次: a numbered term of office of a society's council, usually five years."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="terms",
    )
    number = models.PositiveSmallIntegerField("届次")
    start_on = models.DateField("开始日期")
    planned_end_on = models.DateField("届满日期", blank=True, help_text="留空则为开始日期后五年")
    ended_on = models.DateField("实际结束日期", null=True, blank=True, help_text="换届后填写")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "届次"
        verbose_name_plural = "届次"
        ordering = ["society", "-start_on"]
        constraints = [
            models.UniqueConstraint(fields=["society", "number"], name="term_number_unique"),
            models.CheckConstraint(
                condition=Q(planned_end_on__gt=models.F("start_on")),
                name="term_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("start_on")),
                name="term_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.number}届（{self.start_on:%Y.%m}—{self.end_on:%Y.%m}）"

    @property
    def end_on(self) -> dt.date:
        """The day the term stops counting: the actual end, else the planned one."""
        return self.ended_on or self.planned_end_on

    def is_running_on(self, day: dt.date) -> bool:
        """A term runs from its start until it actually ends; an overdue term still runs."""
        return self.start_on <= day and (self.ended_on is None or day < self.ended_on)

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.ended_on is None and day >= self.planned_end_on

    def clean(self) -> None:
        if self.start_on and not self.planned_end_on:
            self.planned_end_on = add_years(self.start_on, 5)
        if self.start_on and self.planned_end_on and self.planned_end_on <= self.start_on:
            raise ValidationError({"planned_end_on": "届满日期应晚于开始日期"})
        if self.start_on and self.ended_on and self.ended_on <= self.start_on:
            raise ValidationError({"ended_on": "实际结束日期应晚于开始日期"})
        if self.society_id and self.start_on:
            self._check_no_overlap()

    def _check_no_overlap(self) -> None:
        end = self.end_on
        for other in Term.objects.filter(society_id=self.society_id).exclude(pk=self.pk):
            if self.number is not None and (other.number < self.number) != (
                other.start_on < self.start_on
            ):
                order = "早" if self.start_on < other.start_on else "晚"
                raise ValidationError(
                    f"第{self.number}届的开始日期{order}于{other}，届次与开始日期的先后不一致"
                )
            if other.start_on < end and self.start_on < other.end_on:
                raise ValidationError(
                    f"与{other}的任期重叠；同一学会的届次不能重叠（如已换届，请先填写上一届的实际结束日期）"
                )


class Identity(models.Model):
    """人员身份: one natural person across societies, known by the ID number.

    It holds only what the ID number itself determines (the number, the birth date and the
    gender), so no society can change it. Everything a society writes about the person lives
    on that society's own `Person` record; the identity links those records for the 科协.
    """

    id_number = models.CharField("身份证号码", max_length=18, unique=True)
    birth_date = models.DateField("出生日期")
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)

    class Meta:
        verbose_name = "人员身份"
        verbose_name_plural = "人员身份"
        ordering = ["id"]

    def __str__(self) -> str:
        return mask_id_number(self.id_number)

    @classmethod
    def values_for(cls, number: str) -> dict:
        """The fields an identity takes from its (valid) ID number."""
        info = parse_id_number(number)
        gender = Gender.MALE if info.is_male else Gender.FEMALE
        return {"id_number": info.number, "birth_date": info.birth_date, "gender": gender}

    def clean(self) -> None:
        try:
            values = self.values_for(self.id_number)
        except ValidationError as error:
            raise ValidationError({"id_number": error.messages}) from None
        for name, value in values.items():
            setattr(self, name, value)


# What a society records about a person, in the order the roster and its export show it: the
# one list the form, the roster import and the export take theirs from.
TRAIT_FIELDS = (
    "is_frontline",
    "is_retired_official",
    "is_retired_cadre",
    "is_serving_official",
    "is_public_servant",
    "member_unit_head",
)
PERSON_FIELDS = (
    "name",
    "gender",
    "id_number",
    "political_status",
    "education",
    "employer",
    "title",
    "phone",
    *TRAIT_FIELDS,
    "note",
)


class Person(NameKeys, models.Model):
    """人员: what one society records about a person who holds (or held) a post in it.

    Another society's record of the same person is another row; the two share an
    `Identity` when an ID number is given. `id_number`, `birth_date` and `gender` repeat the
    identity's (the services keep them equal); without an ID number they are the society's own.
    A yes/no trait is None while unknown (未填), which is not 否.
    """

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="people",
    )
    identity = models.ForeignKey(
        Identity,
        verbose_name="人员身份",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    name = models.CharField("姓名", max_length=40, db_index=True)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期")
    id_number = models.CharField("身份证号码", max_length=18, blank=True)
    political_status = models.CharField(
        "政治面貌",
        max_length=20,
        choices=PoliticalStatus.choices,
        blank=True,
    )
    democratic_party = models.CharField(
        "民主党派",
        max_length=20,
        blank=True,
        help_text="政治面貌为民主党派时，按填写保留，如“九三学社社员”",
    )
    education = models.CharField("学历", max_length=40, blank=True)
    employer = models.CharField("工作单位", max_length=100, blank=True)
    title = models.CharField("职务职称", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True, validators=[validate_phone])
    is_frontline = models.BooleanField("基层一线科技工作者", null=True, blank=True)
    is_retired_official = models.BooleanField("退（离）休领导干部", null=True, blank=True)
    is_retired_cadre = models.BooleanField(
        "党政机关、事业单位、国有企业退休干部",
        null=True,
        blank=True,
        help_text="退（离）休前在党政机关、事业单位或国有企业任职的干部，不限于领导干部",
    )
    is_serving_official = models.BooleanField("现职领导干部", null=True, blank=True)
    is_public_servant = models.BooleanField(
        "现职公务员或事业单位副科级以上人员",
        null=True,
        blank=True,
        help_text="公务员及参照公务员法管理的科员（含科员）以上人员、事业单位相当副科级（含副科级）以上人员，"
        "在职（奉贤实施细则2、（2）1：兼任会长须按干部管理权限审批）",
    )
    member_unit_head = models.BooleanField("会员单位负责人", null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    # For sorting as a Chinese reader expects (set on save and by the roster import).
    name_pinyin = models.CharField("姓名拼音", max_length=300, blank=True, editable=False)
    name_initials = models.CharField("姓名拼音首字母", max_length=100, blank=True, editable=False)
    # Set when the person's data was anonymised on request (services.person_anonymise).
    anonymised_at = models.DateTimeField("匿名化时间", null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials"])

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "id_number"],
                condition=~Q(id_number=""),
                name="person_id_number_unique_per_society",
            ),
            models.UniqueConstraint(
                fields=["society", "identity"],
                name="person_identity_once_per_society",
            ),
            models.CheckConstraint(
                condition=Q(identity__isnull=True, id_number="")
                | (Q(identity__isnull=False) & ~Q(id_number="")),
                name="person_identity_with_id_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def set_name_keys(self) -> None:
        self.name_pinyin, self.name_initials = person_name_keys(self.name)

    def clean(self) -> None:
        # The identity is not checked here: the services derive it from the number on save.
        if self.id_number:
            info = reconcile_id_number(
                self.id_number, birth_date=self.birth_date, is_male=Gender.is_male(self.gender)
            )
            self.id_number, self.birth_date = info.number, info.birth_date
            self.gender = Gender.of(info.is_male)

    @property
    def is_party_member(self) -> bool:
        return self.political_status in PARTY_STATUSES

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)


class Position(models.Model):
    """职务: a post a person holds in a society during one term."""

    person = models.ForeignKey(
        Person,
        verbose_name="人员",
        on_delete=models.PROTECT,
        related_name="positions",
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="positions",
    )
    term = models.ForeignKey(
        Term,
        verbose_name="届次",
        on_delete=models.CASCADE,
        related_name="positions",
    )
    office = models.CharField("学会职务", max_length=32, choices=Office.choices)
    start_on = models.DateField("任职日期", blank=True, help_text="留空则为届次开始日期")
    end_on = models.DateField("离任日期", null=True, blank=True, help_text="留空表示任至本届结束")
    selection = models.CharField(
        "秘书长产生方式",
        max_length=16,
        choices=Selection.choices,
        blank=True,
    )
    is_full_time = models.BooleanField("专职", default=False)
    is_executive = models.BooleanField(
        "常务", default=False, help_text="常务副理事长（常务副会长）：副理事长中的常务"
    )
    is_paid = models.BooleanField("领取薪酬", default=False)
    approval_ref = models.CharField("兼职审批文号", max_length=100, blank=True)
    consecutive_terms = models.PositiveSmallIntegerField(
        "连任届数",
        default=1,
        help_text="在本职务上连续任职的届数，含本届",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "职务"
        verbose_name_plural = "职务"
        ordering = ["term", "office", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "person", "office"],
                name="position_once_per_office_per_term",
            ),
            models.CheckConstraint(
                condition=Q(selection="") | Q(office=Office.SECRETARY_GENERAL),
                name="position_selection_only_for_secretary_general",
            ),
            models.CheckConstraint(
                condition=Q(consecutive_terms__gte=1),
                name="position_consecutive_terms_positive",
            ),
        ]
        indexes = [models.Index(fields=["society", "office"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.office_label}"

    @property
    def office_label(self) -> str:
        """The office as written: 常务副理事长 for a 副理事长 marked 常务."""
        return ("常务" if self.is_executive else "") + self.get_office_display()

    @property
    def is_honorary(self) -> bool:
        return self.office in HONORARY_OFFICES

    def clean(self) -> None:
        if self.is_executive and self.office != Office.VICE_PRESIDENT:
            raise ValidationError({"is_executive": "只有副理事长可以是常务副理事长"})
        if self.term_id and self.society_id and self.term.society_id != self.society_id:
            raise ValidationError({"term": "届次不属于该学会"})
        if self.person_id and self.society_id and self.person.society_id != self.society_id:
            raise ValidationError({"person": "人员不是本学会登记的人员"})
        if self.term_id and not self.start_on:
            self.start_on = self.term.start_on
        if self.selection and self.office != Office.SECRETARY_GENERAL:
            raise ValidationError({"selection": "只有秘书长需要填写产生方式"})
        if self.start_on and self.end_on and self.end_on <= self.start_on:
            raise ValidationError({"end_on": "离任日期应晚于任职日期"})

    def is_current_on(self, day: dt.date) -> bool:
        """Current while start ≤ day < end, the end being its own or else its term's."""
        if not self.term.is_running_on(day) or self.start_on > day:
            return False
        return self.end_on is None or day < self.end_on
