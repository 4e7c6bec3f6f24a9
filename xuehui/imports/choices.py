from django.db import models


class ClaimStatus(models.TextChoices):
    RUNNING = "running", "正在导入"
    DONE = "done", "已导入"
