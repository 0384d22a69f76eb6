"""The cadre work pages: list, create, detail, posts, rotation, planning, supervision, the tables
and their xlsx; every number of a table links to its figure's list."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.cadres import services
from coso.cadres.models import Cadre, PlanningEntry, PostKind, PostSpell, SupervisionAssignment
from coso.cadres.tables import TABLES, expected_slugs, read_tables
from coso.reports.catalogue import get_figure

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(world):
    cadre = services.cadre_create(full_name="Lê Văn An", organization=world.commune, actor=None)
    services.post_assign(cadre=cadre, organization=world.commune, kind=PostKind.COMMITTEE_MEMBER,
                         valid_from=date(2020, 10, 1), term="2020-2025", actor=None)  # fmt: skip
    return cadre


def test_the_list_is_scoped_and_searched(client, world, an):
    services.cadre_create(full_name="Trần Văn Xa", organization=world.other_commune, actor=None)
    client.force_login(world.board_user)
    page = client.get(reverse("cadres:list")).content.decode()
    assert "Lê Văn An" in page and "Trần Văn Xa" not in page
    assert "Lê Văn An" in client.get(reverse("cadres:list"), {"q": "le van an"}).content.decode()
    assert "Lê Văn An" not in client.get(reverse("cadres:list"), {"q": "binh"}).content.decode()
    assert "Lê Văn An" not in client.get(reverse("cadres:list"), {"org": world.cell.pk}).content.decode()
    assert client.get(reverse("cadres:list"), {"org": world.other_cell.pk}).status_code == 404


def test_create_a_cadre_from_a_member_and_a_non_member(client, world):
    client.force_login(world.board_user)
    response = client.post(reverse("cadres:create"), {"member": world.member.pk, "organization": world.cell.pk})
    cadre = Cadre.objects.get(member=world.member)
    assert response.status_code == 302 and cadre.full_name == "Nguyễn Văn Tuấn"
    client.post(reverse("cadres:create"), {"full_name": "Vũ Văn Chủ", "date_of_birth": "02/03/1975",
                                           "organization": world.commune.pk})  # fmt: skip
    assert Cadre.objects.get(full_name="Vũ Văn Chủ").date_of_birth == date(1975, 3, 2)
    again = client.post(reverse("cadres:create"), {"member": world.member.pk, "organization": world.cell.pk})
    assert again.status_code == 200 and "đã có trong danh sách cán bộ" in again.content.decode()


def test_assign_end_and_rotate_from_the_detail_page(client, world, an):
    client.force_login(world.board_user)
    url = reverse("cadres:post_assign", kwargs={"cadre_id": an.pk})
    client.post(url, {"organization": world.commune.pk, "kind": "secretary", "how": "elected",
                      "valid_from": "01/10/2020", "term": "2020-2025"})  # fmt: skip
    spell = PostSpell.objects.get(cadre=an, kind="secretary")
    clash = client.post(url, {"organization": world.commune.pk, "kind": "secretary", "how": "elected",
                              "valid_from": "01/01/2021"})  # fmt: skip
    assert clash.status_code == 200 and "Lê Văn An" in clash.content.decode()
    client.post(reverse("cadres:post_end", kwargs={"spell_id": spell.pk}), {"on": "01/10/2025"})
    spell.refresh_from_db()
    assert spell.valid_to == date(2025, 10, 1)
    member_post = PostSpell.objects.get(cadre=an, kind="committee_member")
    response = client.post(reverse("cadres:rotate", kwargs={"cadre_id": an.pk}),
                           {"from_post": member_post.pk, "kind": "rotation", "to_organization": world.other_commune.pk,
                            "to_kind": "deputy_secretary", "on": "01/11/2025"})  # fmt: skip
    assert response.status_code == 200  # another district's commune is not offered: the form refuses it
    assert not an.rotations.exists()
    page = client.get(reverse("cadres:detail", kwargs={"cadre_id": an.pk})).content.decode()
    assert "01/10/2025" in page and 'data-testid="assign-post"' in page


def test_the_planning_list_of_an_organization(client, world, an):
    client.force_login(world.board_user)
    url = reverse("cadres:planning", kwargs={"org_id": world.commune.pk})
    client.post(url, {"cadre": an.pk, "kind": "secretary", "term": "2025-2030", "added_on": "01/06/2024",
                      "decision_number": "30-QĐ/HU"})  # fmt: skip
    entry = PlanningEntry.objects.get()
    twice = client.post(url, {"cadre": an.pk, "kind": "secretary", "term": "2025-2030", "added_on": "01/01/2025"})
    assert twice.status_code == 200 and PlanningEntry.objects.count() == 1
    page = client.get(url, {"on": "01/01/2025", "term": "2025-2030"}).content.decode()
    assert "Lê Văn An" in page and "30-QĐ/HU" in page
    client.post(reverse("cadres:planning_remove", kwargs={"entry_id": entry.pk}), {"removed_on": "01/05/2025"})
    assert (
        "Lê Văn An"
        not in client.get(url, {"on": "01/05/2025"})
        .content.decode()
        .split('data-testid="planning"')[1]
        .split("</table>")[0]
    )


def test_supervision_page_counts_visits_per_quarter(client, world, an):
    from coso.meetings import services as meeting_services

    client.force_login(world.board_user)
    url = reverse("cadres:supervision", kwargs={"org_id": world.commune.pk})
    client.post(url, {"cadre": an.pk, "supervised": world.cell.pk, "valid_from": "01/01/2025"})
    assignment = SupervisionAssignment.objects.get()
    meeting_services.visit_record(cell=world.cell, on=date(2025, 5, 3), visitor_name="", committee=world.commune,
                                  cadre=an, actor=None)  # fmt: skip
    page = client.get(url, {"on": "30/06/2025"}).content.decode()
    table = page.split('data-testid="supervision"')[1].split("</table>")[0]
    assert "Lê Văn An" in table and 'text-bg-warning">0' in table  # Q1 without a visit, Q2 with one
    client.post(reverse("cadres:supervision_end", kwargs={"assignment_id": assignment.pk}), {"on": "01/07/2025"})
    assignment.refresh_from_db()
    assert assignment.valid_to == date(2025, 7, 1)


def test_the_visit_form_offers_the_visiting_committees_members(client, world, an):
    from coso.meetings.models import Visit

    client.force_login(world.board_user)  # the district's board: its own committee members
    committee_member = services.cadre_create(full_name="Hoàng Văn Huyện", organization=world.district, actor=None)
    services.post_assign(cadre=committee_member, organization=world.district, kind=PostKind.STANDING_MEMBER,
                         valid_from=date(2020, 8, 1), actor=None)  # fmt: skip
    url = reverse("meetings:visit_create", kwargs={"org_id": world.cell.pk})
    page = client.get(url).content.decode()
    assert "Hoàng Văn Huyện" in page and "Lê Văn An" not in page
    client.post(url, {"on": "01/03/2025", "cadre": committee_member.pk, "visitor_name": ""})
    assert Visit.objects.get().cadre == committee_member


def test_the_tables_link_every_number_and_export_a_sheet_per_table(client, world, an):
    client.force_login(world.board_user)
    page = client.get(reverse("cadres:tables"), {"org": world.district.pk, "from": "01/01/2025", "to": "31/03/2025"})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="table-leading"' in html
    assert "/reports/figures/cadres-posts/?org=" in html and "kind=committee_member" in html
    read = read_tables(world.district, on=date(2025, 3, 31), start=date(2025, 1, 1))
    leading = next(t for t in read if t.key == "leading")
    assert next(line.number for line in leading.lines if line.params.get("kind") == "committee_member") == 1
    response = client.get(reverse("cadres:tables_export"), {"org": world.district.pk, "from": "01/01/2025",
                                                            "to": "31/03/2025"})  # fmt: skip
    book = load_workbook(BytesIO(response.content), read_only=True)
    assert len(book.sheetnames) == len(read)
    rows = list(book[book.sheetnames[0]].iter_rows(values_only=True))
    assert rows[1][:2] == ("Hạng mục", "Số") and ("Cấp ủy viên", 1, None) in rows
    assert client.get(reverse("cadres:tables"), {"org": world.other_district.pk}).status_code == 404


def test_every_slug_of_the_tables_is_registered():
    """Passes once the training figures are merged: training-classes, training-students and
    training-sent are the training helper's (coso/training/class_figures.py); the qualification
    table takes every `qualification-*` figure (coso/training/qualification_figures.py)."""
    assert expected_slugs() == {
        "cadres-posts", "cadres-vacant", "cadres-rotations", "cadres-planned", "cadres-appointed",
        "cadres-supervision", "cadres-supervision-visited",
        "training-classes", "training-students", "training-sent",  # the training helper's
    }  # fmt: skip
    assert {slug for slug in expected_slugs() if get_figure(slug) is None} == set()
    assert [t.key for t in TABLES] == ["leading", "training", "qualification", "rotation", "planning", "appointments"]


def test_the_detail_page_shows_the_qualification_history_with_its_levels(client, world, an):
    from django.utils import translation

    from coso.members.choices import PoliticalTheory
    from coso.training.models import Qualification

    Qualification.objects.create(cadre=an, organization=world.commune, field="political_theory",
                                 value="intermediate", since=date(2024, 1, 5))  # fmt: skip
    client.force_login(world.board_user)
    page = client.get(reverse("cadres:detail", kwargs={"cadre_id": an.pk})).content.decode()
    with translation.override("vi"):
        label = str(PoliticalTheory("intermediate").label)
    history = page.split('data-testid="qualifications"')[1].split("</ul>")[0]
    assert label in history and "05/01/2024" in history
    assert "Cấp ủy viên" in page.split('data-testid="posts"')[1]
