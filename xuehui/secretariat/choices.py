from django.db import models


class OfficeSource(models.TextChoices):
    """办公场所来源."""

    OWNED = "owned", "自有"
    RENTED = "rented", "租赁"
    HOST_PROVIDED = "host_provided", "挂靠单位提供"
    BORROWED = "borrowed", "借用"
