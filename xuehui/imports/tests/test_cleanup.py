"""Uploads nobody confirmed are deleted after a day, with their files (W9); the cap on waiting
uploads is the user's, not the session's."""

import datetime as dt
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from xuehui.files.models import StoredFile
from xuehui.files.tests.factories import make_stored_file
from xuehui.imports.models import PendingImport
from xuehui.imports.services import cleanup_cutoff, uploads_cleanup
from xuehui.imports.tasks import cleanup_uploads

from .files import client_tokens
from .test_views import ROSTER_HEADER, roster_post, stored_files

pytestmark = pytest.mark.django_db
ROWS = [ROSTER_HEADER, ["张三", "1965.03", "会长", "是"]]


def _age(pending: PendingImport, hours: float) -> None:
    then = timezone.now() - dt.timedelta(hours=hours)
    PendingImport.objects.filter(pk=pending.pk).update(created_at=then)
    path = default_storage.path(pending.key)
    os.utime(path, (then.timestamp(), then.timestamp()))


def test_uploads_left_for_more_than_a_day_go_with_their_files(
    secretary_a_client, society_a, media_in_tmp
):
    roster_post(secretary_a_client, society_a, ROWS)
    roster_post(secretary_a_client, society_a, ROWS)
    old, recent = PendingImport.objects.order_by("pk")
    _age(old, 25)
    _age(recent, 23)

    out = io.StringIO()
    call_command("cleanup_uploads", stdout=out)
    assert "删除未确认的导入1个" in out.getvalue()

    assert list(PendingImport.objects.all()) == [recent]
    assert [path.name for path in stored_files(media_in_tmp)] == [recent.key.split("/")[-1]]


def test_files_nobody_recorded_and_raw_registers_are_deleted_too(
    secretary_a, society_a, media_in_tmp
):
    stray = default_storage.save("imports/stray.xlsx", ContentFile(b"x"))
    then = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(default_storage.path(stray), (then, then))
    fresh = default_storage.save("imports/fresh.xlsx", ContentFile(b"x"))
    register = make_stored_file(society_a, purpose="会员名册导入", actor=secretary_a)
    StoredFile.objects.filter(pk=register.pk).update(
        uploaded_at=timezone.now() - dt.timedelta(days=2)
    )
    evidence = make_stored_file(society_a, purpose="campaign_evidence", actor=secretary_a)
    StoredFile.objects.filter(pk=evidence.pk).update(
        uploaded_at=timezone.now() - dt.timedelta(days=2)
    )

    counts = uploads_cleanup(before=cleanup_cutoff())

    assert (counts.pending, counts.stray_files, counts.registers) == (0, 1, 1)
    assert not default_storage.exists(stray) and default_storage.exists(fresh)
    assert list(StoredFile.objects.all()) == [evidence]  # only unfinished imports go
    assert "遗留的导入文件1个" in counts.summary()


def test_the_scheduled_task_runs_the_same_clean_up(secretary_a_client, society_a, media_in_tmp):
    roster_post(secretary_a_client, society_a, ROWS)
    _age(PendingImport.objects.get(), 30)
    assert "：删除未确认的导入1个" in cleanup_uploads()
    assert not PendingImport.objects.exists() and stored_files(media_in_tmp) == []


def test_signing_in_again_does_not_reset_the_cap_on_waiting_uploads(
    settings, secretary_a, society_a, media_in_tmp
):
    settings.XUEHUI_PENDING_IMPORTS_PER_USER = 3
    for _session in range(3):
        client = Client()
        client.force_login(secretary_a)
        roster_post(client, society_a, ROWS)
        roster_post(client, society_a, ROWS)
    assert PendingImport.objects.filter(user=secretary_a).count() == 3
    assert len(stored_files(media_in_tmp)) == 3
    assert client_tokens(client) == list(
        PendingImport.objects.order_by("created_at", "pk").values_list("token", flat=True)
    )
