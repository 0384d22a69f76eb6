"""The training services: who each kind of class takes, results and certificates, and the dated
qualification a certificate writes (DOMAIN.md §Training and cadre work; issue 10)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coso.admission.models import Stage
from coso.admission.tests.factories import make_candidate
from coso.audit.models import AuditEntry
from coso.cadres.services import cadre_create
from coso.training import queries, services
from coso.training.models import ClassKind, ClassStudent, Organizer, Qualification, Result
from coso.training.tests.factories import make_training_class

pytestmark = pytest.mark.django_db


def dated_facts():
    """The dated qualification facts (certificates); every member also has undated baseline ones."""
    return Qualification.objects.filter(since__isnull=False)


def _audits() -> int:
    return AuditEntry.objects.count()


# Enrolment rules, one row per kind ---------------------------------------------------------------

# (kind, who is enrolled, accepted?) — an awareness class takes candidates (HD 01-HD/TW point 3.1),
# a new members' class party members (Quy định 24-QĐ/TW art. 4), the others members or cadres.
ENROLMENTS = [
    (ClassKind.AWARENESS, "candidate", True),
    (ClassKind.AWARENESS, "member", False),
    (ClassKind.AWARENESS, "cadre", False),
    (ClassKind.NEW_MEMBERS, "member", True),
    (ClassKind.NEW_MEMBERS, "cadre", False),
    (ClassKind.THEORY_INTERMEDIATE, "member", True),
    (ClassKind.THEORY_INTERMEDIATE, "cadre", True),
    (ClassKind.SM_SPECIALIST, "cadre", True),
    (ClassKind.CADRE_SOURCE, "member", True),
    (ClassKind.PROFESSIONAL, "cadre", True),
]


@pytest.mark.parametrize(("kind", "who", "accepted"), ENROLMENTS)
def test_who_each_kind_of_class_takes(world, kind, who, accepted):
    training_class = make_training_class(org=world.commune, kind=kind)
    person = {
        "candidate": lambda: {"candidate": make_candidate(org=world.cell)},
        "member": lambda: {"member": world.member},
        "cadre": lambda: {"cadre": cadre_create(full_name="Lê Văn Xã", organization=world.commune, actor=None)},
    }[who]()
    before = _audits()
    if accepted:
        student = services.class_enrol(training_class=training_class, **person, actor=None)
        assert student.person == next(iter(person.values()))
        assert _audits() == before + 1
    else:
        with pytest.raises(ValidationError):
            services.class_enrol(training_class=training_class, **person, actor=None)
        assert ClassStudent.objects.count() == 0 and _audits() == before


def test_an_awareness_class_takes_only_candidates_under_its_committee(world):
    training_class = make_training_class(org=world.commune, kind=ClassKind.AWARENESS)
    stranger = make_candidate(org=world.other_cell)
    with pytest.raises(ValidationError) as exc:
        services.class_enrol(training_class=training_class, candidate=stranger, actor=None)
    assert "candidate" in exc.value.message_dict
    assert not ClassStudent.objects.exists()


@pytest.mark.parametrize("who", ["candidate", "member", "cadre"])
def test_a_second_enrolment_of_the_same_person_is_refused(world, who):
    kind = ClassKind.AWARENESS if who == "candidate" else ClassKind.THEORY_ELEMENTARY
    training_class = make_training_class(org=world.commune, kind=kind)
    person = {
        "candidate": lambda: make_candidate(org=world.cell),
        "member": lambda: world.member,
        "cadre": lambda: cadre_create(full_name="Lê Văn Xã", organization=world.commune, actor=None),
    }[who]()
    services.class_enrol(training_class=training_class, **{who: person}, actor=None)
    before = _audits()
    with pytest.raises(ValidationError) as exc:
        services.class_enrol(training_class=training_class, **{who: person}, actor=None)
    assert who in exc.value.message_dict
    assert ClassStudent.objects.count() == 1 and _audits() == before


def test_a_cadre_who_is_a_member_is_enrolled_as_the_member(world):
    training_class = make_training_class(org=world.commune)
    cadre = cadre_create(full_name="", member=world.member, organization=world.commune, actor=None)
    student = services.class_enrol(training_class=training_class, cadre=cadre, actor=None)
    assert student.member == world.member and student.cadre is None


def test_an_outside_class_keeps_the_sending_decision(world):
    training_class = make_training_class(
        org=world.commune, kind=ClassKind.THEORY_ADVANCED, organizer_kind=Organizer.OUTSIDE
    )
    student = services.class_enrol(
        training_class=training_class,
        member=world.member,
        decision_number=" 88-QĐ/HU ",
        decision_date=date(2024, 2, 20),
        decision_issuer="Huyện ủy An Bình",
        actor=None,
    )
    student.refresh_from_db()
    assert (student.decision_number, student.decision_date) == ("88-QĐ/HU", date(2024, 2, 20))
    assert student.decision_label == "88-QĐ/HU, 20/02/2024, Huyện ủy An Bình"


def test_a_class_that_ends_before_it_starts_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.class_create(
            organization=world.commune, kind=ClassKind.OTHER, name="Lớp X",
            starts_on=date(2024, 5, 2), ends_on=date(2024, 5, 1), actor=None,
        )  # fmt: skip
    assert "ends_on" in exc.value.message_dict


# Results and certificates ------------------------------------------------------------------------


def test_a_result_with_its_certificate(world):
    training_class = make_training_class(org=world.commune, kind=ClassKind.CADRE_SOURCE)
    student = services.class_enrol(training_class=training_class, member=world.member, actor=None)
    services.class_record_result(
        student=student, result=Result.PASSED, certificate_number=" TN-17 ", certificate_date=date(2024, 4, 10),
        actor=None,
    )  # fmt: skip
    student.refresh_from_db()
    assert (student.result, student.certificate_number, student.certificate_date) == (
        Result.PASSED, "TN-17", date(2024, 4, 10),
    )  # fmt: skip
    # A cadre-source class gives no qualification.
    assert not dated_facts().exists()
    entry = AuditEntry.objects.filter(service="class_record_result").get()
    assert entry.object_id == str(student.pk)


@pytest.mark.parametrize(
    ("certificate_date", "field"),
    [
        (date(2024, 3, 3), "certificate_date"),  # the day before the class started
        (None, "certificate_date"),  # a pass needs its certificate's date
        (date(2099, 1, 1), "certificate_date"),  # a date in the future
    ],
)
def test_a_refused_certificate_writes_nothing(world, certificate_date, field):
    training_class = make_training_class(org=world.commune, kind=ClassKind.THEORY_INTERMEDIATE)
    student = services.class_enrol(training_class=training_class, member=world.member, actor=None)
    before = _audits()
    with pytest.raises(ValidationError) as exc:
        services.class_record_result(
            student=student, result=Result.PASSED, certificate_date=certificate_date, actor=None
        )
    assert field in exc.value.message_dict
    student.refresh_from_db()
    assert student.result == Result.ENROLLED and student.certificate_date is None
    assert _audits() == before and not dated_facts().exists()


def test_a_certificate_on_the_first_day_of_the_class_is_accepted(world):
    training_class = make_training_class(org=world.commune, kind=ClassKind.OTHER)
    student = services.class_enrol(training_class=training_class, member=world.member, actor=None)
    services.class_record_result(
        student=student, result=Result.PASSED, certificate_date=training_class.starts_on, actor=None
    )
    assert ClassStudent.objects.get().result == Result.PASSED


def test_a_theory_certificate_writes_a_qualification_dated_on_the_certificate(world):
    training_class = make_training_class(org=world.commune, kind=ClassKind.THEORY_INTERMEDIATE)
    student = services.class_enrol(training_class=training_class, member=world.member, actor=None)
    services.class_record_result(
        student=student, result=Result.PASSED, certificate_number="TC-5", certificate_date=date(2024, 4, 20),
        actor=None,
    )  # fmt: skip
    fact = dated_facts().get()
    assert (fact.member, fact.field, fact.value, fact.since, fact.source) == (
        world.member, "political_theory", "intermediate", date(2024, 4, 20), student,
    )  # fmt: skip
    member = world.member
    assert queries.value_on(member=member, field="political_theory", on=date(2024, 4, 19)) != "intermediate"
    assert queries.value_on(member=member, field="political_theory", on=date(2024, 4, 20)) == "intermediate"
    member.refresh_from_db()
    assert member.political_theory == "intermediate"


def test_a_state_management_certificate_of_a_cadre_who_is_not_a_member(world):
    cadre = cadre_create(full_name="Lê Văn Xã", organization=world.commune, actor=None)
    training_class = make_training_class(org=world.commune, kind=ClassKind.SM_PRINCIPAL)
    student = services.class_enrol(training_class=training_class, cadre=cadre, actor=None)
    services.class_record_result(student=student, result=Result.PASSED, certificate_date=date(2024, 4, 1), actor=None)
    fact = dated_facts().get()
    assert (fact.cadre, fact.member, fact.field, fact.value) == (cadre, None, "state_management", "principal")


def test_a_lower_certificate_writes_no_qualification(world):
    advanced = make_training_class(org=world.commune, kind=ClassKind.THEORY_ADVANCED, starts_on=date(2022, 1, 10))
    first = services.class_enrol(training_class=advanced, member=world.member, actor=None)
    services.class_record_result(student=first, result=Result.PASSED, certificate_date=date(2022, 6, 1), actor=None)
    elementary = make_training_class(org=world.commune, kind=ClassKind.THEORY_ELEMENTARY)
    second = services.class_enrol(training_class=elementary, member=world.member, actor=None)
    services.class_record_result(student=second, result=Result.PASSED, certificate_date=date(2024, 4, 1), actor=None)
    assert list(dated_facts().values_list("value", "since")) == [("advanced", date(2022, 6, 1))]
    world.member.refresh_from_db()
    assert world.member.political_theory == "advanced"


def test_changing_a_pass_away_withdraws_its_qualification(world):
    training_class = make_training_class(org=world.commune, kind=ClassKind.THEORY_ELEMENTARY)
    student = services.class_enrol(training_class=training_class, member=world.member, actor=None)
    services.class_record_result(
        student=student, result=Result.PASSED, certificate_number="SC-1", certificate_date=date(2024, 4, 1),
        actor=None,
    )  # fmt: skip
    assert dated_facts().count() == 1
    services.class_record_result(student=student, result=Result.FAILED, actor=None)
    student.refresh_from_db()
    assert (student.result, student.certificate_number, student.certificate_date) == (Result.FAILED, "", None)
    assert not dated_facts().exists()
    assert AuditEntry.objects.filter(service="qualification_withdraw").count() == 1
    assert queries.value_on(member=world.member, field="political_theory", on=date(2024, 5, 1)) != "elementary"


def test_an_awareness_pass_moves_the_candidate_on(world):
    training_class = make_training_class(org=world.commune, kind=ClassKind.AWARENESS)
    candidate = make_candidate(org=world.cell)
    student = services.class_enrol(training_class=training_class, candidate=candidate, actor=None)
    services.class_record_result(student=student, result=Result.PASSED, certificate_date=date(2024, 3, 20), actor=None)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.CLASS_PASSED
    assert not dated_facts().exists()


def test_an_unknown_result_is_refused(world):
    training_class = make_training_class(org=world.commune)
    student = services.class_enrol(training_class=training_class, member=world.member, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.class_record_result(student=student, result="graduated", actor=None)
    assert "result" in exc.value.message_dict
