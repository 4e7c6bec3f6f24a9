import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Stored files go to a temporary folder, never the development media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
