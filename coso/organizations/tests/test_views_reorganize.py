"""Reorganization forms: each calls its service, shows its errors in Vietnamese on the right field."""

from datetime import date

import pytest
from django.urls import reverse

from coso.accounts.models import Role, RoleAssignment
from coso.audit.models import AuditEntry
from coso.organizations.models import Organization, OrganizationType, OrgKind, Reorganization, ResidentialUnit
from coso.testing.factories import UserFactory, make_org

pytestmark = pytest.mark.django_db


def url(name, org=None) -> str:
    return reverse(f"organizations:{name}", kwargs={"org_id": org.pk} if org else None)


def detail(org) -> str:
    return reverse("organizations:detail", kwargs={"org_id": org.pk})


@pytest.fixture
def observer(world):
    user = UserFactory(username="observer")
    RoleAssignment.objects.create(user=user, role=Role.OBSERVER, organization=world.district)
    return user


@pytest.fixture
def board(client, world):
    client.force_login(world.board_user)
    return client


DECISION = {"decision_number": "125-QĐ/HU", "decision_date": "10/03/2021", "decision_issuer": "Huyện ủy An Bình"}


def establish_data(**overrides):
    data = {
        "code": "C01-02",
        "name": "Chi bộ thôn Nam",
        "kind": OrgKind.CELL,
        "org_type": OrganizationType.objects.get(code="village_cell").pk,
        "on": "15/03/2021",
        **DECISION,
    }
    data.update(overrides)
    return data


# Establish ------------------------------------------------------------------------------------


def test_establish_a_cell_under_the_commune(board, world):
    response = board.get(url("establish", world.commune))
    assert response.status_code == 200
    assert {k for k, _ in response.context["form"].fields["kind"].choices} == {OrgKind.CELL, OrgKind.PARTIAL_COMMITTEE}
    assert "Thành lập tổ chức trực thuộc Đảng bộ xã An Lạc" in response.content.decode()

    response = board.post(url("establish", world.commune), establish_data(residential_unit=world.unit.pk), follow=True)
    cell = Organization.objects.get(code="C01-02")
    assert response.redirect_chain[-1][0] == f"{detail(cell)}?on=15/03/2021"
    assert "Đã thành lập tổ chức." in response.content.decode()
    assert cell.parent == world.commune and cell.established_on == date(2021, 3, 15)
    assert cell.residential_unit == world.unit
    reorg = Reorganization.objects.get(kind="establish", targets=cell)
    assert (reorg.decision_number, reorg.decision_date, reorg.decision_issuer) == (
        "125-QĐ/HU",
        date(2021, 3, 10),
        "Huyện ủy An Bình",
    )
    assert AuditEntry.objects.filter(service="organization_establish", actor=world.board_user).exists()


def test_establish_shows_the_services_error_on_the_code(board, world):
    response = board.post(url("establish", world.commune), establish_data(code="C01-01"))
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["Mã C01-01 đã được sử dụng."]
    assert "Mã C01-01 đã được sử dụng." in response.content.decode()
    assert not Organization.objects.filter(name="Chi bộ thôn Nam").exists()


def test_establish_shows_the_kind_rule_on_the_kind(board, world):
    # A grassroots committee under the province is allowed only from 1/7/2025 (QĐ 294-QĐ/TW).
    board.force_login(world.admin)
    data = establish_data(code="X01", name="Đảng bộ xã Sớm", kind=OrgKind.GRASSROOTS_COMMITTEE, on="01/01/2024")
    data["org_type"] = OrganizationType.objects.get(code="commune").pk
    response = board.post(url("establish", world.province), data)
    [error] = response.context["form"].errors["kind"]
    assert error.startswith("Ngày 01/01/2024, Đảng bộ cơ sở không thể trực thuộc Đảng bộ tỉnh, thành phố.")
    data["on"] = "01/07/2025"
    assert board.post(url("establish", world.province), data).status_code == 302


def test_establish_form_errors_are_vietnamese_and_name_the_field(board, world):
    response = board.post(url("establish", world.commune), establish_data(on="2021/15/03", name="", kind="province"))
    errors = response.context["form"].errors
    assert errors["on"] == [
        "“Ngày có hiệu lực”: “2021/15/03” không phải là ngày. Nhập ngày theo dạng ngày/tháng/năm,"
        " ví dụ 21/07/2024 hoặc 21072024."
    ]
    assert errors["name"] == ["Chưa nhập “Tên”."]
    assert errors["kind"] == ["“Cấp tổ chức”: hãy chọn một giá trị trong danh sách."]


def test_establish_root_is_for_administrators(client, world):
    client.force_login(world.board_user)
    assert client.get(url("establish_root")).status_code == 403
    client.force_login(world.admin)
    data = establish_data(code="P02", name="Đảng bộ tỉnh Mới", kind=OrgKind.PROVINCE)
    data["org_type"] = OrganizationType.objects.get(code="province").pk
    assert client.post(url("establish_root"), data).status_code == 302
    assert Organization.objects.get(code="P02").parent is None


# Rename ---------------------------------------------------------------------------------------


def test_rename(board, world):
    response = board.post(url("rename", world.commune), {"name": "Đảng bộ xã An Lạc Mới", "on": "01/07/2025"})
    assert response.status_code == 302 and response["Location"] == f"{detail(world.commune)}?on=01/07/2025"
    world.commune.refresh_from_db()
    assert world.commune.name == "Đảng bộ xã An Lạc Mới"
    assert world.commune.versions.count() == 2


def test_rename_to_the_same_name_is_refused_on_the_name(board, world):
    response = board.post(url("rename", world.commune), {"name": world.commune.name, "on": "01/07/2025"})
    assert response.context["form"].errors["name"] == ["Tổ chức đã mang tên này."]


def test_rename_before_the_last_change_is_refused_on_the_date(board, world):
    board.post(url("rename", world.commune), {"name": "Tên 2020", "on": "01/01/2020"})
    response = board.post(url("rename", world.commune), {"name": "Tên 2019", "on": "01/01/2019"})
    assert response.context["form"].errors["on"] == ["Ngày này trước lần thay đổi gần nhất của tổ chức (01/01/2020)."]


# Move -----------------------------------------------------------------------------------------


def test_move_a_cell_to_another_commune(board, world):
    second = make_org(
        name="Đảng bộ xã An Hòa", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=world.district, type_code="commune"
    )
    parents = board.get(url("move", world.cell)).context["form"].fields["parent"].queryset
    assert second in parents and world.other_commune not in parents and world.cell not in parents
    response = board.post(url("move", world.cell), {"parent": second.pk, "on": "01/01/2022", **DECISION})
    assert response.status_code == 302
    world.cell.refresh_from_db()
    assert world.cell.parent == second


def test_move_outside_the_writable_scope_is_not_a_choice(board, world):
    response = board.post(url("move", world.cell), {"parent": world.other_commune.pk, "on": "01/01/2022"})
    assert response.context["form"].errors["parent"] == [
        "“Tổ chức cấp trên mới”: hãy chọn một giá trị trong danh sách."
    ]
    world.cell.refresh_from_db()
    assert world.cell.parent == world.commune


def test_move_against_the_kind_rules_shows_on_the_parent(board, world):
    response = board.post(url("move", world.cell), {"parent": world.district.pk, "on": "01/01/2022"})
    [error] = response.context["form"].errors["parent"]
    assert error.startswith("Ngày 01/01/2022, Chi bộ trực thuộc không thể trực thuộc Cấp ủy cấp trên trực tiếp")


# Merge ----------------------------------------------------------------------------------------


def test_merge_a_commune_into_this_one(board, world):
    second = make_org(
        name="Đảng bộ xã An Hòa", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=world.district, type_code="commune"
    )
    second_cell = make_org(name="Chi bộ An Hòa", kind=OrgKind.CELL, parent=second, type_code="village_cell")
    sources = board.get(url("merge", world.commune)).context["form"].fields["sources"].queryset
    assert second in sources and world.commune not in sources and world.district not in sources
    assert world.other_commune not in sources
    response = board.post(url("merge", world.commune), {"sources": [second.pk], "on": "01/07/2025", **DECISION})
    assert response.status_code == 302
    second.refresh_from_db()
    second_cell.refresh_from_db()
    assert second.dissolved_on == date(2025, 7, 1) and second_cell.parent == world.commune


def test_merge_without_sources_names_the_field(board, world):
    response = board.post(url("merge", world.commune), {"on": "01/07/2025"})
    assert response.context["form"].errors["sources"] == ["Chưa nhập “Các tổ chức hợp nhất vào tổ chức này”."]


# Dissolve -------------------------------------------------------------------------------------


def test_dissolve_an_empty_cell(board, world):
    empty = make_org(name="Chi bộ trống", kind=OrgKind.CELL, parent=world.commune, type_code="village_cell")
    assert board.get(url("dissolve", empty)).status_code == 200
    response = board.post(url("dissolve", empty), {"on": "01/01/2023", "confirm": "on", **DECISION}, follow=True)
    assert "Đã giải thể tổ chức." in response.content.decode()
    empty.refresh_from_db()
    assert empty.dissolved_on == date(2023, 1, 1)


def test_dissolve_needs_the_confirmation(board, world):
    empty = make_org(name="Chi bộ trống", kind=OrgKind.CELL, parent=world.commune, type_code="village_cell")
    response = board.post(url("dissolve", empty), {"on": "01/01/2023"})
    assert "confirm" in response.context["form"].errors
    empty.refresh_from_db()
    assert empty.dissolved_on is None


def test_dissolving_a_cell_with_members_is_refused_above_the_form(board, world):
    response = board.post(url("dissolve", world.cell), {"on": "01/01/2023", "confirm": "on"})
    assert response.context["form"].non_field_errors() == [
        "Ngày 01/01/2023, Chi bộ thôn Đông còn 1 đảng viên: cần chuyển sinh hoạt cho đảng viên trước."
    ]
    assert "cần chuyển sinh hoạt cho đảng viên trước" in response.content.decode()


# Residential units ----------------------------------------------------------------------------


def test_add_a_residential_unit(board, world):
    data = {"code": "U05", "name": "Tổ dân phố 5", "unit_kind": "neighbourhood", "established_on": "01/01/2020"}
    response = board.post(url("unit_add", world.commune), data, follow=True)
    assert "Đã thêm thôn, tổ dân phố." in response.content.decode()
    unit = ResidentialUnit.objects.get(code="U05")
    assert unit.commune == world.commune and unit.established_on == date(2020, 1, 1)


def test_residential_unit_code_must_be_new(board, world):
    response = board.post(url("unit_add", world.commune), {"code": "U02", "name": "Thôn", "unit_kind": "village"})
    assert response.context["form"].errors["code"] == ["Mã U02 đã được dùng cho một thôn, tổ dân phố khác."]


def test_residential_units_belong_to_communes(board, world):
    response = board.post(url("unit_add", world.district), {"code": "U07", "name": "Thôn", "unit_kind": "village"})
    assert response.context["form"].non_field_errors() == ["Thôn, tổ dân phố chỉ thuộc xã, phường hoặc đặc khu."]
    assert not ResidentialUnit.objects.filter(code="U07").exists()


# Access ---------------------------------------------------------------------------------------

WRITE_VIEWS = ["establish", "rename", "move", "merge", "dissolve", "unit_add"]


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_out_of_scope_writes_are_404(client, world, name):
    before = AuditEntry.objects.count()
    for user in (world.outsider_user, world.member_user):
        client.force_login(user)
        assert client.get(url(name, world.commune)).status_code == 404
        assert (
            client.post(url(name, world.commune), {"name": "x", "on": "01/01/2022", "confirm": "on"}).status_code == 404
        )
    # The secretary writes in the cell only: the commune above is not even visible.
    client.force_login(world.secretary_user)
    assert client.get(url(name, world.commune)).status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_read_only_roles_get_403(client, world, observer, name):
    client.force_login(observer)
    assert client.get(detail(world.commune)).status_code == 200
    assert client.get(url(name, world.commune)).status_code == 403
    before = AuditEntry.objects.count()
    assert (
        client.post(url(name, world.commune), {"name": "Tên khác", "on": "01/01/2022", "confirm": "on"}).status_code
        == 403
    )
    assert AuditEntry.objects.count() == before
    world.commune.refresh_from_db()
    assert world.commune.name == "Đảng bộ xã An Lạc" and world.commune.dissolved_on is None


def test_cell_secretary_may_not_rename_own_cell_but_the_commune_may(client, world):
    """Reorganizing is decided by the committee above (accounts.Competence, Statute art. 11)."""
    from coso.audit.models import AuditEntry

    client.force_login(world.secretary_user)
    before = AuditEntry.objects.count()
    response = client.post(url("rename", world.cell), {"name": "Chi bộ thôn Đông 1", "on": "01/01/2022"})
    assert response.status_code == 403 and AuditEntry.objects.count() == before
    world.cell.refresh_from_db()
    assert world.cell.name == "Chi bộ thôn Đông"
    client.force_login(world.commune_secretary_user)
    response = client.post(url("rename", world.cell), {"name": "Chi bộ thôn Đông 1", "on": "01/01/2022"})
    assert response.status_code == 302
    world.cell.refresh_from_db()
    assert world.cell.name == "Chi bộ thôn Đông 1"


def test_write_pages_need_login(client, world):
    response = client.post(url("rename", world.commune), {"name": "x", "on": "01/01/2022"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
