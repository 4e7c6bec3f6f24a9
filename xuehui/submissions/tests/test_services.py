import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from xuehui.imports.tasks import cleanup_uploads
from xuehui.submissions.models import FormSubmission
from xuehui.submissions.services import purge_old_tokens, token_cutoff

pytestmark = pytest.mark.django_db


def make_submission(token: str, age: dt.timedelta) -> FormSubmission:
    submission = FormSubmission.objects.create(token=token, path="/x/")
    FormSubmission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - age)
    return submission


def test_tokens_older_than_the_cutoff_are_purged_and_newer_kept():
    make_submission("old" * 8, dt.timedelta(days=2))
    kept = make_submission("new" * 8, dt.timedelta(hours=2))
    assert purge_old_tokens(before=token_cutoff()) == 1
    assert list(FormSubmission.objects.all()) == [kept]


def test_the_upload_clean_up_purges_day_old_tokens(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_submission("old" * 8, dt.timedelta(days=2))
    assert "删除一天前的表单提交记录1条" in cleanup_uploads()
    make_submission("older" * 5, dt.timedelta(days=3))
    out = io.StringIO()
    call_command("cleanup_uploads", stdout=out)
    assert "删除一天前的表单提交记录1条" in out.getvalue()
    assert not FormSubmission.objects.exists()
