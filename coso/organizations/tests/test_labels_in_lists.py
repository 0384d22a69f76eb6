"""Organizations shown with their parent where names repeat (issue 8): two communes each with a
"Chi bộ thôn 1" are told apart in the member list, the candidate list and the worklist, in a number
of queries that does not grow with the rows."""

from datetime import date

import pytest
from django.urls import reverse

from coso.admission.tests.factories import make_candidate
from coso.organizations.models import OrgKind
from coso.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def namesakes(world):
    second = make_org(
        name="Đảng bộ xã An Hòa",
        kind=OrgKind.GRASSROOTS_COMMITTEE,
        parent=world.district,
        type_code="commune",
        code="C03",
    )
    first_cell = make_org(
        name="Chi bộ thôn 1", kind=OrgKind.CELL, parent=world.commune, type_code="village_cell", code="C01-09"
    )
    second_cell = make_org(
        name="Chi bộ thôn 1", kind=OrgKind.CELL, parent=second, type_code="village_cell", code="C03-01"
    )
    return first_cell, second_cell


def test_member_list_names_each_cell_with_its_parent(client, world, namesakes, django_assert_max_num_queries):
    first, second = namesakes
    for n in range(10):
        make_member(org=first if n % 2 else second, full_name=f"Đinh Văn {n:02d}", admitted_on=date(2015, 1, 1))
    client.force_login(world.board_user)
    with django_assert_max_num_queries(16):  # the list's queries, and the labels of the page: one
        response = client.get(reverse("members:list"), {"q": "dinh van"})
    text = response.content.decode()
    assert "Chi bộ thôn 1 — Đảng bộ xã An Lạc" in text and "Chi bộ thôn 1 — Đảng bộ xã An Hòa" in text


def test_candidate_list_names_each_cell_with_its_parent(client, world, namesakes, django_assert_max_num_queries):
    first, second = namesakes
    for n in range(6):
        make_candidate(org=first if n % 2 else second, full_name=f"Phạm Văn Nguồn {n}")
    client.force_login(world.board_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admission:list"))
    text = response.content.decode()
    assert "Chi bộ thôn 1 — Đảng bộ xã An Lạc" in text and "Chi bộ thôn 1 — Đảng bộ xã An Hòa" in text
