"""Records from 2006 to 2017 are judged by the rule sets in force then (`rulesets/0003`).

- Admission: QĐ 23-QĐ/TW (31/10/2006) thi hành Điều lệ Đảng, with HD 03-HD/BTCTW (29/12/2006).
- Cell meetings: Chỉ thị 10-CT/TW (30/3/2007) of the Secretariat and its guidance, until HD
  12-HD/BTCTW (18/01/2018).
- Badges: QĐ 23-QĐ/TW (2006), then QĐ 45-QĐ/TW (2011), QĐ 29-QĐ/TW (2016), QĐ 24-QĐ/TW (2021).
"""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coso.admission import services as admission_services
from coso.admission.models import Stage
from coso.admission.tests.factories import make_official_member, make_ready_candidate
from coso.meetings import services as meeting_services
from coso.rulesets.queries import rules_in_force

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("topic", "on", "regulation"),
    [
        ("admission", date(2006, 10, 31), "QĐ 23-QĐ/TW"),
        ("admission", date(2009, 6, 15), "QĐ 23-QĐ/TW"),
        ("admission", date(2011, 10, 31), "QĐ 23-QĐ/TW"),
        ("admission", date(2011, 11, 1), "QĐ 45-QĐ/TW"),
        ("meetings", date(2007, 3, 30), "10-CT/TW"),
        ("meetings", date(2012, 3, 10), "10-CT/TW"),
        ("meetings", date(2018, 1, 17), "10-CT/TW"),
        ("meetings", date(2018, 1, 18), "HD 12-HD/BTCTW"),
        ("badges", date(2009, 9, 2), "QĐ 23-QĐ/TW"),
        ("badges", date(2016, 7, 25), "QĐ 29-QĐ/TW"),
        ("badges", date(2021, 7, 30), "QĐ 24-QĐ/TW"),
    ],
)
def test_the_set_in_force_on_each_date(topic, on, regulation):
    assert regulation in rules_in_force(topic, on).regulation


@pytest.mark.parametrize(
    ("topic", "on", "key", "value"),
    [
        # HD 03-HD/BTCTW point 1.1 and HD 01-HD/TW 2012 point 1.1: "over 60 (counted in years)".
        ("admission", date(2009, 6, 15), "max_age_months", 731),
        ("admission", date(2015, 6, 15), "max_age_months", 731),
        # HD 01-HD/TW 2021 point 3.1: "fully 60 (counted in months)".
        ("admission", date(2022, 6, 15), "max_age_months", 720),
        ("admission", date(2009, 6, 15), "min_age_months", 216),
        ("meetings", date(2012, 3, 10), "thematic_per_quarter", 1),
        ("meetings", date(2012, 3, 10), "min_minutes", 0),  # not confirmed for 2007–2017: not judged
        ("meetings", date(2019, 3, 10), "min_minutes", 90),
        # QĐ 29-QĐ/TW 2016 point 27.3 a: a gravely ill member no more than one year early.
        ("badges", date(2018, 5, 19), "early_months_from", 12),
        ("badges", date(2022, 5, 19), "early_months_from", 24),
        ("badges", date(2018, 5, 19), "discipline_postponement_months", {"warning": 6, "dismissal": 12}),
        # HD 01-HD/TW 2021 point 18.2: a posthumous award up to 12 months early.
        ("badges", date(2022, 5, 19), "posthumous_early_months", 12),
    ],
)
def test_values_of_the_earlier_sets(topic, on, key, value):
    assert rules_in_force(topic, on).values[key] == value


def test_a_2009_cell_vote_is_accepted_and_judged_by_qd_23(world):
    introducer = make_official_member(org=world.cell, admitted_on=date(2000, 3, 15), date_of_birth=date(1970, 6, 1))
    candidate = make_ready_candidate(
        world=world,
        introducer=introducer,
        date_of_birth=date(1985, 5, 10),
        registered_on=date(2008, 1, 10),
        shared_since=date(2007, 1, 1),
        certificate_on=date(2008, 10, 6),
    )
    admission_services.candidate_record_cell_vote(
        candidate=candidate, on=date(2009, 6, 15), number="05-NQ/CB", official_members=9, in_favour=7, actor=None
    )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.CELL_VOTED and candidate.cell_vote_on == date(2009, 6, 15)


def test_a_2009_vote_short_of_two_thirds_is_refused_citing_qd_23(world):
    introducer = make_official_member(org=world.cell, admitted_on=date(2000, 3, 15), date_of_birth=date(1970, 6, 1))
    candidate = make_ready_candidate(
        world=world,
        introducer=introducer,
        registered_on=date(2008, 1, 10),
        shared_since=date(2007, 1, 1),
        certificate_on=date(2008, 10, 6),
    )
    with pytest.raises(ValidationError) as exc:
        admission_services.candidate_record_cell_vote(
            candidate=candidate, on=date(2009, 6, 15), number="05-NQ/CB", official_members=9, in_favour=5, actor=None
        )
    assert "QĐ 23-QĐ/TW" in " ".join(exc.value.messages)


def test_a_candidate_of_60_years_5_months_in_2009_needs_no_approval(world):
    """HD 03-HD/BTCTW point 1.1: only people over 60 counted in years need the standing committee."""
    introducer = make_official_member(org=world.cell, admitted_on=date(2000, 3, 15), date_of_birth=date(1970, 6, 1))
    candidate = make_ready_candidate(
        world=world,
        introducer=introducer,
        date_of_birth=date(1949, 1, 10),
        registered_on=date(2008, 1, 10),
        shared_since=date(2007, 1, 1),
        certificate_on=date(2008, 10, 6),
    )
    admission_services.candidate_record_cell_vote(
        candidate=candidate, on=date(2009, 6, 15), number="05-NQ/CB", official_members=9, in_favour=9, actor=None
    )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.CELL_VOTED  # 60 years 5 months: not "over 60" counted in years


def test_a_2012_meeting_is_accepted_and_judged_by_the_2007_directive(world):
    meeting = meeting_services.meeting_plan(cell=world.cell, kind="regular", planned_on=date(2012, 3, 10), actor=None)
    notice = meeting_services.meeting_notify(
        meeting=meeting, at=timezone.make_aware(datetime(2012, 3, 9, 8, 0)), actor=None
    )
    assert notice is not None
