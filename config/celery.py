"""The Celery application: long work runs on workers when REDIS_URL is set, in-process otherwise.

Start a worker and the scheduler beside the app servers:

    celery -A config worker -l info
    celery -A config beat -l info
"""

import os

from celery import Celery, signals

from config import memory, requestid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("xuehui")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Each pool process caps its own memory (XUEHUI_WORKER_MEMORY_MB, config/memory.py).
signals.worker_process_init.connect(memory.limit_this_worker, weak=False)
# The request id travels with the task (config/requestid.py).
signals.before_task_publish.connect(requestid.task_publishing, weak=False)
signals.task_prerun.connect(requestid.task_starting, weak=False)
signals.task_postrun.connect(requestid.task_finished, weak=False)
