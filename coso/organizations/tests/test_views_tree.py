"""The organization tree page and its lazily loaded children (issue: organization tree UI)."""

from datetime import date

import pytest
from django.urls import reverse

from coso.accounts.models import Role, RoleAssignment
from coso.organizations.models import OrgKind
from coso.testing.factories import UserFactory, make_member, make_org

pytestmark = pytest.mark.django_db

TREE = reverse("organizations:tree")


def children_url(org, on="") -> str:
    url = reverse("organizations:children", kwargs={"org_id": org.pk})
    return f"{url}?on={on}" if on else url


@pytest.fixture
def official(world):
    """An official member transferred into cell C01-01, next to the world's probationary member."""
    return make_member(
        org=world.cell, first_event="transferred_in", entry_status="official", admitted_on=date(2015, 5, 1)
    )


def test_board_sees_its_district_as_the_root_with_subtree_counts(client, world, official):
    client.force_login(world.board_user)
    response = client.get(TREE)
    assert response.status_code == 200
    [root] = response.context["roots"]
    assert root.organization == world.district
    assert (root.counts.official, root.counts.probationary, root.counts.total) == (1, 1, 2)
    # A single root comes open with its children and their counts.
    [commune] = root.children
    assert commune.organization == world.commune and commune.counts.total == 2 and commune.has_children
    text = response.content.decode()
    assert world.district.name in text and world.commune.name in text
    assert world.other_district.name not in text and world.other_commune.name not in text
    assert "1 chính thức · 1 dự bị" in text
    assert 'lang="vi"' in text and "Hệ thống tổ chức đảng" in text


def test_admin_sees_the_whole_tree_from_the_province(client, world):
    client.force_login(world.admin)
    response = client.get(TREE)
    [root] = response.context["roots"]
    assert root.organization == world.province
    assert root.counts.total == 2
    assert {n.organization for n in root.children} == {world.district, world.other_district}
    assert response.context["can_establish_root"] is True


def test_roots_are_the_topmost_organizations_of_the_users_roles(client, world):
    RoleAssignment.objects.create(user=world.board_user, role=Role.OBSERVER, organization=world.cell)
    client.force_login(world.board_user)
    roots = client.get(TREE).context["roots"]
    assert [n.organization for n in roots] == [world.district]


def test_secretary_tree_starts_at_the_cell(client, world):
    client.force_login(world.secretary_user)
    response = client.get(TREE)
    assert [n.organization for n in response.context["roots"]] == [world.cell]
    assert world.commune.name not in response.content.decode()
    assert response.context["can_establish_root"] is False


def test_member_role_has_no_tree(client, world):
    client.force_login(world.member_user)
    response = client.get(TREE, {"on": "01/06/2024"})
    assert response.context["roots"] == []
    assert "Ngày 01/06/2024 không có tổ chức nào trong phạm vi phụ trách của bạn." in response.content.decode()


def test_tree_is_read_as_of_the_chosen_date(client, world):
    late = make_org(name="Chi bộ mới 2020", kind=OrgKind.CELL, parent=world.commune, on=date(2020, 1, 1))
    make_member(org=late, admitted_on=date(2021, 1, 1))
    client.force_login(world.board_user)

    before = client.get(TREE, {"on": "31/12/2009"})
    [root] = before.context["roots"]
    assert root.counts.total == 0  # members were admitted in 2010
    assert late.name not in client.get(children_url(world.commune, "31/12/2009")).content.decode()

    # ISO dates from the browser's date picker are accepted too.
    after = client.get(TREE, {"on": "2022-01-01"})
    assert after.context["on"] == date(2022, 1, 1)
    assert after.context["roots"][0].counts.total == 2
    text = client.get(children_url(world.commune, "01/01/2022")).content.decode()
    assert late.name in text and world.cell.name in text


def test_tree_links_carry_the_date(client, world):
    client.force_login(world.board_user)
    text = client.get(TREE, {"on": "15/03/2012"}).content.decode()
    assert f"{reverse('organizations:detail', kwargs={'org_id': world.district.pk})}?on=15/03/2012" in text
    assert f'hx-get="{children_url(world.commune, "15/03/2012")}"' in text


def test_children_partial_lists_sub_units_with_counts(client, world):
    client.force_login(world.board_user)
    response = client.get(children_url(world.commune), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    [node] = response.context["nodes"]
    assert node.organization == world.cell and node.counts.probationary == 1 and not node.has_children
    assert "<html" not in response.content.decode()


def test_children_of_a_leaf_say_so(client, world):
    client.force_login(world.board_user)
    text = client.get(children_url(world.cell)).content.decode()
    assert "Không có tổ chức trực thuộc vào ngày này." in text


def test_children_out_of_scope_is_404(client, world):
    client.force_login(world.outsider_user)
    assert client.get(children_url(world.commune)).status_code == 404
    client.force_login(world.secretary_user)
    assert client.get(children_url(world.commune)).status_code == 404


def test_children_hide_sub_units_outside_the_users_scope(client, world):
    second = make_org(name="Chi bộ thôn Nam", kind=OrgKind.CELL, parent=world.commune)
    observer = UserFactory(username="observer-cell")
    RoleAssignment.objects.create(user=observer, role=Role.OBSERVER, organization=world.commune)
    RoleAssignment.objects.create(user=world.secretary_user, role=Role.OBSERVER, organization=second)
    client.force_login(observer)
    assert {n.organization for n in client.get(children_url(world.commune)).context["nodes"]} == {world.cell, second}


def test_tree_requires_login_and_is_get_only(client, world):
    assert client.get(TREE).status_code == 302
    client.force_login(world.board_user)
    assert client.post(TREE).status_code == 405


def _grow(district, communes: int, cells: int, members: int) -> None:
    for i in range(communes):
        commune = make_org(name=f"Xã {i}", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district, type_code="commune")
        for j in range(cells):
            cell = make_org(name=f"Chi bộ {i}-{j}", kind=OrgKind.CELL, parent=commune, type_code="village_cell")
            for _ in range(members):
                make_member(org=cell)


TREE_MAX_QUERIES = 11  # + the competence rows in force (one query a request, for the menu and buttons)


@pytest.mark.parametrize("communes", [1, 8])
def test_tree_counts_take_a_bounded_number_of_queries(client, world, django_assert_max_num_queries, communes):
    _grow(world.district, communes, cells=3, members=2)
    client.force_login(world.board_user)
    with django_assert_max_num_queries(TREE_MAX_QUERIES):
        response = client.get(TREE)
    root = response.context["roots"][0]
    assert len(root.children) == communes + 1
    assert root.counts.total == 1 + communes * 3 * 2


@pytest.mark.parametrize("cells", [1, 10])
def test_children_take_a_bounded_number_of_queries(client, world, django_assert_max_num_queries, cells):
    _grow(world.district, 1, cells=cells, members=2)
    client.force_login(world.board_user)
    commune = world.district.children.get(name="Xã 0")
    with django_assert_max_num_queries(10):  # session (5) + scope, children, subtree, counts
        response = client.get(children_url(commune))
    assert len(response.context["nodes"]) == cells
    assert all(n.counts.total == 2 for n in response.context["nodes"])
