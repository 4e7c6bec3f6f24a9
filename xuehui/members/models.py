import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from xuehui.governance.choices import Gender
from xuehui.lib.fields import NameKeys
from xuehui.lib.identifiers import (
    mask_id_number,
    mask_phone,
    reconcile_id_number,
    validate_phone,
    validate_uscc,
)
from xuehui.lib.text import person_name_keys, pinyin_keys

from .choices import LEFT_STATUSES, CongressForm, MemberStatus


class MembershipProfile(models.Model):
    """会员大会与会员名册设置: one row per society — the congress form and the register's start."""

    society = models.OneToOneField(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="membership_profile",
    )
    congress_form = models.CharField(
        "会员大会形式", max_length=16, choices=CongressForm.choices, blank=True
    )
    representative_count = models.PositiveIntegerField(
        "会员代表人数", null=True, blank=True, help_text="会员代表大会的代表人数"
    )
    register_since = models.PositiveSmallIntegerField(
        "会员名册起始年度",
        null=True,
        blank=True,
        help_text="从该年度起，年度会员数按会员名册统计；之前的年度使用手工填报的年度会员统计",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "会员大会与名册设置"
        verbose_name_plural = "会员大会与名册设置"
        constraints = [
            models.CheckConstraint(
                condition=Q(register_since__isnull=True)
                | Q(register_since__gte=1950, register_since__lte=2100),
                name="membership_register_since_sane",
                violation_error_message="会员名册起始年度应在1950至2100之间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.society} · {self.get_congress_form_display() or '未填写会员大会形式'}"

    def clean(self) -> None:
        if self.congress_form == CongressForm.GENERAL and self.representative_count:
            raise ValidationError({"representative_count": "会员大会形式无需填写会员代表人数"})

    def register_kept_for(self, year: int) -> bool:
        return self.register_since is not None and year >= self.register_since


class MemberBase(NameKeys, models.Model):
    """What individual and institutional members share: join and leave dates, status."""

    member_number = models.CharField("会员编号", max_length=40, blank=True)
    join_date = models.DateField(
        "入会日期", null=True, blank=True, help_text="留空视为在会员名册起始之前已入会"
    )
    status = models.CharField(
        "状态", max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    left_on = models.DateField("离会日期", null=True, blank=True, help_text="退会或除名的日期")
    # The name in pinyin and its initials, for sorting as a Chinese reader expects and for
    # searching by initials (zs → 张三); set on every save, and by the import's bulk writes.
    name_pinyin = models.CharField("姓名拼音", max_length=300, blank=True, editable=False)
    name_initials = models.CharField("姓名拼音首字母", max_length=100, blank=True, editable=False)
    # Set when the personal data was anonymised on request (services.*_member_anonymise).
    anonymised_at = models.DateTimeField("匿名化时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True

    def set_name_keys(self) -> None:
        self.name_pinyin, self.name_initials = person_name_keys(getattr(self, "name", ""))

    def clean(self) -> None:
        if self.status in LEFT_STATUSES and not self.left_on:
            raise ValidationError({"left_on": "退会或除名的会员须填写离会日期"})
        if self.status == MemberStatus.ACTIVE and self.left_on:
            raise ValidationError({"left_on": "状态为“正常”的会员不应有离会日期"})
        if self.join_date and self.left_on and self.left_on < self.join_date:
            raise ValidationError({"left_on": "离会日期不能早于入会日期"})

    def is_member_on(self, day: dt.date) -> bool:
        """Joined on or before `day` and not yet left (a blank join date counts as joined)."""
        joined = self.join_date is None or self.join_date <= day
        return joined and (self.left_on is None or self.left_on > day)


class IndividualMember(MemberBase):
    """个人会员: one person in a society's register of individual members."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="individual_members",
        db_index=False,  # the indexes below lead with it (one index fewer per member written)
    )
    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    id_number = models.CharField("身份证号码", max_length=18, blank=True)
    employer = models.CharField("工作单位", max_length=100, blank=True)
    title = models.CharField("职务职称", max_length=100, blank=True)
    education = models.CharField("学历", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True, validators=[validate_phone])
    is_frontline = models.BooleanField(
        "基层一线科技工作者", null=True, blank=True, help_text="未填写时为“未填”，不等于“否”"
    )
    dues_paid_until = models.DateField("会费缴至", null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)

    class Meta:
        verbose_name = "个人会员"
        verbose_name_plural = "个人会员"
        ordering = ["society", "member_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "member_number"],
                condition=~Q(member_number=""),
                name="individual_member_number_unique",
                violation_error_message="该学会已有相同会员编号的个人会员",
            ),
            models.UniqueConstraint(
                fields=["society", "id_number"],
                condition=~Q(id_number=""),
                name="individual_member_id_number_unique",
                violation_error_message="该学会已有相同身份证号码的个人会员",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(join_date__isnull=True)
                | Q(left_on__gte=models.F("join_date")),
                name="individual_member_left_after_join",
                violation_error_message="离会日期不能早于入会日期",
            ),
        ]
        indexes = [
            models.Index(fields=["society", "join_date"]),
            models.Index(fields=["society", "status"]),
            models.Index(fields=["society", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.id_number:
            info = reconcile_id_number(
                self.id_number, birth_date=self.birth_date, is_male=Gender.is_male(self.gender)
            )
            self.id_number, self.birth_date = info.number, info.birth_date
            self.gender = Gender.of(info.is_male)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class InstitutionalMember(MemberBase):
    """单位会员: an organisation in a society's register of institutional members."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="institutional_members",
        db_index=False,  # the indexes below lead with it (one index fewer per member written)
    )
    name = models.CharField("单位名称", max_length=100)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc]
    )
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField(
        "联系电话", max_length=40, blank=True, validators=[validate_phone]
    )

    class Meta:
        verbose_name = "单位会员"
        verbose_name_plural = "单位会员"
        ordering = ["society", "member_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "member_number"],
                condition=~Q(member_number=""),
                name="institutional_member_number_unique",
                violation_error_message="该学会已有相同会员编号的单位会员",
            ),
            models.UniqueConstraint(
                fields=["society", "uscc"],
                condition=~Q(uscc=""),
                name="institutional_member_uscc_unique",
                violation_error_message="该学会已有相同统一社会信用代码的单位会员",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(join_date__isnull=True)
                | Q(left_on__gte=models.F("join_date")),
                name="institutional_member_left_after_join",
                violation_error_message="离会日期不能早于入会日期",
            ),
        ]
        indexes = [
            models.Index(fields=["society", "join_date"]),
            models.Index(fields=["society", "status"]),
        ]

    def __str__(self) -> str:
        return self.name

    def set_name_keys(self) -> None:
        """A unit's name is read phrase by phrase (重庆 chongqing), as societies' names are."""
        self.name_pinyin, self.name_initials = pinyin_keys(self.name)

    def clean(self) -> None:
        super().clean()
        if self.uscc:
            try:
                self.uscc = validate_uscc(self.uscc)
            except ValidationError as error:
                raise ValidationError({"uscc": error.messages}) from None

    @property
    def contact_phone_masked(self) -> str:
        return mask_phone(self.contact_phone)


class MemberYearStat(models.Model):
    """年度会员统计: a society's member counts for one year, entered by hand (e.g. 2016)."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="member_year_stats",
    )
    year = models.PositiveSmallIntegerField("年度")
    individual_count = models.PositiveIntegerField("个人会员数")
    institutional_count = models.PositiveIntegerField("单位会员数", default=0)
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度会员统计"
        verbose_name_plural = "年度会员统计"
        ordering = ["society", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "year"],
                name="member_year_stat_unique",
                violation_error_message="该学会已有该年度的会员统计",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1950, year__lte=2100),
                name="member_year_stat_year_sane",
                violation_error_message="年度应在1950至2100之间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.society} {self.year}年：个人{self.individual_count}、单位{self.institutional_count}"
