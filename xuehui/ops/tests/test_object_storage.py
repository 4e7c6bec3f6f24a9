"""Uploaded files in object storage (django-storages' S3 backend against moto's server): upload,
download through the access-checked view, delete, backup and restore into an empty bucket."""

import hashlib
import json
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from xuehui.files.services import file_delete
from xuehui.files.tests.factories import make_stored_file, pdf_bytes

from .conftest import S3_KEYS, make_bucket
from .support import (
    current_rows,
    empty_installation,
    fill,
    run_manage,
    run_python,
    storage_digests,
)


def _bucket_keys(endpoint: str, bucket: str) -> set[str]:
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_KEYS["access_key"],
        aws_secret_access_key=S3_KEYS["secret_key"],
        region_name=S3_KEYS["region_name"],
    )
    listed = client.list_objects_v2(Bucket=bucket)
    return {entry["Key"] for entry in listed.get("Contents", [])}


@pytest.mark.django_db
def test_an_upload_lands_in_the_bucket_and_is_served_through_the_checked_view(
    s3_storage, s3_endpoint, society_a, secretary_a, secretary_b, media
):
    content = pdf_bytes("对象存储")
    stored = make_stored_file(society_a, name="章程.pdf", content=content, actor=secretary_a)
    assert _bucket_keys(s3_endpoint, s3_storage) == {stored.file.name}
    assert not Path(media).exists()  # nothing on the filesystem

    client = Client()
    client.force_login(secretary_a)
    response = client.get(reverse("files:download", args=[stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Length"] == str(len(content))
    assert "attachment" in response["Content-Disposition"]

    outsider = Client()
    outsider.force_login(secretary_b)
    assert outsider.get(reverse("files:download", args=[stored.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_deleted_file_leaves_the_bucket(s3_storage, s3_endpoint, society_a, secretary_a):
    stored = make_stored_file(society_a, actor=secretary_a)
    file_delete(stored_file=stored, actor=secretary_a)
    assert _bucket_keys(s3_endpoint, s3_storage) == set()


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_object_storage_restores_into_an_empty_bucket(
    s3_storage,
    s3_endpoint,
    tmp_path,
    federation,
    society_a,
    society_b,
    admin_user,
    secretary_a,
    secretary_b,
):
    fill(
        federation=federation,
        society_a=society_a,
        society_b=society_b,
        admin_user=admin_user,
        secretary_a=secretary_a,
        secretary_b=secretary_b,
    )
    call_command("backup", to=str(tmp_path / "backup"))
    rows, files = current_rows(), storage_digests(default_storage)
    assert len(files) == 3
    target = make_bucket(s3_endpoint)
    with empty_installation(tmp_path) as (env, restored_rows):
        env |= {
            "XUEHUI_S3_BUCKET": target,
            "XUEHUI_S3_ENDPOINT_URL": s3_endpoint,
            "XUEHUI_S3_ACCESS_KEY_ID": S3_KEYS["access_key"],
            "XUEHUI_S3_SECRET_ACCESS_KEY": S3_KEYS["secret_key"],
            "XUEHUI_S3_REGION": S3_KEYS["region_name"],
        }
        done = run_manage("restore", str(tmp_path / "backup"), env=env)
        assert done.returncode == 0, done.stderr
        assert restored_rows() == rows
    assert _bucket_keys(s3_endpoint, target) == set(files)
    for name, digest in files.items():
        body = (
            boto3.client(
                "s3",
                endpoint_url=s3_endpoint,
                aws_access_key_id=S3_KEYS["access_key"],
                aws_secret_access_key=S3_KEYS["secret_key"],
                region_name=S3_KEYS["region_name"],
            )
            .get_object(Bucket=target, Key=name)["Body"]
            .read()
        )
        assert hashlib.sha256(body).hexdigest() == digest


SHOW_STORAGE = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.STORAGES['default']))"
)


@pytest.mark.parametrize("bucket", ["xuehui-files", ""])
def test_the_settings_choose_object_storage_when_a_bucket_is_named(bucket):
    env = {"XUEHUI_S3_BUCKET": bucket, "XUEHUI_S3_ENDPOINT_URL": "https://oss.example.cn"}
    done = run_python(SHOW_STORAGE, env=env)
    assert done.returncode == 0, done.stderr
    chosen = json.loads(done.stdout)
    if not bucket:
        assert chosen == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        return
    assert chosen["BACKEND"] == "storages.backends.s3.S3Storage"
    assert chosen["OPTIONS"]["bucket_name"] == "xuehui-files"
    assert chosen["OPTIONS"]["endpoint_url"] == "https://oss.example.cn"
    assert chosen["OPTIONS"]["default_acl"] is None
