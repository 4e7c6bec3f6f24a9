from django.db import models
from simple_history.models import HistoricalRecords

from xuehui.lib.fields import NameKeys
from xuehui.lib.identifiers import validate_phone, validate_uscc
from xuehui.lib.text import pinyin_keys

from .choices import DatePrecision, DisciplineCategory, FederationLevel, SocietyStatus


class Federation(models.Model):
    """科协: the association for science and technology of a jurisdiction; federations form a tree."""

    name = models.CharField("名称", max_length=100, unique=True)
    code = models.SlugField("代码", max_length=40, unique=True, help_text="英文字母、数字或连字符")
    level = models.CharField("层级", max_length=16, choices=FederationLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级科协",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(
        "启用", default=True, help_text="停用的科协不能再设立学会、下级科协或发起工作，记录保留"
    )
    deactivated_at = models.DateTimeField("停用时间", null=True, blank=True)
    deactivation_reason = models.CharField("停用原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "科协"
        verbose_name_plural = "科协"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Society(NameKeys, models.Model):
    """学会: a registered scientific society under a federation."""

    name = models.CharField("学会名称", max_length=100, db_index=True)
    uscc = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_uscc],
    )
    category = models.CharField(
        "学科类别",
        max_length=20,
        choices=DisciplineCategory.choices,
        blank=True,
    )
    supervising_authority = models.CharField("业务主管单位", max_length=100, blank=True)
    host_institution = models.CharField(
        "挂靠单位",
        max_length=100,
        blank=True,
        help_text="留空表示无挂靠",
    )
    founded_on = models.DateField("成立日期", null=True, blank=True)
    founded_precision = models.CharField(
        "成立日期精度",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="只知道成立年份时为“年”（日期记为该年1月1日）",
    )
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True, validators=[validate_phone])
    legal_representative = models.CharField("法定代表人", max_length=40, blank=True)
    federation = models.ForeignKey(
        Federation,
        verbose_name="所属科协",
        on_delete=models.PROTECT,
        related_name="societies",
    )
    status = models.CharField(
        "状态",
        max_length=16,
        choices=SocietyStatus.choices,
        default=SocietyStatus.ACTIVE,
    )
    is_synthetic = models.BooleanField(
        "演示数据",
        default=False,
        help_text="由演示命令生成的虚构学会",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Derived from the name on every save (and by the registry import): the list sorts by
    # pinyin and its search matches initials (hbhj → 湖北省环境科学学会).
    name_pinyin = models.CharField(
        "名称拼音", max_length=600, blank=True, editable=False, db_index=True
    )
    name_initials = models.CharField("名称拼音首字母", max_length=100, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "name_pinyin", "name_initials"])

    class Meta:
        verbose_name = "学会"
        verbose_name_plural = "学会"
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["federation", "status"])]

    def __str__(self) -> str:
        return self.name

    def set_name_keys(self) -> None:
        self.name_pinyin, self.name_initials = pinyin_keys(self.name)

    @property
    def host_display(self) -> str:
        return self.host_institution or "无挂靠"
