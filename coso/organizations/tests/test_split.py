"""Splitting one organization into several (issue #2 §2): members and sub-units go where the
decision says, the source is dissolved, and the past still shows it whole."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coso.members.queries import members_on
from coso.organizations.models import OrgKind, Reorganization
from coso.organizations.services import SplitPart, organization_split
from coso.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db
SPLIT = date(2024, 1, 1)


@pytest.fixture
def commune():
    province = make_org(name="Tỉnh", kind=OrgKind.PROVINCE, type_code="province")
    district = make_org(name="Huyện", kind=OrgKind.UPPER, parent=province, type_code="district")
    commune = make_org(name="Xã Cũ", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district, type_code="commune")
    cells = [
        make_org(name=f"Chi bộ {i}", kind=OrgKind.CELL, parent=commune, type_code="village_cell") for i in range(2)
    ]
    direct = [make_member(org=commune) for _ in range(4)]
    for cell in cells:
        make_member(org=cell)
    return district, commune, cells, direct


def test_split_sends_members_and_cells_where_the_decision_says(commune):
    district, old, cells, direct = commune
    a = make_org(name="Xã A", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district, type_code="commune", on=SPLIT)
    b = make_org(name="Xã B", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district, type_code="commune", on=SPLIT)
    reorg = organization_split(
        source=old,
        parts=[
            SplitPart(target=a, member_ids=[m.pk for m in direct[:3]], child_ids=[cells[0].pk]),
            SplitPart(target=b, member_ids=[direct[3].pk], child_ids=[cells[1].pk]),
        ],
        on=SPLIT,
        actor=None,
    )
    assert reorg.kind == Reorganization.Kind.SPLIT
    assert members_on(old, date(2023, 12, 31)).count() == 6
    assert members_on(a, SPLIT).count() == 4 and members_on(b, SPLIT).count() == 2
    assert members_on(district, date(2023, 12, 31)).count() == members_on(district, SPLIT).count() == 6
    old.refresh_from_db()
    assert old.dissolved_on == SPLIT


def test_a_split_that_leaves_members_behind_cannot_dissolve_the_source(commune):
    district, old, cells, direct = commune
    a = make_org(name="Xã A", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district, type_code="commune", on=SPLIT)
    with pytest.raises(ValidationError):
        organization_split(
            source=old, parts=[SplitPart(target=a, member_ids=[direct[0].pk], child_ids=[])], on=SPLIT, actor=None
        )
    assert members_on(old, SPLIT).count() == 6  # nothing was written
