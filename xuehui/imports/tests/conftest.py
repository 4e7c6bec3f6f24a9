import pytest

from xuehui.accounts.choices import Role
from xuehui.tests import factories


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def viewer_client(client, federation):
    """A 科协领导: sees the federation's societies, may change none of them."""
    client.force_login(
        factories.make_user("viewer", role=Role.FEDERATION_VIEWER, federation=federation)
    )
    return client
