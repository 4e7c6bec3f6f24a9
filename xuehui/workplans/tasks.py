from celery import shared_task
from django.utils import timezone

from .reminders import reminders_send


@shared_task(name="xuehui.workplans.tasks.send_reminders")
def send_reminders() -> int:
    """The deadline reminders due today (scheduled hourly; each is sent once)."""
    return sum(reminders_send(day=timezone.localdate()).values())
