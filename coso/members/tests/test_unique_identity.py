"""A citizen ID (or party card number) belongs to one record: a second registration is refused with a
Vietnamese message naming the field and value, even when two are saved at the same moment (issue 7,
HTTP 500 on simultaneous creations) — the database's unique index decides, the service translates."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from coso.audit.models import AuditEntry
from coso.members.models import Member
from coso.members.services import member_update_profile
from coso.testing.concurrency import race
from coso.testing.factories import make_member


def _counts():
    return Member.objects.count(), AuditEntry.objects.count()


@pytest.mark.django_db
def test_a_second_record_with_the_same_citizen_id_is_refused_naming_it(world):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        make_member(org=world.cell, full_name="Người Trùng", citizen_id=world.member.citizen_id)
    [message] = exc.value.message_dict["citizen_id"]
    assert world.member.citizen_id in message and "CCCD" in message
    assert _counts() == before


@pytest.mark.django_db
def test_a_second_record_with_the_same_party_card_is_refused(world):
    make_member(org=world.cell, party_card_number="88000001")
    with pytest.raises(ValidationError) as exc:
        make_member(org=world.cell, party_card_number="88000001")
    assert "88000001" in exc.value.message_dict["party_card_number"][0]


@pytest.mark.django_db
def test_a_profile_edit_taking_another_members_citizen_id_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        member_update_profile(member=world.other_member, data={"citizen_id": world.member.citizen_id}, actor=None)
    assert world.member.citizen_id in exc.value.message_dict["citizen_id"][0]
    world.other_member.refresh_from_db()
    assert world.other_member.citizen_id == "002090000002"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections writing at once need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_creations_with_the_same_citizen_id_refuse_the_second(world):
    """The first registration holds its insert uncommitted while the second passes every check and
    waits on the unique index; when the first commits, the second must be a clear refusal, not a 500."""
    cid = "001199000777"
    outcome = race(
        lambda: make_member(org=world.cell, full_name="Người Thứ Nhất", citizen_id=cid),
        lambda: make_member(org=world.cell, full_name="Người Thứ Hai", citizen_id=cid),
    )
    assert outcome["second_waited"]  # the second insert really waited on the first's row
    assert isinstance(outcome["second"], ValidationError), outcome["second"]
    assert cid in outcome["second"].message_dict["citizen_id"][0]
    assert list(Member.objects.filter(citizen_id=cid).values_list("full_name", flat=True)) == ["Người Thứ Nhất"]
