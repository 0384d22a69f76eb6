import pytest

from coso.accounts.models import RoleAssignment
from coso.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_granting_a_role_in_the_admin_is_audited(client, world):
    client.force_login(world.admin)
    user = world.outsider_user
    url = f"/admin/auth/user/{user.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    existing = list(RoleAssignment.objects.filter(user=user))
    data = {
        "username": user.username,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": str(len(existing) + 1),
        "role_assignments-INITIAL_FORMS": str(len(existing)),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for i, ra in enumerate(existing):
        data.update(
            {
                f"role_assignments-{i}-id": str(ra.pk),
                f"role_assignments-{i}-user": str(user.pk),
                f"role_assignments-{i}-role": ra.role,
                f"role_assignments-{i}-organization": str(ra.organization_id),
            }
        )
    n = len(existing)
    data.update(
        {
            f"role_assignments-{n}-user": str(user.pk),
            f"role_assignments-{n}-role": "observer",
            f"role_assignments-{n}-organization": str(world.district.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert RoleAssignment.objects.filter(user=user, role="observer", organization=world.district).exists()
    entry = AuditEntry.objects.get(model="accounts.roleassignment", action="create", service="admin_roleassignment")
    assert entry.actor == world.admin


def test_making_a_user_superuser_in_the_admin_is_audited_without_the_password(client, world):
    user = world.board_user
    client.force_login(world.admin)
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "is_active": "on",
            "is_superuser": "on",
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-MIN_NUM_FORMS": "0",
            "role_assignments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(model="auth.user", object_id=str(user.pk), action="update")
    assert entry.changes["is_superuser"] == [False, True]
    assert "password" not in entry.changes


def test_editing_a_competence_in_the_admin_is_audited_and_applies(client, world):
    """Competence is reference data: an administrator corrects a row in the admin (audited like
    every write), and the door reads the corrected row."""
    from coso.accounts.actions import Action
    from coso.accounts.models import Competence
    from coso.accounts.scoping import may

    row = Competence.objects.get(action=Action.MEETING_PLAN, role="secretary")
    assert may(world.secretary_user, Action.MEETING_PLAN, world.cell)
    client.force_login(world.admin)
    url = f"/admin/accounts/competence/{row.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "action": row.action,
        "role": row.role,
        "holder_kind": "grassroots_cell",
        "reach": row.reach,
        "valid_from": "01/01/1930",
        "valid_to": "",
        "regulation": row.regulation,
        "note": "Chỉ bí thư chi bộ cơ sở (thử).",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(service="admin_competence", object_id=str(row.pk))
    assert entry.changes["holder_kind"] == ["", "grassroots_cell"]
    world.secretary_user._coso_competences = None
    assert not may(world.secretary_user, Action.MEETING_PLAN, world.cell)  # a cell under a committee
