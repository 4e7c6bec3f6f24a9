"""gunicorn's settings for xuehui (docs/deploy.md): `gunicorn -c deploy/gunicorn.conf.py
config.wsgi`. The environment (DATABASE_URL, SECRET_KEY…) comes from systemd's EnvironmentFile;
a command-line option overrides a value here."""

import multiprocessing
import os

# Behind nginx on the same machine; another machine's nginx: XUEHUI_BIND=0.0.0.0:8001 and a
# firewall that lets only nginx in.
bind = os.environ.get("XUEHUI_BIND", "127.0.0.1:8001")
# Sync workers, each one request at a time: 2 × cores + 1 is gunicorn's rule of thumb.
workers = int(os.environ.get("XUEHUI_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# Long work runs on Celery workers; a request over 120 s is stuck, and is killed.
timeout = 120
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (any slow leak stays bounded); the jitter keeps
# the workers from being replaced all at once.
max_requests = 2000
max_requests_jitter = 200


def post_fork(server, worker):
    """Cap the new worker's memory at XUEHUI_WORKER_MEMORY_MB (config/memory.py): a request
    that needs more fails in this worker alone (MemoryError, or an abort in native code, after
    which the master forks a fresh worker)."""
    from config.memory import limit_this_worker

    limit_this_worker()


# Access log on standard output (journald), with the request id of the response (nginx's, or
# the one the app made when none came).
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'
errorlog = "-"
# nginx on this machine is the only proxy whose X-Forwarded-* headers are trusted.
forwarded_allow_ips = os.environ.get("XUEHUI_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
