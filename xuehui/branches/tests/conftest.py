import pytest

from xuehui.accounts.choices import Role
from xuehui.tests import factories


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def viewer_client(federation, client):
    """A 科协领导 of society A's federation: sees everything there, changes nothing."""
    user = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(user)
    return client
