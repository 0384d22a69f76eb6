import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded workbooks go to a temporary MEDIA_ROOT, not the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
