import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import FINISHED, JobStatus

# While a job runs on a worker its row is touched this often (jobs.services._heartbeat); a
# running job three beats behind is shown as possibly interrupted (jobs.services hands it on
# after STALLED_AFTER).
HEARTBEAT_SECONDS = 30
SILENT_AFTER = dt.timedelta(seconds=3 * HEARTBEAT_SECONDS)


class Job(models.Model):
    """A piece of long work run by a worker for a user, with its progress and result."""

    task = models.CharField("任务", max_length=200)
    title = models.CharField("名称", max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="发起人"
    )
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    message = models.TextField("说明", blank=True)
    result = models.JSONField("结果", default=dict, blank=True)
    next_url = models.CharField("完成后前往", max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    # The broker's delivery that runs the job (the first to start claims it; a message the
    # broker hands out again later, under another id, then finds the job taken) and when the
    # process running it last said it was alive (services.job_requeue_stalled).
    delivery = models.CharField("执行编号", max_length=64, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "后台任务"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["status", "heartbeat_at"]),  # the stalled ones, every few minutes
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def silent(self) -> bool:
        """Running on a worker that has stopped saying it is alive."""
        beat = self.heartbeat_at
        return (
            self.status == JobStatus.RUNNING
            and beat is not None
            and timezone.now() - beat > SILENT_AFTER
        )

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
