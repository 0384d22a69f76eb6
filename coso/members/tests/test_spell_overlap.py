"""No member holds two overlapping home spells (or two overlapping attached spells): a database
rule on both backends (issue 7; migration members/0005), checked here by writing spells directly,
as a careless import or script would."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from coso.members.models import MembershipSpell
from coso.members.services import member_record_event

pytestmark = pytest.mark.django_db


def _spell(member, org, start, end=None, *, attached=False):
    return MembershipSpell.objects.create(
        member=member, organization=org, status="official", valid_from=start, valid_to=end, attached=attached
    )


def test_an_overlapping_home_spell_is_refused(world):
    member = world.member  # home spell in the cell from 15/03/2010, open
    with pytest.raises(IntegrityError), transaction.atomic():
        _spell(member, world.other_cell, date(2020, 1, 1), date(2021, 1, 1))
    assert member.spells.count() == 1


def test_an_overlapping_closed_spell_is_refused_and_touching_ones_are_not(world):
    member = world.member
    member.spells.update(valid_to=date(2015, 1, 1))
    _spell(member, world.other_cell, date(2015, 1, 1), date(2016, 1, 1))  # starts the day the first ends
    with pytest.raises(IntegrityError), transaction.atomic():
        _spell(member, world.commune, date(2015, 12, 31))
    assert member.spells.count() == 2


def test_an_update_that_makes_spells_overlap_is_refused(world):
    member = world.member
    member.spells.update(valid_to=date(2015, 1, 1))
    later = _spell(member, world.other_cell, date(2016, 1, 1))
    later.valid_from = date(2014, 6, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        later.save()


def test_an_attached_spell_may_overlap_the_home_spell_but_not_another_attached_one(world):
    member = world.member
    member_record_event(member=member, kind="attached", on=date(2020, 1, 1), organization=world.other_cell, actor=None)
    assert member.spells.filter(attached=True).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        _spell(member, world.commune, date(2021, 1, 1), attached=True)


def test_other_members_spells_do_not_conflict(world):
    _spell(world.other_member, world.cell, date(2020, 1, 1), attached=True)
    assert world.other_member.spells.count() == 2
