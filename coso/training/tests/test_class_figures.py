"""The class figures to the digit on a small hand-built district (issue 10): classes and students per
kind, organizer and mode, and the cadres sent to study, for a subtree and a period."""

from datetime import date

import pytest

from coso.cadres.services import cadre_create
from coso.reports.catalogue import Reading
from coso.testing.factories import make_member
from coso.training import services
from coso.training.models import ClassKind, Mode, Organizer, Result
from coso.training.tests.factories import make_training_class

pytestmark = pytest.mark.django_db

YEAR = (date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture
def district(world):
    """2024 in D01: two intermediate classes of the commune (3 and 2 students), one elementary class
    of the district (1 student), an awareness class started in 2023 (not this year), cadres sent
    out — 1 to advanced theory full-time, 3 in-service, 2 to the state-management specialist
    course — and a class of the other district that never counts here."""
    members = [make_member(org=world.cell, full_name=f"Học Viên {i}") for i in range(8)]
    cadres = [cadre_create(full_name=f"Cán Bộ {i}", organization=world.commune, actor=None) for i in range(3)]

    def fill(training_class, people):
        for person in people:
            key = "cadre" if hasattr(person, "posts") else "member"
            services.class_enrol(training_class=training_class, **{key: person}, actor=None)

    first = make_training_class(org=world.commune, kind=ClassKind.THEORY_INTERMEDIATE, starts_on=date(2024, 3, 4))
    fill(first, [members[0], members[1], cadres[0]])
    second = make_training_class(
        org=world.commune, kind=ClassKind.THEORY_INTERMEDIATE, starts_on=date(2024, 9, 2), days=200
    )
    fill(second, [members[2], cadres[1]])
    elementary = make_training_class(org=world.district, kind=ClassKind.THEORY_ELEMENTARY, starts_on=date(2024, 5, 6))
    fill(elementary, [members[3]])
    passed = elementary.students.get()
    services.class_record_result(student=passed, result=Result.PASSED, certificate_date=date(2024, 6, 1), actor=None)
    old = make_training_class(org=world.commune, kind=ClassKind.AWARENESS, starts_on=date(2023, 12, 20), days=20)
    assert old.ends_on.year == 2024  # ends in the year, started before it: counted in 2023
    outside = {"organizer_kind": Organizer.OUTSIDE}
    adv_full = make_training_class(org=world.district, kind=ClassKind.THEORY_ADVANCED, mode=Mode.FULL_TIME,
                                   starts_on=date(2024, 2, 1), **outside)  # fmt: skip
    fill(adv_full, [members[4]])
    adv_part = make_training_class(org=world.commune, kind=ClassKind.THEORY_ADVANCED, starts_on=date(2024, 2, 1),
                                   **outside)  # fmt: skip
    fill(adv_part, [members[5], members[6], cadres[2]])
    specialist = make_training_class(org=world.district, kind=ClassKind.SM_SPECIALIST, starts_on=date(2024, 10, 1),
                                     **outside)  # fmt: skip
    fill(specialist, [members[7], members[0]])
    elsewhere = make_training_class(org=world.other_commune, kind=ClassKind.THEORY_INTERMEDIATE,
                                    starts_on=date(2024, 3, 4))  # fmt: skip
    services.class_enrol(training_class=elsewhere, member=world.other_member, actor=None)
    return world


def value(org, slug, *, start=YEAR[0], end=YEAR[1], **params):
    reading = Reading(org, on=end, start=start)
    number = reading.value(slug, **params)
    assert number == len(list(reading.records(slug, **params)))
    return number


def test_classes_and_students_per_kind(district):
    d = district.district
    assert value(d, "training-classes") == 6
    assert value(d, "training-students") == 12
    assert value(d, "training-classes", kind="theory_intermediate") == 2
    assert value(d, "training-students", kind="theory_intermediate") == 5
    assert value(d, "training-classes", kind="theory_elementary") == 1
    assert value(d, "training-students", kind="theory_elementary") == 1
    assert value(d, "training-classes", kind="awareness") == 0
    assert value(d, "training-classes", organizer_kind="own") == 3
    assert value(d, "training-students", organizer_kind="outside") == 6
    assert value(d, "training-classes", mode="full_time") == 1


def test_the_cadres_sent_to_study_by_level_and_mode(district):
    d = district.district
    assert value(d, "training-sent") == 6
    assert value(d, "training-sent", kind="theory_advanced", mode="full_time") == 1
    assert value(d, "training-sent", kind="theory_advanced", mode="in_service") == 3
    assert value(d, "training-sent", kind="sm_specialist") == 2
    assert value(d, "training-sent", kind="theory_intermediate") == 0


def test_subtree_and_period(district):
    commune = district.commune
    # The commune's own: two intermediate classes and the outside in-service advanced one.
    assert value(commune, "training-classes") == 3
    assert value(commune, "training-students") == 8
    assert value(commune, "training-sent") == 3
    # A class counts in the period it starts in.
    assert value(commune, "training-classes", start=date(2023, 1, 1), end=date(2023, 12, 31)) == 1
    assert value(commune, "training-classes", start=date(2024, 3, 4), end=date(2024, 3, 4)) == 1
    assert value(commune, "training-classes", start=date(2024, 3, 5), end=date(2024, 9, 1)) == 0
    assert value(district.other_district, "training-students") == 1


def test_the_list_shows_the_result_as_it_stood_at_the_period_end(district):
    d = district.district
    before = Reading(d, on=date(2024, 5, 31), start=date(2024, 5, 1))
    (row,) = before.rows("training-students", kind="theory_elementary")
    assert (row.as_of_result, row.as_of_certificate_date) == ("enrolled", None)
    after = Reading(d, on=date(2024, 6, 30), start=date(2024, 5, 1))
    (row,) = after.rows("training-students", kind="theory_elementary")
    assert (row.as_of_result, row.as_of_certificate_date) == ("passed", date(2024, 6, 1))
