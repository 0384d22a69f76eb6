"""`{% audit_trail obj %}`: the record's history of writes, for system administrators only."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from coso.audit.models import AuditEntry
from coso.organizations.services import organization_rename

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load audit %}{% audit_trail obj %}")


def render(obj, user, **extra) -> str:
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("vi"):
        return TEMPLATE.render(Context({"obj": obj, "request": request, **extra}))


def test_administrator_sees_who_did_what_and_old_and_new_values(world):
    organization_rename(organization=world.commune, name="Xã An Lạc Mới", on=date(2015, 1, 1), actor=world.admin)
    html = render(world.commune, world.admin)
    assert "Lịch sử thay đổi" in html
    assert "Đổi tên tổ chức" in html and "Thành lập tổ chức" in html
    assert "organization_rename" not in html and "organization_establish" not in html
    assert "<del>Đảng bộ xã An Lạc</del> → <ins>Xã An Lạc Mới</ins>" in html
    assert "Cập nhật" in html and "Tạo mới" in html
    assert world.admin.username in html  # who renamed it
    assert "Hệ thống" in html  # the world was built without an actor


@pytest.mark.parametrize("persona", ["board_user", "secretary_user", "member_user", "outsider_user"])
def test_nobody_else_sees_it(world, persona):
    organization_rename(organization=world.cell, name="Chi bộ đổi tên", on=date(2015, 1, 1), actor=world.admin)
    assert render(world.cell, getattr(world, persona)).strip() == ""


def test_anonymous_and_missing_objects_render_nothing(world):
    assert render(world.cell, AnonymousUser()).strip() == ""
    assert render(None, world.admin).strip() == ""


def test_user_is_taken_from_the_context_without_a_request(world):
    with translation.override("vi"):
        html = TEMPLATE.render(Context({"obj": world.cell, "user": world.admin}))
    assert "Lịch sử thay đổi" in html


def test_trail_is_limited_to_the_latest_entries(world):
    for i in range(3):
        AuditEntry.objects.create(
            action="update", model="organizations.organization", object_id=str(world.cell.pk), service=f"svc_{i}"
        )
    request = RequestFactory().get("/")
    request.user = world.admin
    with translation.override("vi"):
        html = Template("{% load audit %}{% audit_trail obj limit=2 %}").render(
            Context({"obj": world.cell, "request": request})
        )
    assert "svc_2" in html and "svc_1" in html and "svc_0" not in html
    assert "Hiển thị 2 bản ghi gần nhất." in html


def test_entries_of_other_records_are_not_shown(world):
    organization_rename(organization=world.other_cell, name="Chi bộ khác đổi tên", on=date(2015, 1, 1), actor=None)
    html = render(world.cell, world.admin)
    assert "Chi bộ khác đổi tên" not in html and "organization_rename" not in html


@pytest.mark.django_db
def test_a_members_trail_includes_its_history_facts(world):
    from datetime import date

    from coso.audit.queries import trail_for
    from coso.members.services import member_delete_event, member_record_event

    event = member_record_event(member=world.member, kind="exempted", on=date(2024, 1, 5), actor=world.admin)
    member_delete_event(event=event, actor=world.admin)
    rows = list(trail_for(world.member).values_list("model", "action"))
    assert ("members.memberevent", "create") in rows
    assert ("members.memberevent", "delete") in rows
    assert ("members.member", "update") in rows


def test_audit_field_names_do_not_override_other_apps_words():
    """The trail's labels live under a context; "kind" in the meetings app keeps its own Vietnamese."""
    from coso.meetings.models import TaskItem

    with translation.override("vi"):
        assert str(TaskItem._meta.get_field("kind").verbose_name) == "loại"
