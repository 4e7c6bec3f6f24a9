"""The Celery application: long work runs on workers when REDIS_URL is set, in-process otherwise.

Start a worker and the scheduler beside the app servers:

    celery -A config worker -l info
    celery -A config beat -l info
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("xuehui")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
