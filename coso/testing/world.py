"""A small province used by tests: two districts, communes, cells, members and the personas."""

from dataclasses import dataclass

from coso.accounts.models import Role, RoleAssignment
from coso.organizations.models import Organization, OrgKind
from coso.organizations.services import residential_unit_create
from coso.testing.factories import UserFactory, make_member, make_org


@dataclass
class World:
    province: Organization
    district: Organization
    commune: Organization
    cell: Organization
    other_district: Organization
    other_commune: Organization
    other_cell: Organization
    admin: object
    board_user: object
    secretary_user: object
    member_user: object
    outsider_user: object
    member: object
    other_member: object
    unit: object
    other_unit: object
    # Personas of the competence matrix (accounts.Competence): a board at province level, the
    # secretary of a grassroots committee, an observer of the district.
    province_board_user: object = None
    commune_secretary_user: object = None
    observer_user: object = None


def build_world() -> World:
    province = make_org(name="Đảng bộ tỉnh Thử Nghiệm", kind=OrgKind.PROVINCE, type_code="province", code="P01")
    district = make_org(
        name="Đảng bộ huyện An Bình", kind=OrgKind.UPPER, parent=province, type_code="district", code="D01"
    )
    commune = make_org(
        name="Đảng bộ xã An Lạc", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district, type_code="commune", code="C01"
    )
    cell = make_org(name="Chi bộ thôn Đông", kind=OrgKind.CELL, parent=commune, type_code="village_cell", code="C01-01")
    other_district = make_org(
        name="Đảng bộ huyện Bắc Sơn", kind=OrgKind.UPPER, parent=province, type_code="district", code="D02"
    )
    other_commune = make_org(
        name="Đảng bộ xã Bắc Hà",
        kind=OrgKind.GRASSROOTS_COMMITTEE,
        parent=other_district,
        type_code="commune",
        code="C02",
    )
    other_cell = make_org(
        name="Chi bộ thôn Tây", kind=OrgKind.CELL, parent=other_commune, type_code="village_cell", code="C02-01"
    )
    unit = residential_unit_create(commune=commune, code="U01", name="Thôn Đông", unit_kind="village", actor=None)
    other_unit = residential_unit_create(
        commune=other_commune, code="U02", name="Thôn Tây", unit_kind="village", actor=None
    )
    member = make_member(org=cell, full_name="Nguyễn Văn Tuấn", citizen_id="001085000001", residential_unit=unit)
    other_member = make_member(org=other_cell, full_name="Trần Thị Hoa", citizen_id="002090000002", gender="female")

    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    board_user = UserFactory(username="board")
    secretary_user = UserFactory(username="secretary")
    member_user = UserFactory(username="member")
    outsider_user = UserFactory(username="outsider")
    RoleAssignment.objects.create(user=board_user, role=Role.BOARD, organization=district)
    RoleAssignment.objects.create(user=secretary_user, role=Role.SECRETARY, organization=cell)
    RoleAssignment.objects.create(user=member_user, role=Role.MEMBER, member=member)
    RoleAssignment.objects.create(user=outsider_user, role=Role.BOARD, organization=other_district)
    province_board_user = UserFactory(username="province_board")
    commune_secretary_user = UserFactory(username="commune_secretary")
    observer_user = UserFactory(username="observer")
    RoleAssignment.objects.create(user=province_board_user, role=Role.BOARD, organization=province)
    RoleAssignment.objects.create(user=commune_secretary_user, role=Role.SECRETARY, organization=commune)
    RoleAssignment.objects.create(user=observer_user, role=Role.OBSERVER, organization=district)
    return World(
        province=province,
        district=district,
        commune=commune,
        cell=cell,
        other_district=other_district,
        other_commune=other_commune,
        other_cell=other_cell,
        admin=admin,
        board_user=board_user,
        secretary_user=secretary_user,
        member_user=member_user,
        outsider_user=outsider_user,
        member=member,
        other_member=other_member,
        unit=unit,
        other_unit=other_unit,
        province_board_user=province_board_user,
        commune_secretary_user=commune_secretary_user,
        observer_user=observer_user,
    )
