"""The one subtree filter (organizations.queries.in_subtree and its row-dated twins), on the dated tree."""

from datetime import date

import pytest

from coso.common.dates import today
from coso.members.choices import EventKind
from coso.members.models import MembershipSpell
from coso.members.services import member_record_event
from coso.organizations.models import Organization, OrgKind
from coso.organizations.queries import (
    in_subtree,
    in_subtree_before,
    in_subtree_now,
    subtree_versions,
    version_on,
)
from coso.organizations.services import organization_dissolve, organization_move
from coso.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db

MOVED = date(2024, 1, 1)


def orgs(condition) -> set[str]:
    return set(Organization.objects.filter(condition).values_list("code", flat=True))


@pytest.fixture
def moved(world):
    """The cell C01-01 moves from the district D01 to the commune C02 of D02 on 01/01/2024."""
    organization_move(organization=world.cell, new_parent=world.other_commune, on=MOVED, actor=None)
    return world


def test_the_subtree_is_the_tree_of_the_date_asked(moved):
    w = moved
    assert orgs(in_subtree(w.district, date(2023, 12, 31), field="pk")) == {"D01", "C01", "C01-01"}
    assert orgs(in_subtree(w.district, MOVED, field="pk")) == {"D01", "C01"}
    assert orgs(in_subtree(w.other_district, MOVED, field="pk")) == {"D02", "C02", "C02-01", "C01-01"}
    assert orgs(in_subtree(w.other_district, date(2023, 12, 31), field="pk")) == {"D02", "C02", "C02-01"}


def test_members_are_found_through_their_spells_on_the_date(moved):
    w = moved
    spells = MembershipSpell.objects.filter(member=w.member)
    assert spells.filter(in_subtree(w.district, date(2023, 6, 1))).filter(valid_from__lte=date(2023, 6, 1)).exists()
    # the member row's cached organization is read on the tree of the date too
    assert not w.member.__class__.objects.filter(in_subtree(w.district, today()), pk=w.member.pk).exists()
    assert w.member.__class__.objects.filter(in_subtree(w.other_district, today()), pk=w.member.pk).exists()


def test_several_roots_are_their_union_and_an_organization_absent_that_day_has_no_subtree(world):
    on = date(2020, 1, 1)
    both = orgs(in_subtree([world.district, world.other_district], on, field="pk"))
    assert both == orgs(in_subtree(world.district, on, field="pk")) | orgs(
        in_subtree(world.other_district, on, field="pk")
    )
    late = make_org(name="Chi bộ mới", kind=OrgKind.CELL, parent=world.commune, on=date(2022, 5, 1), code="NEW")
    assert orgs(in_subtree(late, date(2022, 4, 30), field="pk")) == set()
    assert orgs(in_subtree(late, date(2022, 5, 1), field="pk")) == {"NEW"}
    assert orgs(in_subtree([], on, field="pk")) == set()


def test_versions_are_accepted_as_roots_without_a_query(world, django_assert_num_queries):
    on = date(2020, 1, 1)
    version = version_on(world.commune, on)
    with django_assert_num_queries(0):
        qs = subtree_versions([version], on)
    assert set(qs.values_list("organization__code", flat=True)) == {"C01", "C01-01"}


def test_who_left_is_read_on_the_tree_of_their_last_day(moved):
    """Died in the cell in 2019, when it was under D01: D01's former member, never D02's."""
    w = moved
    dead = make_member(
        org=w.cell, full_name="Hoàng Văn Mất", admitted_on=date(2001, 1, 1), date_of_birth=date(1970, 6, 1)
    )
    member_record_event(member=dead, kind=EventKind.DIED, on=date(2019, 6, 1), actor=None)
    ended = MembershipSpell.objects.filter(member=dead, valid_to=date(2019, 6, 1))
    assert ended.filter(in_subtree_before(w.district, "valid_to")).exists()
    assert not ended.filter(in_subtree_before(w.other_district, "valid_to")).exists()
    # a spell still open has not ended anywhere
    assert not MembershipSpell.objects.filter(valid_to__isnull=True).filter(in_subtree_before(w.district, "valid_to"))


def test_in_subtree_now_keeps_a_dissolved_organization_in_its_last_place(world):
    empty = make_org(name="Chi bộ giải thể", kind=OrgKind.CELL, parent=world.commune, code="GONE")
    organization_dissolve(organization=empty, on=date(2023, 3, 1), actor=None)
    assert "GONE" not in orgs(in_subtree(world.commune, today(), field="pk"))
    assert orgs(in_subtree_now(world.commune, field="pk")) == {"C01", "C01-01", "GONE"}
    assert "GONE" not in orgs(in_subtree_now(world.other_commune, field="pk"))
