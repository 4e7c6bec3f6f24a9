from celery import shared_task
from django.utils import timezone

from xuehui.access import SYSTEM
from xuehui.societies.models import Society

from .services import listings_sweep


@shared_task(name="xuehui.credit.tasks.sweep_listings")
def sweep_listings() -> int:
    """The 活动异常名录 kept in step with the annual reports (scheduled daily; idempotent)."""
    listed, removed = listings_sweep(
        societies=Society.objects.all(), on=timezone.localdate(), actor=SYSTEM
    )
    return listed + removed
