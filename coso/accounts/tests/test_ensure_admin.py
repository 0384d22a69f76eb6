from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_ensure_admin_creates_once_and_prints_a_working_login(settings, tmp_path, rf):
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("ensure_admin", "--username", "quantri", stdout=out)
    password = (tmp_path / "admin-password.txt").read_text().strip()
    assert password in out.getvalue() and "quantri" in out.getvalue()
    user = get_user_model().objects.get(username="quantri")
    assert user.is_superuser
    assert authenticate(rf.post("/"), username="quantri", password=password) == user

    again = StringIO()
    call_command("ensure_admin", "--username", "quantri", stdout=again)
    assert get_user_model().objects.filter(username="quantri").count() == 1
    assert password in again.getvalue()


def test_the_banner_shows_the_address_served_and_where_the_password_is_kept(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("ensure_admin", "--address", "http://192.0.2.7:8123/", stdout=out)
    banner = out.getvalue()
    assert "http://192.0.2.7:8123/" in banner and "127.0.0.1:8000" not in banner
    assert str(tmp_path / "admin-password.txt") in banner
    assert (tmp_path / "admin-password.txt").stat().st_mode & 0o777 == 0o600
