"""The denominator of the cell's 2/3 (Party Statutes art. 4: "at least two thirds of the official
members in favour"): official members of the cell's own roll, less those exempted from party work
and activities and those on temporary activity at another organization who are absent; counted
when they attend and vote (QĐ 45-QĐ/TW 2011 point 16.3 a and the election regulations, as quoted;
HD 01-HD/TW 2021 point 13.2). Members attached here from elsewhere vote at home.
"""

from datetime import date

import pytest

from coso.admission.queries import official_members_count
from coso.admission.rules import VoterFacts, vote_denominator
from coso.members.choices import EventKind
from coso.members.services import member_record_event
from coso.organizations.models import OrgKind
from coso.testing.factories import make_member, make_org

REGULAR = VoterFacts()
EXEMPT = VoterFacts(exempt=True)
AWAY = VoterFacts(attached_elsewhere=True)


@pytest.mark.parametrize(
    ("voters", "expected"),
    [
        ([REGULAR] * 9, 9),
        ([REGULAR] * 9 + [EXEMPT], 9),  # exempted and absent: not counted
        ([REGULAR] * 9 + [VoterFacts(exempt=True, present=True)], 10),  # exempted but attends: counted
        ([REGULAR] * 9 + [AWAY], 9),  # on temporary activity elsewhere, absent: not counted
        ([REGULAR] * 9 + [VoterFacts(attached_elsewhere=True, present=True)], 10),  # came home to vote
        ([REGULAR] * 9 + [VoterFacts(exempt=True, attached_elsewhere=True)], 9),  # both: once
        ([VoterFacts(present=False)] * 3, 3),  # an ordinary official member absent is still counted
    ],
)
def test_vote_denominator(voters, expected):
    assert vote_denominator(voters) == expected


def official(org, name, on=date(2015, 1, 10)):
    return make_member(
        org=org, full_name=name, admitted_on=on, first_event=EventKind.TRANSFERRED_IN, entry_status="official"
    )


@pytest.mark.django_db
def test_the_form_suggests_the_denominator_without_exempted_or_away_members(world):
    cell = world.cell  # world.member: probationary, not counted
    other = make_org(name="Chi bộ thôn Bắc", kind=OrgKind.CELL, parent=world.commune, type_code="village_cell")
    for name in ("Lê Văn An", "Phạm Thị Bình", "Đỗ Văn Chung"):
        official(cell, name)
    exempt = official(cell, "Hoàng Văn Cường")
    member_record_event(member=exempt, kind=EventKind.EXEMPTED, on=date(2020, 5, 1), actor=None)
    away = official(cell, "Vũ Thị Đào")
    member_record_event(member=away, kind=EventKind.ATTACHED, on=date(2024, 1, 1), organization=other, actor=None)
    guest = official(other, "Ngô Văn Khách")
    member_record_event(member=guest, kind=EventKind.ATTACHED, on=date(2024, 1, 1), organization=cell, actor=None)

    assert official_members_count(cell, date(2023, 6, 1)) == 4  # the exempted member is left out
    # The one away since 1/1/2024 is left out too, and the guest attached here does not vote here.
    assert official_members_count(cell, date(2024, 6, 1)) == 3
    assert official_members_count(other, date(2023, 6, 1)) == 1  # the guest, at home before leaving
    assert official_members_count(other, date(2024, 6, 1)) == 0  # away: counted at home only if present
