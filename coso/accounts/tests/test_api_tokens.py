"""API tokens: issued and revoked by services (audited), and by `manage.py create_api_token`."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from coso.accounts.models import ApiToken
from coso.accounts.services import api_token_create, api_token_revoke
from coso.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_create_stores_only_the_hash_and_audits(world):
    token, key = api_token_create(user=world.board_user, name="  bảng điều khiển tỉnh ", actor=world.admin)
    token.refresh_from_db()
    assert token.name == "bảng điều khiển tỉnh"
    assert token.key_hash == ApiToken.hash(key) and key not in token.key_hash
    assert token.prefix == key[:8] and len(key) >= 40
    entry = AuditEntry.objects.get(model="accounts.apitoken", object_id=str(token.pk))
    assert entry.action == AuditEntry.Action.CREATE and entry.service == "api_token_create"
    assert entry.actor == world.admin
    assert key not in str(entry.changes)


def test_each_token_gets_a_different_key(world):
    _a, key_a = api_token_create(user=world.board_user, name="a", actor=None)
    _b, key_b = api_token_create(user=world.board_user, name="b", actor=None)
    assert key_a != key_b


@pytest.mark.parametrize(("name", "field"), [("", "name"), ("   ", "name"), ("x" * 101, "name")])
def test_create_validates_the_name(world, name, field):
    with pytest.raises(ValidationError) as excinfo:
        api_token_create(user=world.board_user, name=name, actor=None)
    assert field in excinfo.value.message_dict
    assert not ApiToken.objects.exists()


def test_create_refuses_an_inactive_user(world):
    world.board_user.is_active = False
    world.board_user.save()
    with pytest.raises(ValidationError) as excinfo:
        api_token_create(user=world.board_user, name="t", actor=None)
    assert "user" in excinfo.value.message_dict


def test_revoke_deletes_and_audits(world):
    token, _key = api_token_create(user=world.board_user, name="t", actor=None)
    pk = token.pk
    api_token_revoke(token=token, actor=world.admin)
    assert not ApiToken.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(model="accounts.apitoken", object_id=str(pk), action=AuditEntry.Action.DELETE)
    assert entry.service == "api_token_revoke" and entry.actor == world.admin


def test_command_prints_the_raw_key_once(world):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "board", "dashboard", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.user == world.board_user and token.name == "dashboard"
    assert token.key_hash == ApiToken.hash(key)
    assert "dashboard" in err.getvalue() and key not in err.getvalue()


def test_command_refuses_an_unknown_user_and_a_bad_name(world):
    with pytest.raises(CommandError, match="nobody"):
        call_command("create_api_token", "nobody", "x", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError):
        call_command("create_api_token", "board", "   ", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_a_printed_key_opens_the_api(client, world):
    out = StringIO()
    call_command("create_api_token", "board", "script", stdout=out, stderr=StringIO())
    response = client.get("/api/v1/members", HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_admin_revokes_through_the_service_and_cannot_add_a_keyless_token(client, world):
    token, _key = api_token_create(user=world.board_user, name="t", actor=None)
    other, _key = api_token_create(user=world.board_user, name="u", actor=None)
    client.force_login(world.admin)
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    assert client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 302
    response = client.post(
        "/admin/accounts/apitoken/", {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    revoked = AuditEntry.objects.filter(model="accounts.apitoken", action=AuditEntry.Action.DELETE)
    assert sorted(revoked.values_list("object_id", flat=True)) == sorted([str(token.pk), str(other.pk)])
    assert set(revoked.values_list("service", flat=True)) == {"api_token_revoke"}
    assert {e.actor for e in revoked} == {world.admin}
