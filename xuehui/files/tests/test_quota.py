"""W9: every stored upload counts against its uploader's quota (XUEHUI_USER_UPLOAD_QUOTA_BYTES);
an upload past it is refused in Chinese, naming the quota and what is used, and nothing is
stored."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from xuehui.activities.models import Activity
from xuehui.activities.services import activity_save
from xuehui.files.models import StoredFile
from xuehui.files.selectors import bytes_used_by
from xuehui.files.services import file_delete, file_store
from xuehui.imports.models import PendingImport
from xuehui.imports.tests.files import csv_bytes

from .factories import make_stored_file, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def _stored_names(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_bytes_used_by_counts_the_user_s_own_stored_files_only(
    society_a, secretary_a, secretary_b, society_b
):
    first = make_stored_file(society_a, actor=secretary_a, content=pdf_bytes("a" * 100))
    second = make_stored_file(society_a, actor=secretary_a, content=pdf_bytes("b"))
    make_stored_file(society_b, actor=secretary_b, content=pdf_bytes("c" * 500))
    assert bytes_used_by(secretary_a) == first.size + second.size
    file_delete(stored_file=first, actor=secretary_a)
    assert bytes_used_by(secretary_a) == second.size
    assert bytes_used_by(None) == 0


def test_the_default_quota_is_two_gibibytes():
    from config import settings as project_settings

    assert project_settings.XUEHUI_USER_UPLOAD_QUOTA_BYTES == 2 * 1024**3


def test_an_upload_past_the_quota_is_refused_naming_quota_and_use_and_nothing_is_stored(
    society_a, secretary_a, settings, media_in_tmp
):
    kept = make_stored_file(society_a, actor=secretary_a, content=pdf_bytes("x" * 400))
    settings.XUEHUI_USER_UPLOAD_QUOTA_BYTES = kept.size + 100
    files_before, on_disk = StoredFile.objects.count(), _stored_names(media_in_tmp)
    with pytest.raises(ValidationError) as refused:
        file_store(
            upload=upload("大文件.pdf", pdf_bytes("y" * 200)), society=society_a, actor=secretary_a
        )
    message = refused.value.messages[0]
    assert "上传空间不足" in message
    assert f"{kept.size + 100:,} 字节" in message  # the quota
    assert f"已使用 {kept.size:,} 字节" in message  # what is used
    assert StoredFile.objects.count() == files_before
    assert _stored_names(media_in_tmp) == on_disk


def test_an_upload_that_fits_exactly_is_stored(society_a, secretary_a, settings):
    content = pdf_bytes("fits")
    settings.XUEHUI_USER_UPLOAD_QUOTA_BYTES = len(content)
    assert make_stored_file(society_a, actor=secretary_a, content=content).size == len(content)


def test_the_quota_is_per_user(society_a, secretary_a, admin_user, settings):
    content = pdf_bytes("q")
    settings.XUEHUI_USER_UPLOAD_QUOTA_BYTES = len(content)
    make_stored_file(society_a, actor=secretary_a, content=content)
    make_stored_file(society_a, actor=admin_user, content=content)
    with pytest.raises(ValidationError):
        make_stored_file(society_a, actor=secretary_a, content=content)


def test_an_activity_with_evidence_past_the_quota_is_not_saved(
    society_a, secretary_a, secretary_a_client, settings
):
    settings.XUEHUI_USER_UPLOAD_QUOTA_BYTES = 10
    with pytest.raises(ValidationError):
        activity_save(
            activity=Activity(
                society=society_a,
                kind="academic_exchange",
                title="年会",
                start_on="2024-05-01",
                level="national",
                role="host",
            ),
            actor=secretary_a,
            uploads=[upload("照片.pdf", pdf_bytes())],
        )
    assert not Activity.objects.exists() and not StoredFile.objects.exists()


def test_a_member_register_upload_past_the_quota_is_refused_on_the_form(
    society_a, secretary_a_client, settings, media_in_tmp
):
    settings.XUEHUI_USER_UPLOAD_QUOTA_BYTES = 10
    data = csv_bytes([["会员编号", "姓名"], ["A1", "张三"]])
    response = secretary_a_client.post(
        reverse("members:import", args=[society_a.pk]),
        {"kind": "individual", "file": upload("名册.csv", data, "text/csv")},
    )
    assert response.status_code == 200
    assert "上传空间不足" in response.content.decode()
    assert not PendingImport.objects.exists() and _stored_names(media_in_tmp) == []


def test_a_register_waiting_for_its_confirm_counts_against_the_quota(
    society_a, secretary_a, secretary_a_client, settings
):
    data = csv_bytes([["会员编号", "姓名"], ["A1", "张三"]])
    response = secretary_a_client.post(
        reverse("members:import", args=[society_a.pk]),
        {"kind": "individual", "file": upload("名册.csv", data, "text/csv")},
    )
    assert response.status_code == 302
    assert bytes_used_by(secretary_a) == len(data)
    settings.XUEHUI_USER_UPLOAD_QUOTA_BYTES = len(data) + 10
    with pytest.raises(ValidationError):
        make_stored_file(society_a, actor=secretary_a)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_once_cannot_both_pass_on_the_same_figure(
    society_a, secretary_a, settings, media_in_tmp
):
    content = pdf_bytes("race")
    settings.XUEHUI_USER_UPLOAD_QUOTA_BYTES = len(content) * 3 // 2  # room for one
    barrier, outcomes = threading.Barrier(2), []

    def work(n):
        try:
            barrier.wait()
            file_store(upload=upload(f"{n}.pdf", content), society=society_a, actor=secretary_a)
            outcomes.append("stored")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["refused", "stored"]
    assert StoredFile.objects.count() == 1
    assert len(_stored_names(media_in_tmp)) == 1


def test_a_workbook_upload_past_the_quota_is_refused_on_the_form(
    society_a, secretary_a_client, settings, media_in_tmp
):
    from xuehui.workbook.exporters import write_workbook

    settings.XUEHUI_USER_UPLOAD_QUOTA_BYTES = 10
    response = secretary_a_client.post(
        reverse("workbook:society", args=[society_a.pk]),
        {"file": upload("工作簿.xlsx", write_workbook(society_a))},
    )
    assert response.status_code == 200
    assert "上传空间不足" in response.content.decode()
    assert not PendingImport.objects.exists() and _stored_names(media_in_tmp) == []


def test_registry_roster_and_account_uploads_past_the_quota_are_refused_on_the_form(
    society_a, federation, secretary_a_client, admin_client, settings, media_in_tmp
):
    from xuehui.imports.tests.files import xlsx_bytes

    settings.XUEHUI_USER_UPLOAD_QUOTA_BYTES = 10
    sheet = xlsx_bytes([["姓名", "出生年月", "学会职务"], ["张三", "1965.03", "理事"]])
    posts = [
        (
            secretary_a_client,
            reverse("governance:roster_import", args=[society_a.pk]),
            {"term_number": 3, "term_start": "2022-06-01", "term_end": ""},
        ),
        (admin_client, reverse("societies:import"), {"federation": federation.pk}),
        (admin_client, reverse("accounts:users_import"), {}),
    ]
    for client, url, fields in posts:
        response = client.post(url, fields | {"file": upload("名册.xlsx", sheet)})
        assert response.status_code == 200, url
        assert "上传空间不足" in response.content.decode(), url
    assert not PendingImport.objects.exists() and _stored_names(media_in_tmp) == []
