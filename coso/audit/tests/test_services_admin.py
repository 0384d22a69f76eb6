"""Audit rows for bulk updates (imports) and for deletions made in the admin."""

import pytest
from django.urls import reverse

from coso.audit.models import AuditEntry
from coso.audit.services import audit_bulk_update, snapshot
from coso.members.models import Religion

pytestmark = pytest.mark.django_db


def test_bulk_update_writes_one_row_per_changed_object_only(world):
    changed = Religion.objects.create(code="T1", name="Tôn giáo một", sort_order=90)
    same = Religion.objects.create(code="T2", name="Tôn giáo hai", sort_order=91)
    before = {changed.pk: snapshot(changed), same.pk: snapshot(same)}
    changed.name = "Tôn giáo đổi tên"
    audit_bulk_update(actor=world.admin, objs=[changed, same], before=before, service="test_bulk")
    rows = list(AuditEntry.objects.filter(service="test_bulk"))
    assert [(r.action, r.object_id, r.actor_id) for r in rows] == [
        (AuditEntry.Action.UPDATE, str(changed.pk), world.admin.pk)
    ]
    assert rows[0].changes == {"name": ["Tôn giáo một", "Tôn giáo đổi tên"]}


def test_admin_delete_leaves_an_audit_row(client, world):
    religion = Religion.objects.create(code="T3", name="Tôn giáo ba", sort_order=92)
    client.force_login(world.admin)
    url = reverse("admin:members_religion_delete", args=[religion.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Religion.objects.filter(pk=religion.pk).exists()
    entry = AuditEntry.objects.get(model="members.religion", object_id=str(religion.pk))
    assert (entry.action, entry.service, entry.actor_id) == (AuditEntry.Action.DELETE, "admin_religion", world.admin.pk)
    assert entry.changes["name"] == ["Tôn giáo ba", None]


def test_admin_bulk_delete_action_audits_each_record(client, world):
    religions = [Religion.objects.create(code=f"T{i}", name=f"Tôn giáo {i}", sort_order=100 + i) for i in (4, 5)]
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:members_religion_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in religions], "post": "yes"},
    )
    assert response.status_code == 302
    deleted = AuditEntry.objects.filter(model="members.religion", action=AuditEntry.Action.DELETE)
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(str(r.pk) for r in religions)
