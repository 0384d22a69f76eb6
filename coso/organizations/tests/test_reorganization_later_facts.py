"""A reorganization dated before a later fact of a member it concerns is refused (issue 7, data
that cannot be lost): otherwise the member ends up in an organization that no longer exists and
vanishes from every count. A reorganization dated after all facts still goes through."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coso.audit.models import AuditEntry
from coso.members.models import MemberEvent, MembershipSpell
from coso.members.queries import members_on
from coso.members.services import member_record_event
from coso.organizations.models import OrgKind, OrgVersion, Reorganization
from coso.organizations.services import (
    SplitPart,
    organization_dissolve,
    organization_merge,
    organization_move,
    organization_split,
)
from coso.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db
ON = date(2024, 6, 1)


@pytest.fixture
def tree():
    province = make_org(name="Tỉnh", kind=OrgKind.PROVINCE, type_code="province")
    district = make_org(name="Huyện", kind=OrgKind.UPPER, parent=province, type_code="district")
    a, b, c = (
        make_org(name=f"Xã {x}", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district, type_code="commune") for x in "ABC"
    )
    return province, district, a, b, c


def _written():
    return (
        Reorganization.objects.count(),
        OrgVersion.objects.count(),
        MemberEvent.objects.count(),
        MembershipSpell.objects.count(),
        AuditEntry.objects.count(),
    )


def test_merge_before_a_later_admission_is_refused_naming_the_member_and_fact(tree):
    province, _district, a, b, _c = tree
    make_member(org=a, full_name="Lê Văn Muộn", admitted_on=date(2024, 7, 1))
    before = _written()
    with pytest.raises(ValidationError) as exc:
        organization_merge(sources=[a], target=b, on=ON, actor=None)
    message = exc.value.message_dict["on"][0]
    assert "Lê Văn Muộn" in message and "01/07/2024" in message and "Kết nạp" in message
    assert _written() == before
    assert members_on(province, date(2025, 1, 1)).count() == 1


def test_merge_before_a_later_transfer_in_is_refused(tree):
    province, _district, a, b, c = tree
    member = make_member(org=c, full_name="Phạm Thị Đến", admitted_on=date(2020, 1, 1))
    member_record_event(member=member, kind="transferred", on=date(2024, 7, 1), organization=a, actor=None)
    with pytest.raises(ValidationError) as exc:
        organization_merge(sources=[a], target=b, on=ON, actor=None)
    assert "Phạm Thị Đến" in exc.value.message_dict["on"][0]
    assert members_on(province, date(2025, 1, 1)).count() == 1


def test_merge_before_a_later_fact_of_a_present_member_is_refused(tree):
    _province, _district, a, b, _c = tree
    member = make_member(org=a, full_name="Hoàng Văn Chờ", admitted_on=date(2023, 12, 1))
    member_record_event(member=member, kind="recognized", on=date(2024, 12, 1), actor=None)
    with pytest.raises(ValidationError) as exc:
        organization_merge(sources=[a], target=b, on=ON, actor=None)
    assert "Hoàng Văn Chờ" in exc.value.message_dict["on"][0]


def test_merge_dated_after_every_fact_still_moves_the_members(tree):
    province, _district, a, b, _c = tree
    member = make_member(org=a, admitted_on=date(2023, 12, 1))
    member_record_event(member=member, kind="recognized", on=date(2024, 12, 1), actor=None)
    later = date(2025, 1, 1)
    organization_merge(sources=[a], target=b, on=later, actor=None)
    assert members_on(b, later).count() == 1
    assert members_on(province, date(2025, 2, 1)).count() == 1


def test_dissolve_before_a_later_admission_is_refused(tree):
    province, _district, a, _b, _c = tree
    make_member(org=a, full_name="Vũ Văn Sau", admitted_on=date(2024, 7, 1))
    before = _written()
    with pytest.raises(ValidationError) as exc:
        organization_dissolve(organization=a, on=ON, actor=None)
    assert "Vũ Văn Sau" in exc.value.message_dict["on"][0]
    assert _written() == before
    assert members_on(province, date(2025, 1, 1)).count() == 1


def test_split_refuses_only_for_the_members_it_moves_when_the_source_stays(tree):
    _province, _district, a, b, _c = tree
    staying = make_member(org=a, full_name="Đỗ Văn Ở", admitted_on=date(2020, 1, 1))
    member_record_event(member=staying, kind="exempted", on=date(2024, 9, 1), actor=None)
    leaving = make_member(org=a, full_name="Ngô Văn Đi", admitted_on=date(2020, 1, 1))
    member_record_event(member=leaving, kind="exempted", on=date(2024, 9, 1), actor=None)
    with pytest.raises(ValidationError) as exc:
        organization_split(
            source=a, parts=[SplitPart(target=b, member_ids=[leaving.pk])], on=ON, dissolve_source=False, actor=None
        )
    message = exc.value.message_dict["on"][0]
    assert "Ngô Văn Đi" in message and "Đỗ Văn Ở" not in message


def test_split_after_every_fact_still_works(tree):
    _province, _district, a, b, _c = tree
    member = make_member(org=a, admitted_on=date(2020, 1, 1))
    member_record_event(member=member, kind="exempted", on=date(2024, 9, 1), actor=None)
    organization_split(source=a, parts=[SplitPart(target=b, member_ids=[member.pk])], on=date(2024, 10, 1), actor=None)
    assert members_on(b, date(2024, 10, 1)).count() == 1


def test_a_move_keeps_members_with_later_facts_in_the_counts(tree):
    """Moving an organization does not touch its members' history, so it is not refused."""
    province, district, a, _b, _c = tree
    other = make_org(name="Huyện khác", kind=OrgKind.UPPER, parent=province, type_code="district")
    make_member(org=a, admitted_on=date(2024, 7, 1))
    organization_move(organization=a, new_parent=other, on=ON, actor=None)
    assert members_on(other, date(2025, 1, 1)).count() == 1
    assert members_on(district, date(2025, 1, 1)).count() == 0
