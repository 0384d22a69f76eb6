"""A richer province for the report tests, built through the services on top of the `world` fixture.

District D01 gets a second commune with a partial committee and three more cells, a grassroots
cell of a health station, members of every status (an exempted one, one transferred out of the
system after 30/06/2025, one transferred to the other district, one attached to a D01 cell from
D02 who must not count there) and four residential units. On 1/7/2025 the two communes of D01
merge into a new commune directly under the province, the health station's cell moves under the
province and the district is dissolved (the 2025 reorganization).
"""

from dataclasses import dataclass
from datetime import date

import pytest

from coso.members.choices import EventKind, PoliticalTheory, ProfessionalEducation
from coso.members.services import member_record_event
from coso.organizations.models import Organization, OrganizationType, OrgKind
from coso.organizations.services import (
    organization_dissolve,
    organization_establish,
    organization_merge,
    organization_move,
    residential_unit_create,
)
from coso.testing.factories import make_member, make_org

MERGER = date(2025, 7, 1)
BEFORE = date(2025, 6, 30)


@dataclass
class Rich:
    world: object
    merged: Organization
    second_commune: Organization
    partial: Organization
    station: Organization
    units: dict
    members: dict


def _cell_of_unit(*, name, code, parent, unit):
    return organization_establish(
        code=code,
        name=name,
        kind=OrgKind.CELL,
        org_type=OrganizationType.objects.get(code="village_cell"),
        parent=parent,
        on=date(2000, 1, 1),
        residential_unit=unit,
        actor=None,
    )


def build_rich(world) -> Rich:
    district, province = world.district, world.province
    second = make_org(
        name="Đảng bộ xã An Phú", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district, type_code="commune", code="C03"
    )
    u_nam = residential_unit_create(commune=second, code="U03", name="Thôn Nam", unit_kind="village", actor=None)
    u_bac = residential_unit_create(commune=second, code="U04", name="Thôn Bắc", unit_kind="hamlet", actor=None)
    cell_nam = _cell_of_unit(name="Chi bộ thôn Nam", code="C03-01", parent=second, unit=u_nam)
    partial = make_org(
        name="Đảng bộ bộ phận Trường học",
        kind=OrgKind.PARTIAL_COMMITTEE,
        parent=second,
        type_code="school",
        code="C03-BP",
    )
    teachers = make_org(name="Chi bộ Giáo viên", kind=OrgKind.CELL, parent=partial, type_code="school", code="C03-02")
    station = make_org(
        name="Chi bộ Trạm Y tế", kind=OrgKind.GRASSROOTS_CELL, parent=district, type_code="hospital", code="H01"
    )

    official = make_member(
        org=cell_nam,
        full_name="Lò Thị Mai",
        gender="female",
        ethnicity="03",
        religion="buddhism",
        date_of_birth=date(1950, 5, 5),
        admitted_on=date(2015, 1, 10),
        residential_unit=u_nam,
        political_theory=PoliticalTheory.INTERMEDIATE,
        professional_education=ProfessionalEducation.UNIVERSITY,
    )
    member_record_event(member=official, kind=EventKind.RECOGNIZED, on=date(2016, 1, 10), actor=None)
    exempt = make_member(
        org=cell_nam, full_name="Hoàng Văn Cao", date_of_birth=date(1940, 2, 29), admitted_on=date(2000, 2, 1)
    )
    member_record_event(member=exempt, kind=EventKind.RECOGNIZED, on=date(2001, 2, 1), actor=None)
    member_record_event(member=exempt, kind=EventKind.EXEMPTED, on=date(2020, 1, 1), actor=None)
    young = make_member(
        org=teachers,
        full_name="Phạm Thu Trang",
        gender="female",
        ethnicity="02",
        date_of_birth=date(2001, 9, 2),
        admitted_on=date(2024, 9, 1),
        professional_education=ProfessionalEducation.COLLEGE,
        general_education="9/12",
    )
    leaving = make_member(
        org=world.cell, full_name="Đỗ Văn Đi", date_of_birth=date(1970, 7, 1), admitted_on=date(2000, 5, 1)
    )
    member_record_event(member=leaving, kind=EventKind.RECOGNIZED, on=date(2001, 5, 1), actor=None)
    moving = make_member(
        org=station,
        full_name="Vũ Thị Thuyên",
        gender="female",
        religion="catholic",
        date_of_birth=date(1975, 3, 3),
        admitted_on=date(2012, 4, 4),
        political_theory=PoliticalTheory.ADVANCED,
    )
    member_record_event(member=moving, kind=EventKind.RECOGNIZED, on=date(2013, 4, 4), actor=None)
    attached = make_member(org=world.other_cell, full_name="Bùi Văn Gửi", date_of_birth=date(1990, 1, 1))
    member_record_event(
        member=attached, kind=EventKind.ATTACHED, on=date(2023, 1, 1), organization=world.cell, actor=None
    )

    merged = make_org(
        name="Đảng bộ xã An Lạc Phú",
        kind=OrgKind.GRASSROOTS_COMMITTEE,
        parent=province,
        type_code="commune",
        code="C10",
        on=MERGER,
    )
    organization_merge(sources=[world.commune, second], target=merged, on=MERGER, actor=None)
    organization_move(organization=station, new_parent=province, on=MERGER, actor=None)
    organization_dissolve(organization=district, on=MERGER, actor=None)
    member_record_event(
        member=moving, kind=EventKind.TRANSFERRED, on=date(2025, 8, 1), organization=world.other_cell, actor=None
    )
    member_record_event(
        member=leaving,
        kind=EventKind.TRANSFERRED_OUT,
        on=date(2025, 9, 1),
        external_place="Đảng bộ tỉnh Khác",
        actor=None,
    )
    for org in (world.district, world.commune, world.cell, station):
        org.refresh_from_db()
    return Rich(
        world=world,
        merged=merged,
        second_commune=second,
        partial=partial,
        station=station,
        units={"dong": world.unit, "tay": world.other_unit, "nam": u_nam, "bac": u_bac},
        members={
            "official": official,
            "exempt": exempt,
            "young": young,
            "leaving": leaving,
            "moving": moving,
            "attached": attached,
        },
    )


@pytest.fixture
def rich(world):
    return build_rich(world)
