"""Our error pages: Vietnamese, explaining, with a way back; the test client runs with DEBUG off."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

from coso.common.errors import bad_request, permission_denied

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def _text(response) -> str:
    return response.content.decode()


def test_a_record_outside_the_users_scope_is_a_404_that_explains(client, world):
    client.force_login(world.outsider_user)
    came_from = "http://testserver" + reverse("organizations:tree")
    response = client.get(reverse("organizations:detail", kwargs={"org_id": world.cell.pk}), HTTP_REFERER=came_from)
    assert response.status_code == 404
    text = _text(response)
    assert "Không tìm thấy trang" in text
    assert "nằm ngoài phần cây tổ chức mà bạn được xem" in text
    assert f'href="{came_from}"' in text and "Về trang trước" in text
    assert f'href="{reverse("home")}"' in text and "Về trang chủ" in text
    assert world.cell.name not in text


def test_a_missing_page_offers_no_way_back_to_another_site(client):
    response = client.get("/khong-co-trang-nay/", HTTP_REFERER="https://example.org/lure")
    assert response.status_code == 404
    assert "example.org" not in _text(response) and "Về trang chủ" in _text(response)
    assert "Page not found" not in _text(response)


def test_403_names_the_role(rf, world):
    request = rf.get("/")
    request.user = world.member_user
    response = permission_denied(request)
    assert response.status_code == 403
    assert "Vai trò của bạn ở tổ chức này không bao gồm thao tác này" in _text(response)


def test_403_shows_the_reason_the_service_gave(rf, world):
    from django.core.exceptions import PermissionDenied
    from django.utils import translation

    request = rf.get("/")
    request.user = world.board_user
    with translation.override("vi"):
        response = permission_denied(request, PermissionDenied(translation.gettext("You may not revoke this role.")))
    assert response.status_code == 403 and "Bạn không được thu hồi vai trò này" in _text(response)


def test_400_in_vietnamese(rf, world):
    request = rf.get("/")
    request.user = world.board_user
    response = bad_request(request)
    assert response.status_code == 400 and "Không thể trả lời yêu cầu này" in _text(response)


def test_a_form_without_its_csrf_token_gets_our_page(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "board", "password": "x"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in _text(response) and "CSRF verification failed" not in _text(response)


def test_500_renders_without_the_database_or_context_processors(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in _text(response) and 'href="/"' in _text(response)


def test_the_lockout_page_leads_back_to_the_login(client, world):
    login = reverse("accounts:login")
    for _ in range(5):
        client.post(login, {"username": "board", "password": "wrong"})
    response = client.post(login, {"username": "board", "password": "wrong"})
    assert response.status_code == 429
    assert f'href="{login}"' in _text(response) and "Về trang đăng nhập" in _text(response)


def test_settings_read_the_secret_key_file_when_debug_is_off(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("a-local-key-of-this-machine\n")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY_FILE": str(key_file),
        "COSO_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SECRET_KEY", None)
    code = "from django.conf import settings; print(settings.SECRET_KEY, settings.DEBUG, settings.CSRF_FAILURE_VIEW)"
    out = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["a-local-key-of-this-machine", "False", "coso.common.errors.csrf_failure"]
