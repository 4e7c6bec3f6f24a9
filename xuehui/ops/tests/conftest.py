"""Fixtures of the operations tests: a media folder and an audit archive folder of the test's
own, and a local S3 (moto's server, started in-process on a free loopback port) with a fresh
bucket per test."""

import socket
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

S3_KEYS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def audit_archives(settings, tmp_path):
    """The audit archive folder (XUEHUI_AUDIT_ARCHIVE_DIR) of the test's own."""
    settings.XUEHUI_AUDIT_ARCHIVE_DIR = tmp_path / "audit-archive"
    return settings.XUEHUI_AUDIT_ARCHIVE_DIR


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def make_bucket(endpoint: str) -> str:
    name = f"xuehui-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_KEYS["access_key"],
        aws_secret_access_key=S3_KEYS["secret_key"],
        region_name=S3_KEYS["region_name"],
    ).create_bucket(Bucket=name)
    return name


def s3_backend(endpoint: str, bucket: str) -> dict:
    """What config/settings.py puts in STORAGES["default"] when XUEHUI_S3_BUCKET is set."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "default_acl": None,
            "file_overwrite": False,
            **S3_KEYS,
        },
    }


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    """The default storage is a new, empty bucket of the local S3; returns the bucket's name."""
    bucket = make_bucket(s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": s3_backend(s3_endpoint, bucket)}
    return bucket
