from django.conf import settings
from django.db import models

from xuehui.societies.choices import FederationLevel

from .choices import Addressee, DecisionKind, Obligation, Status


class Framework(models.Model):
    """政策框架: one policy document encoded as data; its versions keep every text ever loaded."""

    key = models.SlugField("框架代码", max_length=60, unique=True)
    title = models.CharField("文件名称", max_length=200)
    short_title = models.CharField(
        "简称", max_length=30, blank=True, help_text="页面和导出文件中使用的简称，如“湖北实施意见”"
    )
    issuer = models.CharField("发文单位", max_length=100)
    document_number = models.CharField("文号", max_length=60, blank=True)
    source = models.CharField("来源文件", max_length=100, help_text="政策文件原文的文件名")
    jurisdiction_level = models.CharField("层级", max_length=16, choices=FederationLevel.choices)
    effective_on = models.DateField("生效日期")
    version = models.PositiveIntegerField("当前版本")
    note = models.TextField("说明", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政策框架"
        verbose_name_plural = "政策框架"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title

    @property
    def name(self) -> str:
        """The short Chinese name used in headers and columns (the title when there is none)."""
        return self.short_title or self.title

    @property
    def current_version(self) -> "FrameworkVersion":
        return self.versions.get(version=self.version)


class FrameworkVersion(models.Model):
    """框架版本: the full data of one loaded version of a framework, kept for earlier results."""

    framework = models.ForeignKey(
        Framework, verbose_name="政策框架", on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField("版本")
    content = models.JSONField("框架数据")
    sha256 = models.CharField("内容摘要", max_length=64)
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)

    class Meta:
        verbose_name = "框架版本"
        verbose_name_plural = "框架版本"
        ordering = ["framework", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "version"], name="framework_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework.name}（第{self.version}版）"

    def spec(self):
        from .spec import parse_framework

        return parse_framework(self.content)


class Requirement(models.Model):
    """要求: one node of a framework version (task, standard, rule), citing its clause."""

    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name="框架版本",
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    key = models.CharField("编号", max_length=40)
    parent_key = models.CharField("上级编号", max_length=40, blank=True)
    position = models.PositiveIntegerField("顺序")
    depth = models.PositiveSmallIntegerField("层级")
    title = models.CharField("标题", max_length=200)
    clause = models.CharField("条款", max_length=100)
    excerpt = models.TextField("条文摘录", blank=True)
    obligation = models.CharField("约束力", max_length=16, choices=Obligation.choices, blank=True)
    decision = models.CharField("核验方式", max_length=16, choices=DecisionKind.choices, blank=True)
    addressee = models.CharField(
        "对象", max_length=16, choices=Addressee.choices, default=Addressee.SOCIETY
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "要求"
        verbose_name_plural = "要求"
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="requirement_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """The document's own numbering (its clause, 四、（一）2), as screens name a requirement;
        the key is the library's identifier and is not shown."""
        return self.clause or self.key


class EvaluationRun(models.Model):
    """核验记录: one stored evaluation of a framework version for some societies on a date."""

    version = models.ForeignKey(
        FrameworkVersion, verbose_name="框架版本", on_delete=models.PROTECT, related_name="runs"
    )
    on = models.DateField("核验日期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    society_count = models.PositiveIntegerField("学会数")

    class Meta:
        verbose_name = "核验记录"
        verbose_name_plural = "核验记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.version} · {self.on:%Y-%m-%d}"


class Result(models.Model):
    """核验结果: one requirement's status for one society in a stored run, with its explanation."""

    run = models.ForeignKey(
        EvaluationRun, verbose_name="核验记录", on_delete=models.CASCADE, related_name="results"
    )
    society = models.ForeignKey(
        "societies.Society", verbose_name="学会", on_delete=models.CASCADE, related_name="+"
    )
    requirement = models.ForeignKey(
        Requirement, verbose_name="要求", on_delete=models.PROTECT, related_name="results"
    )
    status = models.CharField("结果", max_length=16, choices=Status.choices)
    actual = models.CharField("实际", max_length=300, blank=True)
    expected = models.CharField("要求", max_length=300, blank=True)
    explanation = models.TextField("说明")
    people = models.JSONField("涉及人员", default=list, blank=True)

    class Meta:
        verbose_name = "核验结果"
        verbose_name_plural = "核验结果"
        ordering = ["run", "society", "requirement__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "society", "requirement"], name="result_once_per_run"
            )
        ]
        indexes = [models.Index(fields=["run", "society"])]

    def __str__(self) -> str:
        return f"{self.requirement.number} {self.get_status_display()}"


class FrameworkAdoption(models.Model):
    """框架采用: a 科协 adopts a framework for its societies, as binding or for reference only;
    inherited down the federation tree, a lower 科协's own adoption overriding its parent's."""

    federation = models.ForeignKey(
        "societies.Federation",
        verbose_name="科协",
        on_delete=models.CASCADE,
        related_name="framework_adoptions",
    )
    framework = models.ForeignKey(
        Framework, verbose_name="政策框架", on_delete=models.CASCADE, related_name="adoptions"
    )
    binding = models.BooleanField(
        "约束性", help_text="约束性：本科协及下级科协的学会须遵照执行；否则仅供参考、对照"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "框架采用"
        verbose_name_plural = "框架采用"
        ordering = ["federation", "framework"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "framework"], name="framework_adopted_once_per_federation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.federation}：{self.framework}（{'约束性' if self.binding else '参考'}）"


class TaskChoice(models.Model):
    """自选任务: the tasks a society chose within a framework's 自选 group (天津 三、“至少选5项”);
    the tasks it did not choose read 未选 and do not count against it."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        on_delete=models.CASCADE,
        related_name="task_choices",
    )
    framework = models.ForeignKey(
        Framework, verbose_name="政策框架", on_delete=models.CASCADE, related_name="task_choices"
    )
    group_key = models.CharField("任务组编号", max_length=40)
    task_keys = models.JSONField("选定的任务", default=list)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "自选任务"
        verbose_name_plural = "自选任务"
        ordering = ["society", "framework", "group_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "framework", "group_key"], name="task_choice_once_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.society}：{self.framework.name} {self.group_key}（{len(self.task_keys)}项）"


class StoredResult(models.Model):
    """存储的核验结果: a framework version's statuses for one society on a day, kept current
    (`rules.stored`): a write to the society's records marks it stale and a task computes it
    again; each day starts with every society computed for the new date. Only statuses and
    counts are kept; a page that shows explanations evaluates the one society it shows."""

    society = models.ForeignKey(
        "societies.Society", verbose_name="学会", on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        FrameworkVersion, verbose_name="框架版本", on_delete=models.CASCADE, related_name="+"
    )
    on = models.DateField("核验日期")
    computed_at = models.DateTimeField("计算时间")
    stale = models.BooleanField("待重新计算", default=False)
    # Raised by every mark: a computation that began before a mark leaves the row stale.
    generation = models.PositiveIntegerField("数据版本", default=0)
    reference = models.BooleanField("仅供参考", default=False)
    rate = models.FloatField("达标率", null=True, blank=True)
    summary = models.JSONField("各结果项数", default=dict)
    # The three counts the overview shows under each rate, as columns: a page of 3,000
    # societies × 5 frameworks reads them without decoding 15,000 JSON documents.
    fail_count = models.PositiveIntegerField("不达标项数", default=0)
    evidence_count = models.PositiveIntegerField("待补充材料项数", default=0)
    review_count = models.PositiveIntegerField("待专家评审项数", default=0)
    encouraged_done = models.PositiveSmallIntegerField("鼓励项已开展", default=0)
    encouraged_total = models.PositiveSmallIntegerField("鼓励项", default=0)
    statuses = models.JSONField("逐项结果", default=dict)  # requirement key → status

    class Meta:
        verbose_name = "存储的核验结果"
        verbose_name_plural = "存储的核验结果"
        constraints = [
            models.UniqueConstraint(fields=["society", "version"], name="stored_result_once")
        ]
        indexes = [
            models.Index(fields=["version", "rate"]),
            # The pages kept across requests read the newest computation on every request
            # (audit.versions.data_version): one index step, not a scan of every society.
            models.Index(fields=["computed_at"], name="stored_result_computed"),
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.on:%Y-%m-%d}"
