"""A board manages its users and their roles inside its own subtree, in the product, audited;
every user changes their own password."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from coso.accounts.models import Role, RoleAssignment
from coso.audit.models import AuditEntry
from coso.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Mật-khẩu-rất-dài-2026"


def _new_user(client, world, **overrides):
    data = {
        "username": "canbo1",
        "last_name": "Nguyễn Văn",
        "first_name": "Một",
        "password": PASSWORD,
        "role": Role.SECRETARY,
        "organization": world.cell.pk,
        **overrides,
    }
    return client.post(reverse("accounts:user_create"), data)


def test_board_creates_a_user_with_a_role_in_its_subtree(client, world):
    client.force_login(world.board_user)
    before = AuditEntry.objects.count()
    response = _new_user(client, world)
    assert response.status_code == 302
    user = User.objects.get(username="canbo1")
    assert user.check_password(PASSWORD) and not user.is_staff and not user.is_superuser
    assert list(user.role_assignments.values_list("role", "organization")) == [(Role.SECRETARY, world.cell.pk)]
    services = set(AuditEntry.objects.all()[: AuditEntry.objects.count()].values_list("service", flat=True))
    assert {"user_create", "role_grant"} <= services and AuditEntry.objects.count() == before + 2
    assert AuditEntry.objects.filter(model="auth.user", object_id=str(user.pk)).exclude(changes__has_key="password")
    text = client.get(reverse("accounts:users")).content.decode()
    assert "canbo1" in text and world.secretary_user.username in text
    assert world.outsider_user.username not in text and world.province_board_user.username not in text


def test_a_role_above_the_board_or_outside_is_refused_and_writes_nothing(client, world):
    client.force_login(world.board_user)
    before = (User.objects.count(), RoleAssignment.objects.count(), AuditEntry.objects.count())
    for org in (world.province, world.other_cell):
        response = _new_user(client, world, organization=org.pk)
        assert response.status_code == 200 and "organization" in response.context["form"].errors
    assert (User.objects.count(), RoleAssignment.objects.count(), AuditEntry.objects.count()) == before


def test_grant_and_revoke_a_role_on_a_managed_user(client, world):
    client.force_login(world.board_user)
    user = world.secretary_user
    url = reverse("accounts:role_grant", kwargs={"user_id": user.pk})
    assert client.post(url, {"role": Role.OBSERVER, "organization": world.commune.pk}).status_code == 302
    assignment = user.role_assignments.get(role=Role.OBSERVER)
    assert AuditEntry.objects.filter(service="role_grant", object_id=str(assignment.pk)).exists()
    # Never above the board's node.
    before = AuditEntry.objects.count()
    response = client.post(url, {"role": Role.BOARD, "organization": world.province.pk})
    assert response.status_code == 400 and AuditEntry.objects.count() == before
    revoke = reverse("accounts:role_revoke", kwargs={"user_id": user.pk})
    assert client.post(revoke, {"assignment": assignment.pk}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.filter(service="role_revoke", object_id=str(assignment.pk)).exists()


def test_reset_password_and_deactivate_are_audited_without_the_hash(client, world):
    client.force_login(world.board_user)
    user = world.secretary_user
    url = reverse("accounts:password_reset", kwargs={"user_id": user.pk})
    assert client.post(url, {"password": "123"}).status_code == 400  # Django's validators, in Vietnamese
    assert client.post(url, {"password": PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(service="user_set_password")
    assert entry.changes == {"password": ["***", "***"]} and entry.actor == world.board_user
    assert client.post(reverse("accounts:deactivate", kwargs={"user_id": user.pk})).status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert AuditEntry.objects.get(service="user_deactivate").changes == {"is_active": [True, False]}


@pytest.mark.parametrize("persona", ["secretary_user", "commune_secretary_user", "observer_user", "member_user"])
def test_only_boards_manage_users(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("accounts:users")).status_code == 403
    before = (User.objects.count(), AuditEntry.objects.count())
    assert _new_user(client, world).status_code == 403
    target = world.secretary_user if persona != "secretary_user" else world.member_user
    for name in ("password_reset", "deactivate"):
        response = client.post(reverse(f"accounts:{name}", kwargs={"user_id": target.pk}), {"password": PASSWORD})
        assert response.status_code == 404
    assert (User.objects.count(), AuditEntry.objects.count()) == before


def test_a_user_with_a_role_elsewhere_or_an_administrator_is_not_the_boards(client, world):
    both = UserFactory(username="hai-noi")
    RoleAssignment.objects.create(user=both, role=Role.OBSERVER, organization=world.cell)
    RoleAssignment.objects.create(user=both, role=Role.OBSERVER, organization=world.other_cell)
    client.force_login(world.board_user)
    for user in (both, world.admin, world.province_board_user, world.board_user):
        url = reverse("accounts:password_reset", kwargs={"user_id": user.pk})
        assert client.post(url, {"password": PASSWORD}).status_code == 404
    # The province's board manages the district's board.
    client.force_login(world.province_board_user)
    assert client.get(reverse("accounts:user_detail", kwargs={"user_id": world.board_user.pk})).status_code == 200


def test_every_user_changes_their_own_password(client, world):
    for persona in ("member_user", "observer_user", "secretary_user"):
        user = getattr(world, persona)
        client.force_login(user)
        page = client.get(reverse("accounts:password_change"))
        assert page.status_code == 200 and "Đổi mật khẩu" in page.content.decode()
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": "coso-test-password", "new_password1": PASSWORD, "new_password2": PASSWORD},
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
        assert AuditEntry.objects.filter(service="own_password_change", object_id=str(user.pk)).exists()


def test_the_users_list_pages(client, world, monkeypatch):
    from coso.accounts import views

    monkeypatch.setattr(views, "USERS_PER_PAGE", 1)
    client.force_login(world.board_user)
    first = client.get(reverse("accounts:users"))
    second = client.get(reverse("accounts:users"), {"page": 2})
    assert first.context["page"].paginator.count >= 2
    assert [u.username for u in first.context["users"]] != [u.username for u in second.context["users"]]
    assert len(second.context["users"]) == 1 and "page=2" in first.content.decode()
