from datetime import date
from random import Random

import pytest

from coso.meetings import queries
from coso.meetings.demo import seed_meetings_demo
from coso.meetings.models import Attendance, Meeting
from coso.testing.factories import make_member

pytestmark = pytest.mark.django_db


def test_demo_year_of_meetings(world):
    for i in range(6):
        make_member(org=world.cell, full_name=f"Đảng viên {i}")
    counts = seed_meetings_demo(province=world.province, year=2025, rng=Random(3), actor=None, today=date(2026, 1, 15))
    assert counts["meetings"] >= 20 and counts["attendance"] == Attendance.objects.count() > 0
    assert set(Meeting.objects.values_list("cell_id", flat=True)) == {world.cell.pk, world.other_cell.pk}
    ov = queries.overview(world.province, date(2025, 1, 1), date(2025, 12, 31))
    assert len(ov.judged()) == 2
    # A second run does not duplicate the year.
    assert seed_meetings_demo(province=world.province, year=2025, rng=Random(3), actor=None)["meetings"] == 0
