"""The memory cap of a worker (issue 17 §5, config/memory.py): gunicorn's post_fork hook and
Celery's worker_process_init cap the process's address space at XUEHUI_WORKER_MEMORY_MB, so
an allocation past it fails in that process; an upload whose parse runs out of memory gets a
Chinese message and changes nothing."""

import io
import resource

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config import memory
from xuehui.governance.models import Person, Position, Term
from xuehui.imports.tests.files import xlsx_bytes
from xuehui.lib import excel
from xuehui.lib.excel import SpreadsheetError

from .support import run_python

# A child process: apply the hook as the server would, report the limit, then try to take
# more than the cap allows.
CHILD = """
import resource, sys
{setup}
soft, hard = resource.getrlimit(resource.RLIMIT_AS)
print("limit", soft, hard)
try:
    block = bytearray(400 * 1024 * 1024)
except MemoryError:
    print("MemoryError")
else:
    print("allocated", len(block))
"""
GUNICORN_HOOK = """
import runpy
conf = runpy.run_path("deploy/gunicorn.conf.py")
conf["post_fork"](None, None)
"""


def _child(setup: str, megabytes: str) -> list[str]:
    done = run_python(CHILD.format(setup=setup), env={"XUEHUI_WORKER_MEMORY_MB": megabytes})
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_gunicorns_post_fork_hook_caps_the_workers_address_space():
    out = _child(GUNICORN_HOOK, "300")
    assert out[:3] == ["limit", str(300 * memory.MB), str(300 * memory.MB)]
    assert out[3] == "MemoryError"  # 400 MB past a 300 MB cap fails, in this process only


def test_celerys_pool_processes_cap_themselves_the_same_way():
    setup = (
        "from celery import signals; import config.celery\nsignals.worker_process_init.send(None)"
    )
    assert _child(setup, "300")[1:4] == [str(300 * memory.MB), str(300 * memory.MB), "MemoryError"]


def test_zero_leaves_the_worker_uncapped():
    out = _child(GUNICORN_HOOK, "0")
    assert out[1] == str(resource.RLIM_INFINITY) and out[3] == "allocated"


def test_a_hard_limit_already_lower_is_kept():
    setup = (
        "import resource\nresource.setrlimit(resource.RLIMIT_AS, (250 * 2**20, 250 * 2**20))\n"
        + GUNICORN_HOOK
    )
    assert _child(setup, "300")[1:3] == [str(250 * memory.MB)] * 2


@pytest.mark.parametrize(
    ("value", "megabytes", "celery_kib"),
    [("", memory.DEFAULT_MB, memory.DEFAULT_MB * 512), ("1024", 1024, 524288), ("0", 0, None)],
)
def test_the_setting_and_celerys_replacement_threshold(value, megabytes, celery_kib):
    assert memory.worker_memory_mb({"XUEHUI_WORKER_MEMORY_MB": value}) == megabytes
    assert memory.max_memory_per_child_kib(megabytes) == celery_kib


def test_a_negative_cap_is_refused():
    with pytest.raises(ValueError, match="不能为负数"):
        memory.worker_memory_mb({"XUEHUI_WORKER_MEMORY_MB": "-1"})


def test_the_settings_give_celery_half_the_cap():
    expected = memory.max_memory_per_child_kib(django_settings.XUEHUI_WORKER_MEMORY_MB)
    assert expected == django_settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD


# ---------------------------------------------------------------- a parse out of memory


def _out_of_memory(*args, **kwargs):
    raise MemoryError


def test_a_workbook_read_out_of_memory_is_a_spreadsheet_error(monkeypatch):
    monkeypatch.setattr(excel, "_read_excel", _out_of_memory)
    with pytest.raises(SpreadsheetError, match="文件过大.*未做任何改动"):
        excel.read_workbook(io.BytesIO(xlsx_bytes([["姓名"], ["张三"]])), filename="a.xlsx")


def test_a_streamed_sheet_out_of_memory_mid_way_is_a_spreadsheet_error(monkeypatch):
    stream = excel.stream_sheet(io.BytesIO(xlsx_bytes([["姓名"], ["张三"]])), filename="a.xlsx")
    monkeypatch.setattr(excel, "_clean_row", _out_of_memory)
    with pytest.raises(SpreadsheetError, match="文件过大"):
        list(stream.rows)


def test_calamine_out_of_memory_is_not_told_as_a_damaged_file():
    def rows():
        yield ["姓名"]
        raise MemoryError

    guarded = excel._guarded(rows(), "文件已损坏")
    assert next(guarded) == ["姓名"]
    with pytest.raises(SpreadsheetError, match="文件过大"):
        next(guarded)


@pytest.mark.django_db
def test_an_upload_whose_parse_runs_out_of_memory_gets_a_chinese_message_and_changes_nothing(
    secretary_a_client, society_a, media, monkeypatch
):
    monkeypatch.setattr(excel, "_read_excel", _out_of_memory)
    monkeypatch.setattr(excel, "_open_excel", _out_of_memory)
    rows = [["姓名", "出生年月", "学会职务"], ["张三", "1965.03", "会长"]]
    before = (Person.objects.count(), Position.objects.count(), Term.objects.count())
    response = secretary_a_client.post(
        reverse("governance:roster_import", args=[society_a.pk]),
        {
            "term_number": 3,
            "term_start": "2022-06-01",
            "file": SimpleUploadedFile("名册.xlsx", xlsx_bytes(rows)),
        },
    )
    assert response.status_code == 200
    assert "文件过大：读取它所需的内存超过了服务器设定的上限，未做任何改动" in (
        response.content.decode()
    )
    assert (Person.objects.count(), Position.objects.count(), Term.objects.count()) == before
    assert not (media / "imports").exists() or not any((media / "imports").iterdir())


# ---------------------------------------------------------------- a task that kills its worker


@pytest.mark.django_db
def test_a_task_whose_worker_died_each_time_is_not_delivered_for_ever(secretary_a):
    """A file past the cap in native code aborts the Celery process; the broker delivers the
    task again (acks_late): after MAX_ATTEMPTS starts it fails with a message, unrun."""
    from xuehui.jobs.choices import JobStatus
    from xuehui.jobs.models import Job
    from xuehui.jobs.services import MAX_ATTEMPTS, job_execute

    job = Job.objects.create(
        task="xuehui.imports.tasks.import_check",
        user=secretary_a,
        status=JobStatus.RUNNING,
        attempts=MAX_ATTEMPTS,
    )
    ran = []
    job_execute(job.pk, lambda job, progress: ran.append(job.pk))
    job.refresh_from_db()
    assert ran == [] and job.status == JobStatus.FAILED
    assert f"任务已开始执行{MAX_ATTEMPTS}次" in job.message and "已停止重试" in job.message
