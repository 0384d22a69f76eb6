"""Builders for admission tests (and the access matrix): candidates at a given stage, classes."""

from datetime import date

from coso.admission import services
from coso.admission.models import Candidate, Form
from coso.members.choices import EventKind
from coso.members.models import Ethnicity, Religion
from coso.members.services import member_record_event
from coso.rulesets.calendar import add_months
from coso.testing.factories import make_member
from coso.training.models import ClassKind, Result, TrainingClass

_counter = {"n": 0}


def make_official_member(*, org, admitted_on: date = date(2010, 3, 15), **profile):
    """A member admitted on `admitted_on` and official 12 months later (an introducer)."""
    member = make_member(org=org, admitted_on=admitted_on, **profile)
    member_record_event(member=member, kind=EventKind.RECOGNIZED, on=add_months(admitted_on, 12), actor=None)
    member.refresh_from_db()
    return member


def make_candidate(*, org, full_name: str | None = None, date_of_birth: date = date(1998, 5, 10), actor=None, **data):
    _counter["n"] += 1
    defaults = {
        "full_name": full_name or f"Lê Văn Quần {_counter['n']}",
        "gender": "male",
        "date_of_birth": date_of_birth,
        "ethnicity": Ethnicity.objects.get(code="01"),
        "religion": Religion.objects.get(code="none"),
        "general_education": "12/12",
        "source": "youth_union",
        "registered_on": date(2019, 1, 10),
        "occupation": "Nông dân",
        "current_address": "Thôn Đông, xã An Lạc",
    }
    defaults.update(data)
    return services.candidate_register(organization=org, data=defaults, actor=actor)


def make_class(
    *, org, level: str = ClassKind.AWARENESS, starts_on: date = date(2020, 3, 2), actor=None
) -> TrainingClass:
    _counter["n"] += 1
    return services.class_create(
        organization=org,
        kind=level,
        name=f"Lớp bồi dưỡng nhận thức về Đảng số {_counter['n']}",
        organizer="Trung tâm Chính trị huyện",
        starts_on=starts_on,
        ends_on=add_months(starts_on, 0).replace(day=min(starts_on.day + 4, 28)),
        actor=actor,
    )


def pass_awareness_class(candidate: Candidate, *, org, certificate_on: date, actor=None):
    training_class = make_class(org=org, starts_on=certificate_on.replace(day=1), actor=actor)
    student = services.class_enrol(training_class=training_class, candidate=candidate, actor=actor)
    return services.class_record_result(
        student=student, result=Result.PASSED, certificate_number="GCN-01", certificate_date=certificate_on, actor=actor
    )


def make_ready_candidate(
    *,
    world,
    introducer=None,
    shared_since: date = date(2018, 1, 1),
    certificate_on: date = date(2020, 3, 6),
    actor=None,
    **data,
) -> Candidate:
    """A candidate of the world's cell with the class passed, an introducer and the papers the vote needs."""
    candidate = make_candidate(org=world.cell, actor=actor, **data)
    introducer = introducer or make_official_member(org=world.cell)
    services.introducer_add(candidate=candidate, member=introducer, shared_since=shared_since, actor=actor)
    pass_awareness_class(candidate, org=world.commune, certificate_on=certificate_on, actor=actor)
    for form in (Form.APPLICATION, Form.BACKGROUND, Form.INTRODUCER_LETTER):
        services.document_add(
            candidate=candidate, form=form, number="", issued_on=certificate_on, issuer="", actor=actor
        )
    candidate.refresh_from_db()
    return candidate


def make_admitted_candidate(
    *,
    world,
    vote_on: date = date(2021, 8, 20),
    decision_on: date = date(2021, 9, 10),
    ceremony_on=date(2021, 9, 20),
    actor=None,
    **data,
) -> Candidate:
    candidate = make_ready_candidate(world=world, actor=actor, **data)
    services.candidate_record_cell_vote(
        candidate=candidate, on=vote_on, number="05-NQ/CB", official_members=9, in_favour=9, actor=actor
    )
    services.candidate_decide(candidate=candidate, on=decision_on, number="125-QĐ/ĐU", actor=actor)
    if ceremony_on:
        services.candidate_record_ceremony(candidate=candidate, on=ceremony_on, actor=actor)
    candidate.refresh_from_db()
    return candidate
