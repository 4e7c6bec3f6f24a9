import pytest

from xuehui.accounts.choices import Role
from xuehui.tests import factories


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Stored files go to a temporary folder, never the development media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def viewer_client(client, federation):
    """A 科协领导 of society A's federation: sees everything there, may change nothing."""
    viewer = factories.make_user("kx_viewer", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(viewer)
    return client
