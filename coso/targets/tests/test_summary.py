"""The targets card shown in the dashboard and the admission worklist (issue 3 §3)."""

from datetime import date

import pytest

from coso.targets.services import Decision, admission_target_set
from coso.testing.factories import make_member

pytestmark = pytest.mark.django_db


def test_summary_shows_progress_and_the_units_behind_schedule(client, world):
    year = date.today().year - 1
    decision = Decision(number="12-QĐ/HU", signed_on=date(year, 1, 10), issuer="Huyện ủy")
    admission_target_set(organization=world.commune, year=year, target=4, decision=decision, actor=None)
    make_member(org=world.cell, admitted_on=date(year, 3, 1))
    client.force_login(world.board_user)
    response = client.get(f"/targets/summary/?org={world.district.pk}&year={year}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "</a> / 4 — 25,0%" in html
    assert f"{world.commune.name}</a>: 1 / 4 (25,0%)" in html
    assert "Đơn vị chậm tiến độ" in html and world.commune.name in html


def test_summary_is_scoped(client, world):
    client.force_login(world.outsider_user)
    response = client.get(f"/targets/summary/?org={world.district.pk}&year=2024")
    assert world.district.name not in response.content.decode()


def test_dashboard_and_worklist_load_the_summary(client, world):
    client.force_login(world.board_user)
    assert "/targets/summary/" in client.get(f"/reports/?org={world.district.pk}").content.decode()
    assert "/targets/summary/" in client.get("/admission/worklist/").content.decode()


def test_dashboard_card_never_counts_an_admission_after_the_dashboard_date(client, world):
    """The dashboard as of 30/06/2025 loads the targets card: an admission of 15/08/2025 must not count.

    Before the fix the card was loaded with the year only and read the year up to today.
    """
    import re
    from html import unescape

    decision = Decision(number="12-QĐ/HU", signed_on=date(2025, 1, 10), issuer="Huyện ủy")
    admission_target_set(organization=world.commune, year=2025, target=4, decision=decision, actor=None)
    make_member(org=world.cell, full_name="Trước Ngày", admitted_on=date(2025, 3, 1))
    make_member(org=world.cell, full_name="Sau Ngày", admitted_on=date(2025, 8, 15))
    client.force_login(world.board_user)
    page = client.get("/reports/", {"org": world.district.pk, "on": "30/06/2025"}).content.decode()
    url = unescape(re.search(r'hx-get="(/targets/summary/[^"]+)"', page).group(1))
    html = client.get(url).content.decode()
    assert "</a> / 4 — 25,0%" in html, html
    listed = client.get(re.search(r'<a href="(/targets/list/[^"]+)"', html).group(1).replace("&amp;", "&"))
    names = listed.content.decode()
    assert "Trước Ngày" in names and "Sau Ngày" not in names
    # The year's end counts both.
    html = client.get(f"/targets/summary/?org={world.district.pk}&year=2025&on=2025-12-31").content.decode()
    assert "</a> / 4 — 50,0%" in html


def test_card_labels_the_own_progress_apart_from_the_units_behind(client, world):
    """ "150,0%" beside "behind schedule: 0 / 6" must say which figure is which."""
    decision = Decision(number="12-QĐ/HU", signed_on=date(2025, 1, 10), issuer="Huyện ủy")
    admission_target_set(organization=world.commune, year=2025, target=2, decision=decision, actor=None)
    for day in (1, 2, 3):
        make_member(org=world.cell, admitted_on=date(2025, 3, day))
    client.force_login(world.board_user)
    html = client.get(f"/targets/summary/?org={world.commune.pk}&year=2025&on=2025-12-31").content.decode()
    assert "150,0%" in html
    assert 'data-testid="own-progress-label"' in html and world.commune.name in html
    assert 'data-testid="units-behind"' in html
