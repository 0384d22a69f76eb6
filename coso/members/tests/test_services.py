"""The register's write services: member_register, member_update_profile, member_record_event, member_delete_event."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from coso.audit.models import AuditEntry
from coso.common.dates import today
from coso.members.choices import EventKind, MemberStatus
from coso.members.models import Ethnicity, Member, MemberEvent, Religion
from coso.members.queries import members_on
from coso.members.services import member_delete_event, member_record_event, member_register, member_update_profile
from coso.testing.factories import make_member

pytestmark = pytest.mark.django_db


def profile(**overrides):
    data = {
        "full_name": "Vũ Thị Hạnh",
        "gender": "female",
        "date_of_birth": date(1992, 8, 19),
        "ethnicity": Ethnicity.objects.get(code="01"),
        "religion": Religion.objects.get(code="none"),
        "citizen_id": "001192000777",
        "general_education": "12/12",
    }
    return data | overrides


def audit_rows(obj):
    return AuditEntry.objects.filter(model=f"members.{obj._meta.model_name}", object_id=str(obj.pk))


def test_member_register_admission(world):
    member = member_register(
        profile=profile(),
        first_event=EventKind.ADMITTED,
        on=date(2022, 3, 26),
        organization=world.cell,
        decision_number="125-QĐ/ĐU",
        decision_date=date(2022, 3, 20),
        decision_issuer="Đảng ủy xã An Lạc",
        actor=world.board_user,
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.PROBATIONARY
    assert member.organization == world.cell
    assert member.admitted_on == date(2022, 3, 26)
    assert member.search_text == "vu thi hanh 001192000777"
    event = member.events.get()
    assert (event.kind, event.decision_number, event.decision_issuer) == ("admitted", "125-QĐ/ĐU", "Đảng ủy xã An Lạc")
    assert list(members_on(world.commune, date(2022, 4, 1)).filter(pk=member.pk)) == [member]
    assert audit_rows(member).filter(action="create", service="member_register", actor=world.board_user).exists()
    assert audit_rows(event).filter(action="create", service="member_record_event").exists()


def test_member_register_transfer_in_needs_entry_status(world):
    with pytest.raises(ValidationError) as exc:
        member_register(
            profile=profile(),
            first_event=EventKind.TRANSFERRED_IN,
            on=date(2022, 3, 26),
            organization=world.cell,
            actor=world.board_user,
        )
    assert "kind" in exc.value.error_dict
    assert not Member.objects.filter(citizen_id="001192000777").exists()  # rolled back
    member = member_register(
        profile=profile(),
        first_event=EventKind.TRANSFERRED_IN,
        on=date(2022, 3, 26),
        organization=world.cell,
        entry_status="official",
        actor=world.board_user,
    )
    assert member.status == MemberStatus.OFFICIAL
    assert member.admitted_on is None


@pytest.mark.parametrize(
    ("overrides", "kwargs", "field"),
    [
        ({"citizen_id": "12345"}, {}, "citizen_id"),
        ({"citizen_id": "001085000001"}, {}, "citizen_id"),  # the world's Nguyễn Văn Tuấn has it
        ({"date_of_birth": today() + timedelta(days=1)}, {}, "date_of_birth"),
        ({}, {"on": date(1990, 1, 1)}, "on"),  # before the date of birth
        ({}, {"first_event": EventKind.RECOGNIZED}, "kind"),
        ({}, {"on": date(1999, 6, 1)}, "organization"),  # the cell was established on 01/01/2000
    ],
)
def test_member_register_refuses(world, overrides, kwargs, field):
    args = {"first_event": EventKind.ADMITTED, "on": date(2022, 3, 26), "organization": world.cell} | kwargs
    before = Member.objects.count()
    with pytest.raises(ValidationError) as exc:
        member_register(profile=profile(**overrides), actor=world.board_user, **args)
    assert field in exc.value.error_dict
    assert Member.objects.count() == before


def test_member_update_profile_audits_the_change(world):
    member = world.member
    member_update_profile(
        member=member, data={"occupation": "Giáo viên", "full_name": "Nguyễn Văn Tuấn Anh"}, actor=world.board_user
    )
    member.refresh_from_db()
    assert member.occupation == "Giáo viên"
    assert "tuan anh" in member.search_text
    entry = audit_rows(member).get(service="member_update_profile")
    assert entry.changes["occupation"] == ["", "Giáo viên"]
    assert entry.actor == world.board_user


def test_member_update_profile_refuses_a_duplicate_citizen_id(world):
    with pytest.raises(ValidationError) as exc:
        member_update_profile(member=world.member, data={"citizen_id": "002090000002"}, actor=world.board_user)
    assert "citizen_id" in exc.value.error_dict
    world.member.refresh_from_db()
    assert world.member.citizen_id == "001085000001"


def test_member_record_event_rebuilds_spells_and_audits(world):
    member = world.member
    event = member_record_event(
        member=member, kind=EventKind.RECOGNIZED, on=date(2011, 3, 15), decision_number="88-QĐ/HU", actor=world.admin
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL and member.official_on == date(2011, 3, 15)
    assert list(member.spells.values_list("status", "valid_from", "valid_to")) == [
        ("probationary", date(2010, 3, 15), date(2011, 3, 15)),
        ("official", date(2011, 3, 15), None),
    ]
    assert audit_rows(event).filter(action="create").exists()
    update = audit_rows(member).filter(service="member_record_event", action="update").order_by("-id").first()
    assert update.changes["status"] == ["probationary", "official"]


@pytest.mark.parametrize(
    ("kind", "extra", "field", "fragment"),
    [
        (EventKind.ADMITTED, {"organization": "cell"}, "kind", "người này đang là đảng viên"),
        (EventKind.EXEMPTION_ENDED, {}, "kind", "không thuộc diện được miễn"),
        (EventKind.ATTACHMENT_ENDED, {}, "kind", "không có sinh hoạt tạm thời"),
        (
            EventKind.DISCIPLINED,
            {"discipline_form": "dismissal"},
            "kind",
            "đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo",
        ),
        (EventKind.REMOVED, {}, "removal_ground", "Phải ghi lý do xóa tên."),
        (EventKind.BADGE_AWARDED, {}, "badge_years", "Huy hiệu Đảng"),
        (EventKind.TRANSFERRED, {"organization": "cell"}, "kind", "đang sinh hoạt tại tổ chức đảng này"),
    ],
)
def test_member_record_event_refuses_impossible_sequences(world, kind, extra, field, fragment):
    """Refused with the message users read, in Vietnamese (the default language), naming the fact."""
    member = world.member
    if extra.get("organization") == "cell":
        extra = extra | {"organization": world.cell}
    events_before = MemberEvent.objects.count()
    audits_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        member_record_event(member=member, kind=kind, on=date(2012, 1, 1), actor=world.admin, **extra)
    assert field in exc.value.error_dict
    assert fragment in " ".join(exc.value.messages)
    assert MemberEvent.objects.count() == events_before
    assert AuditEntry.objects.count() == audits_before
    member.refresh_from_db()
    assert member.status == MemberStatus.PROBATIONARY


def test_a_fact_before_the_last_one_is_replayed_in_date_order(world):
    member = world.member
    member_record_event(member=member, kind=EventKind.RECOGNIZED, on=date(2011, 3, 15), actor=None)
    member_record_event(
        member=member, kind=EventKind.TRANSFERRED, on=date(2010, 9, 1), organization=world.commune, actor=None
    )
    member.refresh_from_db()
    assert member.organization == world.commune
    assert member.status == MemberStatus.OFFICIAL


def test_member_delete_event(world):
    member = world.member
    event = member_record_event(member=member, kind=EventKind.LEFT, on=date(2015, 1, 1), actor=None)
    event_id = event.pk
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT
    member_delete_event(event=event, actor=world.admin)
    member.refresh_from_db()
    assert member.status == MemberStatus.PROBATIONARY
    assert not MemberEvent.objects.filter(pk=event_id).exists()
    assert AuditEntry.objects.filter(
        model="members.memberevent", object_id=str(event_id), action="delete", service="member_delete_event"
    ).exists()
    assert audit_rows(member).filter(service="member_delete_event", action="update").exists()


def test_member_delete_event_refuses_the_only_fact(world):
    event = world.member.events.get()
    with pytest.raises(ValidationError):
        member_delete_event(event=event, actor=world.admin)
    assert MemberEvent.objects.filter(pk=event.pk).exists()


def test_member_delete_event_refuses_a_removal_that_breaks_the_history(world):
    member = make_member(org=world.cell, admitted_on=date(2015, 1, 1))
    member_record_event(member=member, kind=EventKind.LEFT, on=date(2016, 1, 1), actor=None)
    readmission = member_record_event(
        member=member, kind=EventKind.READMITTED, on=date(2020, 1, 1), organization=world.cell, actor=None
    )
    member_record_event(member=member, kind=EventKind.RECOGNIZED, on=date(2021, 1, 1), actor=None)
    left = member.events.get(kind=EventKind.LEFT)
    left_id = left.pk
    with pytest.raises(ValidationError) as exc:
        member_delete_event(event=left, actor=world.admin)
    assert "kind" in exc.value.error_dict  # re-admission without a prior leaving
    assert MemberEvent.objects.filter(pk=left_id).exists()
    assert not AuditEntry.objects.filter(service="member_delete_event").exists()
    assert readmission.pk
