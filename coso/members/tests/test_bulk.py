from datetime import date

import pytest

from coso.audit.models import AuditEntry
from coso.members.bulk import BulkHistoryError, NewMember, bulk_register, prepare
from coso.members.choices import EventKind, MemberStatus
from coso.members.models import Ethnicity, Member, MemberEvent, Religion
from coso.members.queries import members_on

pytestmark = pytest.mark.django_db


def _new(world, name, cid, events):
    member = Member(
        full_name=name,
        gender="female",
        date_of_birth=date(1990, 1, 1),
        ethnicity=Ethnicity.objects.get(code="02"),
        religion=Religion.objects.get(code="none"),
        citizen_id=cid,
        general_education="12/12",
    )
    return NewMember(member=member, events=[MemberEvent(**e) for e in events])


def test_bulk_register_writes_members_facts_spells_and_audit(world):
    items = [
        _new(
            world,
            "Lò Thị Mai",
            "001190000101",
            [
                {"kind": EventKind.ADMITTED, "on": date(2020, 5, 1), "organization": world.cell},
                {"kind": EventKind.RECOGNIZED, "on": date(2021, 5, 1)},
            ],
        ),
        _new(
            world,
            "Hà Thị Lan",
            "001190000102",
            [
                {"kind": EventKind.ADMITTED, "on": date(2024, 5, 1), "organization": world.cell},
            ],
        ),
    ]
    before = AuditEntry.objects.count()
    members = bulk_register(items, actor=world.admin, service="test_bulk")
    assert [m.status for m in members] == [MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY]
    assert members[0].search_text == "lo thi mai 001190000101"
    assert members_on(world.cell, date(2024, 6, 1)).filter(pk__in=[m.pk for m in members]).count() == 2
    assert members_on(world.cell, date(2023, 1, 1)).filter(pk__in=[m.pk for m in members]).count() == 1
    assert AuditEntry.objects.count() - before == 7  # 2 members + 3 facts + 2 undated education levels
    from coso.training.models import Qualification

    assert set(Qualification.objects.filter(member__in=members).values_list("field", "value", "since")) == {
        ("general_education", "12/12", None)
    }
    assert Qualification.objects.filter(member__in=members).count() == 2


def test_a_bad_history_names_its_position_and_writes_nothing(world):
    items = [
        _new(
            world,
            "A",
            "001190000201",
            [{"kind": EventKind.ADMITTED, "on": date(2020, 1, 1), "organization": world.cell}],
        ),
        _new(world, "B", "001190000202", [{"kind": EventKind.RECOGNIZED, "on": date(2020, 1, 1)}]),
    ]
    count = Member.objects.count()
    with pytest.raises(BulkHistoryError) as exc:
        prepare(items)
    assert (exc.value.position, exc.value.fact_index) == (1, 0)
    assert Member.objects.count() == count
