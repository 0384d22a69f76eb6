"""Admissions by source: read from the admission candidacy that led to each admission."""

from datetime import date

import pytest

from coso.admission.tests.factories import make_admitted_candidate
from coso.members.choices import EventKind
from coso.targets.queries import FigureFilter, admitted_list, progress
from coso.testing.factories import make_member

pytestmark = pytest.mark.django_db


def test_admissions_by_source(world):
    candidate = make_admitted_candidate(world=world, source="women_union")
    fact = candidate.member.events.get(kind=EventKind.ADMITTED)
    make_member(org=world.cell, admitted_on=fact.on)  # registered directly: no candidacy
    year, end = fact.on.year, date(fact.on.year, 12, 31)
    report = progress(world.district, year, end)
    sources = {row.key: row.count for row in report.breakdowns["source"]}
    assert sources == {"women_union": 1, "-": 1}
    for key, count in sources.items():
        assert len(admitted_list(world.district, year, end, FigureFilter(dim="source", value=key))) == count
