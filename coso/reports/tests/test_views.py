"""The dashboard, the figure lists and their exports agree, for every registered figure."""

import re
from datetime import date
from html import unescape
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.common.dates import today
from coso.reports.catalogue import figures_of
from coso.reports.tests.conftest import BEFORE

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a class="figure-link" href="([^"]+)" data-figure-value="(\d+)"')
# The catalogue counts the plain figures in one query and each breakdown in one grouped query
# (9 of them): the bound is per figure shown, never per value or per record.
DASHBOARD_MAX_QUERIES = 32
FIGURE_MAX_QUERIES = 15


def dmy(on: date) -> str:
    return on.strftime("%d/%m/%Y")


def dashboard_links(client, org, on, django_assert_max_num_queries):
    with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
        response = client.get(reverse("reports:dashboard"), {"org": org.pk, "on": dmy(on)})
    assert response.status_code == 200
    return [(unescape(href), int(value)) for href, value in LINK.findall(response.content.decode())]


def export_rows(client, url: str) -> list[tuple]:
    path, _sep, query = url.partition("?")
    response = client.get(path.rstrip("/") + "/export/?" + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    return list(sheet.iter_rows(values_only=True))[2:]  # under the title row and the header row


def check_dashboard(client, org, on, django_assert_max_num_queries):
    """Every number on the dashboard is a figure link whose list and export have that many rows."""
    links = dashboard_links(client, org, on, django_assert_max_num_queries)
    seen = set()
    checked = {}
    for url, value in links:
        slug = urlsplit(url).path.rstrip("/").split("/")[-1]
        seen.add(slug)
        query = parse_qs(urlsplit(url).query)
        assert query["org"] == [str(org.pk)] and query["on"] == [dmy(on)], url
        if url in checked:
            assert checked[url] == value, url
            continue
        with django_assert_max_num_queries(FIGURE_MAX_QUERIES):
            response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["count"] == value, (url, value)
        assert f'data-figure-count="{value}"' in response.content.decode()
        if value <= 50:
            assert len(response.context["table"]) == value
        assert len(export_rows(client, url)) == value, url
        checked[url] = value
    return checked, seen


@pytest.mark.parametrize("on", [BEFORE, None])
def test_world_dashboard_figures_open_their_lists(client, world, on, django_assert_max_num_queries):
    client.force_login(world.admin)
    on = on or today()
    seen = set()
    for org in (world.province, world.district, world.commune):
        checked, slugs = check_dashboard(client, org, on, django_assert_max_num_queries)
        assert any(v > 0 for v in checked.values())
        seen |= slugs
    # Every registered figure appears on the dashboard (a new figure must be shown and linked).
    assert seen == {f.slug for f in figures_of("reports")}, {f.slug for f in figures_of("reports")} - seen


@pytest.mark.parametrize("on", [BEFORE, None])
def test_rich_dashboard_figures_open_their_lists(client, rich, on, django_assert_max_num_queries):
    w = rich.world
    client.force_login(w.admin)
    on = on or today()
    seen = set()
    for org in (w.province, w.district, rich.merged, rich.second_commune):
        seen |= check_dashboard(client, org, on, django_assert_max_num_queries)[1]
    assert seen == {f.slug for f in figures_of("reports")}, {f.slug for f in figures_of("reports")} - seen


def test_board_user_sees_the_district_before_the_merger(client, rich, django_assert_max_num_queries):
    w = rich.world
    client.force_login(w.board_user)
    links = dict(dashboard_links(client, w.district, BEFORE, django_assert_max_num_queries))
    total_url = next(url for url in links if "/members_total/" in url)
    assert links[total_url] == 6
    names = {row[0] for row in export_rows(client, total_url)}
    assert names == {"Nguyễn Văn Tuấn", "Lò Thị Mai", "Hoàng Văn Cao", "Phạm Thu Trang", "Đỗ Văn Đi", "Vũ Thị Thuyên"}
    assert "Bùi Văn Gửi" not in names  # attached from D02: does not count in D01


def test_figure_page_lists_the_status_on_that_date(client, rich):
    w = rich.world
    client.force_login(w.admin)
    url = reverse("reports:figure", kwargs={"figure": "members_exempted"})
    response = client.get(url, {"org": w.district.pk, "on": dmy(BEFORE)})
    assert response.context["count"] == 1
    body = response.content.decode()
    assert "Hoàng Văn Cao" in body and "Chi bộ thôn Nam" in body
    assert "Đảng bộ huyện An Bình" in response.context["heading"] and "30/06/2025" in response.context["heading"]


def test_dashboard_defaults_to_the_users_topmost_organization_and_today(client, world):
    client.force_login(world.board_user)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert response.context["org"] == world.district
    assert response.context["on"] == today()
    client.force_login(world.admin)
    assert client.get(reverse("reports:dashboard")).context["org"] == world.province


def test_home_redirects_to_the_dashboard(client, world):
    client.force_login(world.board_user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("reports:dashboard")


def test_invalid_date_falls_back_to_today_with_a_message(client, world):
    client.force_login(world.board_user)
    response = client.get(reverse("reports:dashboard"), {"on": "31/02/2024"})
    assert response.status_code == 200
    assert response.context["on"] == today()
    assert "31/02/2024" in response.content.decode()


def test_iso_date_from_the_picker_is_accepted(client, world):
    client.force_login(world.board_user)
    response = client.get(reverse("reports:dashboard"), {"on": "2009-12-31"})
    assert response.context["on"] == date(2009, 12, 31)


@pytest.mark.parametrize("user_attr", ["outsider_user", "member_user", "secretary_user"])
def test_out_of_scope_organization_is_404(client, world, user_attr):
    client.force_login(getattr(world, user_attr))
    query = {"org": world.district.pk, "on": dmy(BEFORE)}
    assert client.get(reverse("reports:dashboard"), query).status_code == 404
    for name in ("reports:figure", "reports:figure_export"):
        url = reverse(name, kwargs={"figure": "members_total"})
        assert client.get(url, query).status_code == 404


def test_member_role_has_no_dashboard(client, world):
    client.force_login(world.member_user)
    assert client.get(reverse("reports:dashboard")).status_code == 404
    url = reverse("reports:figure", kwargs={"figure": "members_total"})
    assert client.get(url).status_code == 404


def test_secretary_sees_own_cell(client, world):
    client.force_login(world.secretary_user)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200 and response.context["org"] == world.cell


def test_unknown_figure_or_parameter_is_404(client, world):
    client.force_login(world.admin)
    query = {"org": world.province.pk}
    assert client.get(reverse("reports:figure", kwargs={"figure": "no_such_figure"}), query).status_code == 404
    gender = reverse("reports:figure", kwargs={"figure": "members_gender"})
    assert client.get(gender, query).status_code == 404
    assert client.get(gender, {**query, "gender": "robot"}).status_code == 404
    assert client.get(gender, {**query, "gender": "female"}).status_code == 200
    assert client.get(reverse("reports:figure", kwargs={"figure": "members_total"}), {"org": "x"}).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_figure_pages_are_paginated_with_bounded_queries(client, world, django_assert_max_num_queries):
    from coso.testing.factories import make_member

    for i in range(60):
        make_member(org=world.cell, full_name=f"Thành Viên {i:02d}")
    client.force_login(world.admin)
    url = reverse("reports:figure", kwargs={"figure": "members_total"})
    with django_assert_max_num_queries(FIGURE_MAX_QUERIES):
        response = client.get(url, {"org": world.district.pk, "page": 2})
    assert response.context["count"] == 61
    assert len(response.context["table"]) == 11
    export = reverse("reports:figure_export", kwargs={"figure": "members_total"})
    with django_assert_max_num_queries(FIGURE_MAX_QUERIES):
        response = client.get(export, {"org": world.district.pk})
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    assert len(list(sheet.iter_rows(values_only=True))) == 63  # the title row, the header row, 61 rows
    # named from the figure's Vietnamese label ("Đảng viên"), folded, not from its slug
    expected = f'filename="dang-vien-{world.district.code.lower()}-{today():%Y%m%d}.xlsx"'
    assert expected in response["Content-Disposition"]


def test_a_member_lands_on_their_own_record(client, world):
    client.force_login(world.member_user)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == f"/members/{world.member.pk}/"
