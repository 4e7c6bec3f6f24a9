from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .choices import FOUR_INTO_FIELDS, ActivityKind, ActivityLevel, ActivityRole


class Activity(models.Model):
    """活动: an activity a society hosted or took part in (academic exchange, outreach, training…)."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField("活动类型", max_length=32, choices=ActivityKind.choices)
    title = models.CharField("名称", max_length=200)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", blank=True, help_text="留空则与开始日期相同")
    level = models.CharField("级别", max_length=16, choices=ActivityLevel.choices)
    role = models.CharField("主办方式", max_length=16, choices=ActivityRole.choices)
    participants = models.PositiveIntegerField(
        "参加人数", null=True, blank=True, help_text="科普活动填写受众人次"
    )
    papers = models.PositiveIntegerField(
        "交流论文数（篇）", null=True, blank=True, help_text="学术交流活动收到或交流的论文篇数"
    )
    honoured = models.PositiveIntegerField(
        "举荐或获奖人数",
        null=True,
        blank=True,
        help_text="人才举荐活动填写举荐的人数，科技奖励活动填写获奖的人数（项目）",
    )
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name="开展的分支机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        help_text="由本学会的分支机构（专业委员会）开展的活动，计入本学会",
    )
    revenue = models.DecimalField(
        "收入（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    in_science_week = models.BooleanField("科技周或科普日", default=False)
    into_villages = models.BooleanField("进农村", default=False)
    into_communities = models.BooleanField("进社区", default=False)
    into_schools = models.BooleanField("进学校", default=False)
    into_enterprises = models.BooleanField("进企业", default=False)
    note = models.CharField("备注", max_length=500, blank=True)
    evidence = models.ManyToManyField(
        "files.StoredFile", verbose_name="佐证材料", blank=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["society", "-start_on", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "kind", "title", "start_on"],
                name="activity_kind_title_start_unique",
                violation_error_message="该学会已有同类型、同名称、同一开始日期的活动",
            ),
            models.CheckConstraint(
                condition=Q(end_on__gte=models.F("start_on")),
                name="activity_end_not_before_start",
                violation_error_message="结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                condition=Q(revenue__isnull=True) | Q(revenue__gte=0),
                name="activity_revenue_not_negative",
                violation_error_message="收入不能为负数",
            ),
        ]
        indexes = [models.Index(fields=["society", "start_on"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_on and not self.end_on:
            self.end_on = self.start_on
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": "结束日期不能早于开始日期"})
        if self.branch_id and self.society_id and self.branch.society_id != self.society_id:
            raise ValidationError({"branch": "该分支机构不属于本学会"})

    @property
    def four_into(self) -> list[str]:
        """The places of 四进 this activity went into, as choice values."""
        return [place for place, field in FOUR_INTO_FIELDS.items() if getattr(self, field)]

    @property
    def four_into_display(self) -> str:
        return "、".join(place.label for place in self.four_into)
