"""A cell with the kinds of members a roll must tell apart, on top of the shared `world`."""

from dataclasses import dataclass
from datetime import date

import pytest

from coso.members.choices import EventKind
from coso.members.services import member_record_event
from coso.testing.factories import make_member


@dataclass
class CellWorld:
    world: object
    cell: object
    official: object
    official2: object
    probationary: object  # world.member: admitted 2010, never recognized in the test data
    exempt: object
    attached: object  # world.other_member, temporarily attached to the cell from 2024
    newcomer: object  # transferred in on 15/03/2025


def official_member(org, name, on=date(2015, 1, 10)):
    return make_member(
        org=org, full_name=name, admitted_on=on, first_event=EventKind.TRANSFERRED_IN, entry_status="official"
    )


@pytest.fixture
def cw(world):
    cell = world.cell
    official = official_member(cell, "Lê Văn An")
    official2 = official_member(cell, "Phạm Thị Bình")
    exempt = official_member(cell, "Hoàng Văn Cường")
    member_record_event(member=exempt, kind=EventKind.EXEMPTED, on=date(2020, 5, 1), actor=None)
    member_record_event(
        member=world.other_member, kind=EventKind.ATTACHED, on=date(2024, 1, 1), organization=cell, actor=None
    )
    newcomer = official_member(cell, "Đỗ Thị Dung", on=date(2025, 3, 15))
    return CellWorld(world, cell, official, official2, world.member, exempt, world.other_member, newcomer)
