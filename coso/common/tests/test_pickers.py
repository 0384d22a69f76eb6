"""Searchable pickers (coso.common.pickers): the search answers only what the user may pick, through
the one door; the form still refuses anything else; large lists are not rendered whole."""

import pytest
from django.urls import reverse

from coso.admission.forms import CandidateForm, ClassForm
from coso.admission.tests.factories import make_candidate, make_official_member
from coso.common import pickers
from coso.organizations.labels import label, labels_on
from coso.testing.factories import make_member

pytestmark = pytest.mark.django_db


def values(response):
    return [row["value"] for row in response.json()["results"]]


def texts(response):
    return [row["text"] for row in response.json()["results"]]


def test_search_endpoints_require_login(client):
    for name in ("pickers:organizations", "pickers:members"):
        response = client.get(reverse(name), {"q": "a"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_organization_search_is_scoped_and_ignores_diacritics(client, world):
    client.force_login(world.board_user)
    response = client.get(reverse("pickers:organizations"), {"q": "chi bo thon"})
    assert response.status_code == 200
    assert values(response) == [str(world.cell.pk)]  # thôn Tây of the other district never appears
    assert texts(response) == ["Chi bộ thôn Đông — Đảng bộ xã An Lạc"]
    everything = client.get(reverse("pickers:organizations"))
    assert str(world.other_cell.pk) not in values(everything) and str(world.other_district.pk) not in values(everything)
    assert str(world.district.pk) in values(everything)


def test_organization_search_by_source_and_by_code(client, world):
    client.force_login(world.secretary_user)
    cells = client.get(reverse("pickers:organizations"), {"source": "admission_cells", "q": "c01-01"})
    assert values(cells) == [str(world.cell.pk)]
    assert client.get(reverse("pickers:organizations"), {"source": "nope"}).status_code == 404
    assert client.get(reverse("pickers:organizations"), {"source": "former_members"}).status_code == 404


def test_member_search_is_scoped_and_ignores_diacritics(client, world):
    make_member(org=world.other_cell, full_name="Nguyễn Văn Tuấn", citizen_id="002090000009")
    client.force_login(world.board_user)
    response = client.get(reverse("pickers:members"), {"q": "nguyen van TUAN"})
    assert values(response) == [str(world.member.pk)]  # the namesake of the other district never appears
    assert (
        texts(response)[0].startswith("Nguyễn Văn Tuấn (")
        and "Chi bộ thôn Đông — Đảng bộ xã An Lạc" in texts(response)[0]
    )
    client.force_login(world.outsider_user)
    assert str(world.member.pk) not in values(client.get(reverse("pickers:members"), {"q": "nguyen"}))
    client.force_login(world.member_user)
    assert values(client.get(reverse("pickers:members"), {"q": "hoa"})) == []


def test_introducer_source_needs_a_candidate_in_scope(client, world):
    candidate = make_candidate(org=world.cell)
    introducer = make_official_member(org=world.cell)
    client.force_login(world.board_user)
    url = reverse("pickers:members")
    response = client.get(url, {"source": "introducers", "candidate": candidate.pk})
    assert str(introducer.pk) in values(response)
    assert client.get(url, {"source": "introducers"}).status_code == 404
    client.force_login(world.outsider_user)
    assert client.get(url, {"source": "introducers", "candidate": candidate.pk}).status_code == 404


def test_form_refuses_an_organization_outside_its_source(world):
    form = ClassForm(
        {
            "organization": world.other_commune.pk,
            "level": "awareness",
            "name": "X",
            "starts_on": "01012026",
            "ends_on": "02012026",
        },
        user=world.board_user,
    )
    assert not form.is_valid() and "organization" in form.errors


def test_small_lists_render_whole_large_ones_only_the_choice(world, monkeypatch):
    form = CandidateForm(user=world.board_user)
    html = str(form["organization"])
    assert 'data-picker="local"' in html and "Chi bộ thôn Đông — Đảng bộ xã An Lạc" in html
    monkeypatch.setattr(pickers, "LOCAL_MAX", 0)
    form = CandidateForm(user=world.board_user, initial={"organization": world.cell.pk})
    html = str(form["organization"])
    assert 'data-picker="remote"' in html and "source=admission_cells" in html
    assert html.count("<option") == 2  # the empty choice and the chosen cell
    form = CandidateForm(user=world.board_user)
    assert str(form["organization"]).count("<option") == 1


def test_labels_name_the_parent_on_the_tree_of_a_date(world, django_assert_max_num_queries):
    from coso.common.dates import today

    org = type(world.cell).objects.select_related("parent").get(pk=world.cell.pk)
    assert label(org) == "Chi bộ thôn Đông — Đảng bộ xã An Lạc"
    assert label(world.province) == "Đảng bộ tỉnh Thử Nghiệm"
    with django_assert_max_num_queries(1):
        got = labels_on([world.cell.pk, world.other_cell.pk, world.province.pk], today())
    assert got == {
        world.cell.pk: "Chi bộ thôn Đông — Đảng bộ xã An Lạc",
        world.other_cell.pk: "Chi bộ thôn Tây — Đảng bộ xã Bắc Hà",
        world.province.pk: "Đảng bộ tỉnh Thử Nghiệm",
    }
