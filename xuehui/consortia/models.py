from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class Consortium(models.Model):
    """学会联合体: related societies of a 科协 joined under a charter, with a rotating chair."""

    federation = models.ForeignKey(
        "societies.Federation",
        verbose_name="指导科协",
        on_delete=models.PROTECT,
        related_name="consortia",
    )
    name = models.CharField("名称", max_length=200)
    field = models.CharField("领域", max_length=100, blank=True, help_text="如：生态环境")
    founded_on = models.DateField("成立日期")
    secretariat = models.ForeignKey(
        "societies.Society",
        verbose_name="秘书处挂靠学会",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consortia_hosted",
    )
    charter = models.ForeignKey(
        "regulations.RuleDocument",
        verbose_name="联合体章程",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="在秘书处挂靠学会的“制度”中登记（类型选“其他”，以免算作该学会自己的章程）",
    )
    rotation_months = models.PositiveSmallIntegerField(
        "轮值周期（月）", default=12, help_text="每任轮值主席的任期，如 12 或 24 个月"
    )
    rotation_start = models.DateField("轮值起始日期", help_text="第一任轮值主席任期开始之日")
    note = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "学会联合体"
        verbose_name_plural = "学会联合体"
        ordering = ["federation", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "name"],
                name="consortium_federation_name_unique",
                violation_error_message="本科协已有同名的学会联合体",
            ),
            models.CheckConstraint(
                condition=Q(rotation_months__gte=1),
                name="consortium_rotation_months_positive",
                violation_error_message="轮值周期至少为1个月",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        secretariat = self.secretariat if self.secretariat_id else None
        if secretariat is not None and secretariat.federation_id != self.federation_id:
            errors["secretariat"] = "秘书处挂靠学会须是本科协的学会"
        if self.charter_id and self.charter.society_id != self.secretariat_id:
            errors["charter"] = "章程须是秘书处挂靠学会登记的制度"
        if self.founded_on and self.rotation_start and self.rotation_start < self.founded_on:
            errors["rotation_start"] = "轮值起始日期不能早于成立日期"
        if errors:
            raise ValidationError(errors)


class ConsortiumMember(models.Model):
    """成员学会: a society in a consortium from the day it joined until the day it left."""

    consortium = models.ForeignKey(
        Consortium, verbose_name="学会联合体", on_delete=models.CASCADE, related_name="members"
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="consortium_memberships",
    )
    joined_on = models.DateField("加入日期")
    left_on = models.DateField("退出日期", null=True, blank=True, help_text="留空表示仍是成员")
    rotation_order = models.PositiveSmallIntegerField(
        "轮值顺序", default=1, help_text="按此顺序轮流担任轮值主席，数小者在前"
    )

    class Meta:
        verbose_name = "成员学会"
        verbose_name_plural = "成员学会"
        ordering = ["consortium", "rotation_order", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "society"],
                name="consortium_member_unique",
                violation_error_message="该学会已是本联合体成员",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=F("joined_on")),
                name="consortium_member_left_after_joined",
                violation_error_message="退出日期须晚于加入日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consortium} · {self.society}"

    def clean(self) -> None:
        errors = {}
        if self.joined_on and self.left_on and self.left_on <= self.joined_on:
            errors["left_on"] = "退出日期须晚于加入日期"
        consortium = self.consortium if self.consortium_id else None
        if consortium is not None and self.joined_on and self.joined_on < consortium.founded_on:
            errors["joined_on"] = "加入日期不能早于联合体成立日期"
        society = self.society if self.society_id else None
        if consortium and society and society.federation_id != consortium.federation_id:
            errors["society"] = "成员须是指导科协的学会"
        if errors:
            raise ValidationError(errors)

    def is_member_on(self, day) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


class JointActivity(models.Model):
    """联合体活动: an activity of a consortium, recorded under its lead society and organised
    together with other member societies (协办)."""

    consortium = models.ForeignKey(
        Consortium,
        verbose_name="学会联合体",
        on_delete=models.CASCADE,
        related_name="joint_activities",
    )
    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name="活动",
        on_delete=models.CASCADE,
        related_name="joint",
    )
    co_organisers = models.ManyToManyField(
        "societies.Society", verbose_name="联合主办学会", blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "联合体活动"
        verbose_name_plural = "联合体活动"
        ordering = ["consortium", "-activity__start_on", "id"]

    def __str__(self) -> str:
        return str(self.activity)
