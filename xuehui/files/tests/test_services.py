import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File

from xuehui.audit.models import AuditEntry
from xuehui.files.models import StoredFile
from xuehui.files.services import file_delete, file_store

from .factories import ooxml_bytes, pdf_bytes, png_bytes, upload


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("章程.pdf", pdf_bytes(), "application/pdf"),
        ("照片.png", png_bytes(), "image/png"),
        (
            "纪要.docx",
            ooxml_bytes("word"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_it_stores_a_good_file_with_its_sha256_under_a_generated_name(
    society_a, secretary_a, media_in_tmp, name, content, content_type
):
    stored = file_store(
        upload=upload(name, content), society=society_a, actor=secretary_a, purpose="制度"
    )
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)
    assert stored.original_name == name
    assert stored.content_type == content_type
    assert stored.uploaded_by == secretary_a
    parts = stored.file.name.split("/")
    assert parts[0] == "files" and parts[1] == str(society_a.pk) and len(parts[2]) == 4
    assert name.split(".")[0] not in stored.file.name
    assert (media_in_tmp / stored.file.name).read_bytes() == content
    assert AuditEntry.objects.filter(action="file_store", target_id=str(stored.pk)).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("报告.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),
        ("报告.pdf", b"#!/bin/bash\necho hi\n"),
        ("../../etc/passwd.pdf", pdf_bytes()),
        ("C:\\a\\b.pdf", pdf_bytes()),
        ("空.pdf", b""),
    ],
)
def test_it_stores_nothing_when_the_upload_is_refused(society_a, media_in_tmp, name, content):
    # A plain File keeps the name as given (Django's upload parser would strip a path first).
    with pytest.raises(ValidationError):
        file_store(upload=File(io.BytesIO(content), name=name), society=society_a)
    assert not StoredFile.objects.exists()
    assert not media_in_tmp.exists() or not any(p.is_file() for p in media_in_tmp.rglob("*"))


def test_it_stores_nothing_when_the_file_is_too_large(settings, society_a, media_in_tmp):
    settings.XUEHUI_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="超过上限"):
        file_store(upload=upload("大.pdf", pdf_bytes() + b"x" * 200), society=society_a)
    assert not StoredFile.objects.exists()


def test_deleting_a_file_removes_the_record_and_the_bytes(
    django_capture_on_commit_callbacks, society_a, media_in_tmp
):
    stored = file_store(upload=upload("章程.pdf", pdf_bytes()), society=society_a)
    path = media_in_tmp / stored.file.name
    with django_capture_on_commit_callbacks(execute=True):
        file_delete(stored_file=stored)
    assert not StoredFile.objects.exists()
    assert not path.exists()
