"""The memory cap of a worker process (issue 17 §5: no worker grows past a set memory).

XUEHUI_WORKER_MEMORY_MB caps the address space of each gunicorn worker (gunicorn's post_fork
hook, deploy/gunicorn.conf.py) and of each Celery pool process (worker_process_init,
config/celery.py) with setrlimit(RLIMIT_AS): an allocation past it fails in that process
alone. Python code gets a MemoryError, which the spreadsheet reader turns into a Chinese
message (xuehui.lib.excel) and the request's transaction rolls back; native code that cannot
handle a failed allocation (calamine, in Rust) aborts the process, and gunicorn or Celery
replaces it. Either way the other workers and the machine are untouched. Linux does not
enforce RLIMIT_RSS, hence the address space: it is larger than the resident memory (about
150 MB for a worker with the app loaded, against 125 MB resident), so the cap leaves room.

The Celery pool also replaces a process whose resident memory passed half the cap after a
task (worker_max_memory_per_child), so a slow leak ends in a fresh process before the cap
is reached. 0 turns both off (development, tests).
"""

import os
import resource

DEFAULT_MB = 1536
MB = 1024 * 1024


def worker_memory_mb(environ=os.environ) -> int:
    """The cap in MB from XUEHUI_WORKER_MEMORY_MB (0: no cap)."""
    value = environ.get("XUEHUI_WORKER_MEMORY_MB", "").strip()
    megabytes = int(value) if value else DEFAULT_MB
    if megabytes < 0:
        raise ValueError("XUEHUI_WORKER_MEMORY_MB 不能为负数（0 表示不限制）")
    return megabytes


def max_memory_per_child_kib(megabytes: int) -> int | None:
    """Celery's worker_max_memory_per_child (KiB of resident memory): half the cap."""
    return megabytes * 1024 // 2 if megabytes else None


def limit_address_space(megabytes: int) -> None:
    """Cap this process's address space (soft and hard: the process cannot raise it again)."""
    if not megabytes:
        return
    cap = megabytes * MB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)  # an unprivileged process may only lower its hard limit
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def limit_this_worker(*_args, **_kwargs) -> None:
    """The hook itself (gunicorn's post_fork, Celery's worker_process_init)."""
    limit_address_space(worker_memory_mb())
