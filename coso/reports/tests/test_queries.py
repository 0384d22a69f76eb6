"""The register's figure dicts (reports.queries, read from the catalogue) on the rich province.

That every figure's number equals its list, its export and its API value is walked for the whole
catalogue in test_catalogue.py.
"""

from datetime import date  # noqa: F401

import pytest

from coso.common.dates import today
from coso.reports.queries import member_counts, organization_counts
from coso.reports.tests.conftest import BEFORE

pytestmark = pytest.mark.django_db


def test_rich_member_counts_before_the_merger(rich):
    w = rich.world
    counts = member_counts(w.district, BEFORE)
    # Tuấn, Mai, Cao, Trang, Đi, Thuyên — the member attached from D02 does not count.
    assert counts["total"] == 6
    assert counts["status"] == {"probationary": 2, "official": 4}
    assert counts["exempted"] == 1
    assert counts["gender"] == {"male": 3, "female": 3}
    assert counts["ethnicity"] == {"01": 4, "02": 1, "03": 1}
    assert counts["ethnic_minority"] == 2
    assert counts["religion"] == {"none": 4, "buddhism": 1, "catholic": 1}
    assert counts["with_religion"] == 2
    assert counts["age_band"] == {"u30": 1, "30_40": 1, "41_50": 1, "51_60": 1, "o60": 2}
    assert counts["political_theory"]["intermediate"] == 1
    assert counts["political_theory"]["advanced"] == 1
    assert counts["general_education"]["9/12"] == 1
    # The province on the same day also has the two D02 members (the attached one at home).
    assert member_counts(w.province, BEFORE)["total"] == 8


def test_rich_member_counts_today(rich):
    w = rich.world
    assert member_counts(w.district, today())["total"] == 0
    # Đi left the system on 1/9/2025, Thuyên moved to D02 on 1/8/2025.
    assert member_counts(rich.merged, today())["total"] == 4
    assert member_counts(w.province, today())["total"] == 7
    assert member_counts(w.other_district, today())["total"] == 3


def test_rich_organization_counts(rich):
    w = rich.world
    before = organization_counts(w.district, BEFORE)
    assert before["grassroots"] == 3
    assert before["grassroots_type"] == {"commune": 2, "hospital": 1}
    assert before["below_grassroots"] == 4
    assert before["kind"]["partial_committee"] == 1
    after = organization_counts(w.province, today())
    # D02, its commune and cell; the merged commune with its four units below; the moved station.
    assert after["kind"]["upper"] == 1
    assert after["grassroots"] == 3
    assert after["grassroots_type"] == {"commune": 2, "hospital": 1}
    assert organization_counts(w.district, today())["grassroots"] == 0


def test_rich_residential_units(rich):
    w = rich.world
    # Thôn Đông (Tuấn lives there, no cell), Thôn Nam (Mai, has a cell), Thôn Bắc (nobody, no cell);
    # Thôn Tây is in D02. On 30/06/2025 the three were in D01's communes, today in the merged commune.
    for org, on in ((w.district, BEFORE), (w.province, BEFORE), (rich.merged, today()), (w.province, today())):
        units = organization_counts(org, on)["units"]
        extra = 1 if org == w.province else 0  # Thôn Tây: no member lives there, no cell
        assert units == {"total": 3 + extra, "without_member": 1 + extra, "without_cell": 2 + extra}, (org, on)
    assert organization_counts(w.other_district, BEFORE)["units"]["total"] == 1


def test_commune_sees_only_its_own_units_before_the_merger(rich):
    assert organization_counts(rich.world.commune, BEFORE)["units"]["total"] == 1


def test_a_villager_whose_cell_is_elsewhere_still_lives_in_the_unit(world):
    """Same rule as the node page: any party member living there, whichever cell holds them."""
    from coso.common.dates import today
    from coso.members.services import member_update_profile
    from coso.organizations.tree_queries import residential_units_on
    from coso.reports.queries import organization_counts

    member_update_profile(member=world.other_member, data={"residential_unit": world.other_unit}, actor=None)
    before = organization_counts(world.other_commune, today())["units"]["without_member"]
    member_update_profile(member=world.member, data={"residential_unit": world.other_unit}, actor=None)
    member_update_profile(member=world.other_member, data={"residential_unit": None}, actor=None)
    assert organization_counts(world.other_commune, today())["units"]["without_member"] == before == 0
    row = next(r for r in residential_units_on(world.other_commune, today()) if r.unit == world.other_unit)
    assert row.active_members == 1
