"""The login page: Vietnamese, says when the password is wrong, locks after 5 failures (django-axes)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
PASSWORD = "coso-test-password"


def test_login_page_is_vietnamese(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="vi">' in text
    assert "Đăng nhập" in text and "Tên đăng nhập" in text and "Mật khẩu" in text
    assert "Log in" not in text


def test_wrong_password_is_reported_in_vietnamese(client, world):
    response = client.post(LOGIN, {"username": "board", "password": "wrong-password"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in text
    assert "_auth_user_id" not in client.session


def test_right_password_logs_in(client, world):
    response = client.post(LOGIN, {"username": "board", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.board_user.pk)


def test_locked_after_five_failures_even_with_the_right_password(client, world):
    for _ in range(4):
        assert client.post(LOGIN, {"username": "board", "password": "wrong"}).status_code == 200
    fifth = client.post(LOGIN, {"username": "board", "password": "wrong"})
    assert fifth.status_code == 429
    response = client.post(LOGIN, {"username": "board", "password": PASSWORD})
    assert response.status_code == 429
    text = response.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in text and "Tài khoản tạm khóa 15 phút" in text
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user(client, world):
    for _ in range(5):
        client.post(LOGIN, {"username": "board", "password": "wrong"})
    assert client.post(LOGIN, {"username": "secretary", "password": PASSWORD}).status_code == 302
