"""An organization's page as of a date: counts, sub-units, members, residential units, history."""

from datetime import date

import pytest
from django.urls import reverse

from coso.organizations.models import OrganizationType, OrgKind
from coso.organizations.services import (
    Decision,
    organization_establish,
    organization_merge,
    organization_rename,
    residential_unit_create,
)
from coso.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


def detail_url(org) -> str:
    return reverse("organizations:detail", kwargs={"org_id": org.pk})


def test_commune_page_shows_its_facts_sub_units_and_members(client, world):
    client.force_login(world.board_user)
    response = client.get(detail_url(world.commune))
    assert response.status_code == 200
    text = response.content.decode()
    ctx = response.context
    assert ctx["counts"].total == 1 and ctx["counts"].probationary == 1
    assert [n.organization for n in ctx["subunits"]] == [world.cell]
    assert world.commune.code in text and "Đảng bộ cơ sở" in text and "Xã" in text
    assert "01/01/2000" in text  # established on
    # The breadcrumb links the district (in scope) but not the province (above the board's scope).
    assert [(v.organization_id, visible) for v, visible in ctx["ancestors"]] == [
        (world.province.pk, False),
        (world.district.pk, True),
    ]
    assert f'href="{detail_url(world.district)}?on=' in text
    assert f'href="{detail_url(world.province)}' not in text
    # Members link to their record.
    member_url = reverse("members:detail", kwargs={"member_id": world.member.pk})
    assert f'href="{member_url}"' in text and world.member.full_name in text
    assert "Dự bị" in text


def test_residential_units_show_members_living_there_and_whether_a_cell_exists(client, world):
    empty = residential_unit_create(commune=world.commune, code="U09", name="Thôn Bắc", unit_kind="village", actor=None)
    organization_establish(
        code="C01-09",
        name="Chi bộ thôn Bắc",
        kind=OrgKind.CELL,
        org_type=OrganizationType.objects.get(code="village_cell"),
        parent=world.commune,
        on=date(2001, 1, 1),
        residential_unit=empty,
        actor=None,
    )
    client.force_login(world.board_user)
    rows = {r.unit.code: r for r in client.get(detail_url(world.commune)).context["units"]}
    assert (rows["U01"].active_members, rows["U01"].has_cell) == (1, False)
    assert (rows["U09"].active_members, rows["U09"].has_cell) == (0, True)
    text = client.get(detail_url(world.commune)).content.decode()
    assert "bản trắng đảng viên" in text and "chưa có chi bộ" in text


def test_residential_units_are_those_of_the_commune_on_the_chosen_date(client, world):
    neighbour = make_org(
        name="Đảng bộ xã Bình Yên", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=world.district, type_code="commune"
    )
    residential_unit_create(commune=neighbour, code="U05", name="Thôn Yên", unit_kind="village", actor=None)
    organization_merge(sources=[neighbour], target=world.commune, on=date(2020, 1, 1), actor=None)
    client.force_login(world.board_user)

    def codes(org, on):
        return [r.unit.code for r in client.get(detail_url(org), {"on": on}).context["units"]]

    # Before the merger the unit was the neighbour's; the merger does not rewrite that.
    assert codes(world.commune, "01/06/2019") == ["U01"]
    assert codes(neighbour, "01/06/2019") == ["U05"]
    assert sorted(codes(world.commune, "01/06/2020")) == ["U01", "U05"]


def test_page_reads_the_chosen_date(client, world):
    organization_rename(
        organization=world.commune,
        name="Đảng bộ xã An Lạc Mới",
        on=date(2015, 1, 1),
        decision=Decision(number="12-QĐ/HU", signed_on=date(2014, 12, 20), issuer="Huyện ủy An Bình"),
        actor=world.admin,
    )
    client.force_login(world.board_user)
    old = client.get(detail_url(world.commune), {"on": "01/06/2012"})
    assert old.context["version"].name == "Đảng bộ xã An Lạc"
    assert "<h1>Đảng bộ xã An Lạc</h1>" in old.content.decode()
    new = client.get(detail_url(world.commune), {"on": "01/06/2016"}).content.decode()
    assert "<h1>Đảng bộ xã An Lạc Mới</h1>" in new
    # The reorganization with its decision, and the names over time.
    assert "Số 12-QĐ/HU" in new and "ngày 20/12/2014" in new and "Huyện ủy An Bình" in new and "Đổi tên" in new
    assert "01/01/2000 – 01/01/2015" in new


def test_page_before_the_organization_existed_says_so(client, world):
    late = make_org(name="Chi bộ thành lập 2020", kind=OrgKind.CELL, parent=world.commune, on=date(2020, 3, 1))
    client.force_login(world.board_user)
    response = client.get(detail_url(late), {"on": "01/01/2019"})
    assert response.status_code == 200 and response.context["version"] is None
    assert "Ngày 01/01/2019 tổ chức này không tồn tại. Tổ chức được thành lập ngày 01/03/2020." in (
        response.content.decode()
    )


def test_members_are_paginated_by_50(client, world):
    for i in range(52):
        make_member(org=world.cell, full_name=f"Đảng viên {i:02d}")
    client.force_login(world.board_user)
    first = client.get(detail_url(world.commune))
    assert len(first.context["member_rows"]) == 50 and first.context["page"].paginator.count == 53
    second = client.get(detail_url(world.commune), {"page": 2})
    assert len(second.context["member_rows"]) == 3
    assert "Trang 2/2" in second.content.decode()


def test_write_actions_only_for_writers(client, world):
    client.force_login(world.board_user)
    text = client.get(detail_url(world.commune)).content.decode()
    assert reverse("organizations:rename", kwargs={"org_id": world.commune.pk}) in text
    assert reverse("organizations:unit_add", kwargs={"org_id": world.commune.pk}) in text
    # A cell's secretary does not reorganize their own cell: the committee above decides
    # (accounts.Competence, Statute art. 11); the commune's secretary may, on the cell.
    client.force_login(world.secretary_user)
    text = client.get(detail_url(world.cell)).content.decode()
    assert reverse("organizations:rename", kwargs={"org_id": world.cell.pk}) not in text
    assert reverse("organizations:dissolve", kwargs={"org_id": world.cell.pk}) not in text
    assert reverse("organizations:unit_add", kwargs={"org_id": world.cell.pk}) not in text  # a cell has no units
    client.force_login(world.commune_secretary_user)
    text = client.get(detail_url(world.cell)).content.decode()
    assert reverse("organizations:rename", kwargs={"org_id": world.cell.pk}) in text
    text = client.get(detail_url(world.commune)).content.decode()
    assert reverse("organizations:rename", kwargs={"org_id": world.commune.pk}) not in text
    assert reverse("organizations:unit_add", kwargs={"org_id": world.commune.pk}) in text


def test_out_of_scope_is_404(client, world):
    for user in (world.outsider_user, world.member_user):
        client.force_login(user)
        assert client.get(detail_url(world.commune)).status_code == 404
    client.force_login(world.secretary_user)
    assert client.get(detail_url(world.commune)).status_code == 404
    assert client.get(reverse("organizations:detail", kwargs={"org_id": 999999})).status_code == 404


def test_audit_trail_is_shown_to_administrators_only(client, world):
    organization_rename(organization=world.commune, name="Xã Đổi Tên", on=date(2015, 1, 1), actor=world.admin)
    client.force_login(world.admin)
    text = client.get(detail_url(world.commune)).content.decode()
    assert "Lịch sử thay đổi" in text and "Đổi tên tổ chức" in text  # the service, named in Vietnamese
    assert "organization_rename" not in text
    assert "<del>Đảng bộ xã An Lạc</del> → <ins>Xã Đổi Tên</ins>" in text
    client.force_login(world.board_user)
    text = client.get(detail_url(world.commune)).content.decode()
    assert "Lịch sử thay đổi" not in text and "Đổi tên tổ chức" not in text


DETAIL_MAX_QUERIES = 24  # session and user (5), tree and counts, members page, units, history, audit


@pytest.mark.parametrize("size", [1, 6])
def test_detail_takes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries, size):
    for i in range(size):
        cell = make_org(name=f"Chi bộ {i}", kind=OrgKind.CELL, parent=world.commune)
        for _ in range(3):
            make_member(org=cell)
    client.force_login(world.admin)
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(detail_url(world.commune))
    assert len(response.context["subunits"]) == size + 1
    assert response.context["counts"].total == 1 + 3 * size
