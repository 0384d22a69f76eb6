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
