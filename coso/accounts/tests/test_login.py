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


# Per-address limit (coso.accounts.lockout; issue 7: one address guessing on 20 user names was never throttled)

GUESSED_NAMES = [f"guess{i:02d}" for i in range(20)]


def test_one_address_trying_twenty_user_names_is_locked_out(client, world):
    statuses = [client.post(LOGIN, {"username": name, "password": PASSWORD}).status_code for name in GUESSED_NAMES]
    assert statuses[:19] == [200] * 19
    assert statuses[19] == 429
    # the address is locked: even a right password of a real user from it waits for the cool-off
    assert client.post(LOGIN, {"username": "board", "password": PASSWORD}).status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_address_is_not_locked_by_them(client, world):
    for name in GUESSED_NAMES:
        client.post(LOGIN, {"username": name, "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    assert client.post(LOGIN, {"username": "board", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8").status_code == 302


def test_forwarded_address_headers_do_not_bypass_the_address_limit(client, world):
    for i, name in enumerate(GUESSED_NAMES):
        client.post(
            LOGIN,
            {"username": name, "password": PASSWORD},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
            HTTP_X_REAL_IP=f"198.51.100.{i}",
        )
    response = client.post(LOGIN, {"username": "board", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_logging_into_ones_own_account_does_not_reset_the_address_count(client, world):
    for name in GUESSED_NAMES[:15]:
        client.post(LOGIN, {"username": name, "password": PASSWORD})
    assert client.post(LOGIN, {"username": "board", "password": PASSWORD}).status_code == 302
    client.logout()
    statuses = [client.post(LOGIN, {"username": n, "password": PASSWORD}).status_code for n in GUESSED_NAMES[15:]]
    assert statuses[-1] == 429
