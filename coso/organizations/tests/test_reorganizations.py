"""Reorganizations are dated and never rewrite the past (issue #2 §2)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coso.audit.models import AuditEntry
from coso.members.queries import members_on
from coso.organizations.models import OrgKind
from coso.organizations.queries import children_on, subtree_org_ids
from coso.organizations.services import (
    organization_dissolve,
    organization_merge,
    organization_move,
    organization_rename,
)
from coso.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db
MERGER = date(2025, 7, 1)


@pytest.fixture
def district():
    province = make_org(name="Tỉnh", kind=OrgKind.PROVINCE, type_code="province")
    district = make_org(name="Huyện", kind=OrgKind.UPPER, parent=province, type_code="district")
    communes = [
        make_org(name=f"Xã {i}", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district, type_code="commune")
        for i in range(2)
    ]
    cells = [
        make_org(name=f"Chi bộ {i}", kind=OrgKind.CELL, parent=c, type_code="village_cell")
        for i, c in enumerate(communes)
    ]
    for i, cell in enumerate(cells):
        for _ in range(3 + i):
            make_member(org=cell)
    return province, district, communes, cells


def test_merge_two_communes_under_the_province_keeps_the_past(district):
    province, district_org, (a, b), cells = district
    merged = make_org(name="Xã Mới", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=province, type_code="commune", on=MERGER)
    organization_merge(sources=[a, b], target=merged, on=MERGER, actor=None)
    organization_dissolve(organization=district_org, on=MERGER, actor=None)

    before, after = date(2024, 12, 31), date(2025, 7, 2)
    assert members_on(district_org, before).count() == 7
    assert members_on(district_org, after).count() == 0
    assert members_on(province, before).count() == members_on(province, after).count() == 7
    assert members_on(merged, after).count() == 7
    # The cells moved with their members; the tree of 2024 still shows the district.
    assert {v.organization for v in children_on(province, before)} == {district_org}
    assert {v.organization for v in children_on(province, after)} == {merged}
    assert set(subtree_org_ids(merged, after).values_list("organization_id", flat=True)) == {
        merged.pk,
        *(c.pk for c in cells),
    }
    a.refresh_from_db()
    assert a.dissolved_on == MERGER
    assert AuditEntry.objects.filter(service="organization_merge").exists()


def test_kind_rules_follow_the_date(district):
    province = district[0]
    with pytest.raises(ValidationError) as exc:
        make_org(
            name="Xã sớm", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=province, type_code="commune", on=date(2024, 1, 1)
        )
    assert "parent" in exc.value.message_dict
    make_org(name="Xã đúng hạn", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=province, type_code="commune", on=MERGER)


def test_a_cell_cannot_hold_cells(district):
    cell = district[3][0]
    with pytest.raises(ValidationError):
        make_org(name="Chi bộ con", kind=OrgKind.CELL, parent=cell, type_code="village_cell")


def test_dissolving_an_organization_with_members_is_refused(district):
    cell = district[3][0]
    with pytest.raises(ValidationError) as exc:
        organization_dissolve(organization=cell, on=date(2024, 1, 1), actor=None)
    assert "3" in str(exc.value)


def test_move_and_rename_are_dated(district):
    province, district_org, (a, b), cells = district
    organization_move(organization=cells[0], new_parent=b, on=date(2023, 1, 1), actor=None)
    organization_rename(organization=cells[0], name="Chi bộ Đổi Tên", on=date(2024, 1, 1), actor=None)
    assert members_on(a, date(2022, 12, 31)).count() == 3
    assert members_on(a, date(2023, 1, 1)).count() == 0
    assert members_on(b, date(2023, 1, 1)).count() == 7
    names = list(cells[0].versions.order_by("valid_from").values_list("name", flat=True))
    assert names == ["Chi bộ 0", "Chi bộ 0", "Chi bộ Đổi Tên"]
    cells[0].refresh_from_db()
    assert cells[0].name == "Chi bộ Đổi Tên" and cells[0].parent == b


def test_a_reorganization_cannot_be_dated_before_a_later_change(district):
    cells = district[3]
    b = district[2][1]
    organization_rename(organization=cells[0], name="Chi bộ mới", on=date(2024, 1, 1), actor=None)
    with pytest.raises(ValidationError):
        organization_move(organization=cells[0], new_parent=b, on=date(2023, 1, 1), actor=None)
