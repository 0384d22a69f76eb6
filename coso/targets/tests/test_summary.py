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
