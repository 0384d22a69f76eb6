"""The admission services: each stage, its refusals (naming the rule and regulation), the facts
they write on the member register, and the audit rows."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coso.accounts.models import Role, RoleAssignment
from coso.admission import services
from coso.admission.models import Candidate, DossierDocument, Form, Stage
from coso.admission.tests.factories import (
    make_admitted_candidate,
    make_candidate,
    make_class,
    make_official_member,
    make_ready_candidate,
)
from coso.audit.models import AuditEntry
from coso.members.choices import EventKind, MemberStatus
from coso.members.services import member_record_event
from coso.rulesets.models import RuleSet
from coso.rulesets.services import ruleset_create
from coso.testing.factories import make_member
from coso.training.models import ClassKind, Result

pytestmark = pytest.mark.django_db


def vote(candidate, on=date(2021, 8, 20), total=9, yes=9, actor=None):
    return services.candidate_record_cell_vote(
        candidate=candidate, on=on, number="05-NQ/CB", official_members=total, in_favour=yes, actor=actor
    )


def refusal(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def test_pipeline_to_official_member(world):
    candidate = make_ready_candidate(world=world, actor=world.board_user)
    assert candidate.stage == Stage.DOSSIER

    doc = vote(candidate, actor=world.board_user)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.CELL_VOTED and candidate.cell_vote_on == date(2021, 8, 20)
    assert (doc.form, doc.official_members, doc.in_favour) == (Form.CELL_RESOLUTION, 9, 9)

    member = services.candidate_decide(
        candidate=candidate, on=date(2021, 9, 10), number="125-QĐ/ĐU", actor=world.board_user
    )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.DECIDED and candidate.member == member
    [admitted] = member.events.all()
    assert (admitted.kind, admitted.on, admitted.organization) == (EventKind.ADMITTED, date(2021, 9, 10), world.cell)
    assert admitted.decision_number == "125-QĐ/ĐU" and admitted.decision_issuer == world.commune.name
    assert member.status == MemberStatus.PROBATIONARY and member.full_name == candidate.full_name
    assert introducer_names(candidate) in member.introducers

    services.candidate_record_ceremony(candidate=candidate, on=date(2021, 9, 20), actor=world.board_user)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.ADMITTED and candidate.probation_ends_on == date(2022, 9, 20)

    # The cell meets late and the committee decides later still: the fact is dated the end of probation.
    services.candidate_recognize(
        candidate=candidate,
        cell_vote_on=date(2022, 10, 20),
        cell_resolution_number="12-NQ/CB",
        official_members=10,
        in_favour=7,
        decision_number="301-QĐ/ĐU",
        decision_date=date(2022, 11, 3),
        actor=world.board_user,
    )
    candidate.refresh_from_db()
    member.refresh_from_db()
    assert candidate.stage == Stage.RECOGNIZED
    recognized = member.events.get(kind=EventKind.RECOGNIZED)
    assert recognized.on == date(2022, 9, 20) and recognized.decision_date == date(2022, 11, 3)
    assert member.status == MemberStatus.OFFICIAL and member.official_on == date(2022, 9, 20)
    services_audited = set(AuditEntry.objects.values_list("service", flat=True))
    assert {
        "candidate_register",
        "candidate_record_cell_vote",
        "candidate_decide",
        "candidate_record_ceremony",
        "candidate_recognize",
        "member_register",
    } <= services_audited


def introducer_names(candidate):
    return ", ".join(i.member.full_name for i in candidate.introducers.all())


def test_vote_refused_for_age_names_the_rule_and_regulation(world):
    candidate = make_ready_candidate(world=world, date_of_birth=date(2003, 9, 15))
    with pytest.raises(ValidationError) as exc:
        vote(candidate)
    text = refusal(exc)
    assert "216" in text and "QĐ 24-QĐ/TW" in text
    candidate.refresh_from_db()
    assert candidate.stage == Stage.DOSSIER
    assert not DossierDocument.objects.filter(candidate=candidate, form=Form.CELL_RESOLUTION).exists()


def test_vote_is_judged_by_the_rule_set_in_force_on_its_date(world):
    ruleset_create(
        topic="admission",
        effective_from=date(2025, 6, 1),
        regulation="Quy định thử nghiệm 2025",
        values={
            **RuleSet.objects.get(topic="admission", effective_from=date(2025, 5, 26)).values,
            "max_age_months": 744,
        },
        actor=None,
    )
    older = make_ready_candidate(world=world, date_of_birth=date(1965, 4, 10), certificate_on=date(2024, 3, 6))
    with pytest.raises(ValidationError) as exc:
        vote(older, on=date(2025, 5, 30))  # 60 years 1 month, judged by QĐ 294 (720 months)
    assert "QĐ 294-QĐ/TW" in refusal(exc) and "720" in refusal(exc)
    vote(older, on=date(2025, 7, 10))  # 60 years 3 months, under the 744 months in force from 1/6/2025
    older.refresh_from_db()
    assert older.stage == Stage.CELL_VOTED


def test_exception_recorded_by_the_board_lets_an_over_60_vote_pass(world):
    candidate = make_ready_candidate(world=world, date_of_birth=date(1961, 7, 10))
    with pytest.raises(ValidationError) as exc:
        vote(candidate)
    assert "provincial standing committee" in refusal(exc) or "ban thường vụ tỉnh ủy" in refusal(exc).lower()

    approval = {
        "rule": "age_max",
        "approval_number": "88-CV/TU",
        "approval_date": date(2021, 8, 1),
        "approval_issuer": "Ban Thường vụ Tỉnh ủy",
    }
    with pytest.raises(PermissionDenied):
        services.rule_exception_record(candidate=candidate, actor=world.secretary_user, **approval)
    exception = services.rule_exception_record(candidate=candidate, actor=world.board_user, **approval)
    assert exception.recorded_by == world.board_user
    vote(candidate)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.CELL_VOTED
    assert AuditEntry.objects.filter(service="rule_exception_record", object_id=str(exception.pk)).exists()


def test_exception_covers_only_its_rule(world):
    candidate = make_ready_candidate(world=world, date_of_birth=date(1961, 7, 10), general_education="5/12")
    services.rule_exception_record(
        candidate=candidate,
        rule="age_max",
        approval_number="88-CV/TU",
        approval_date=date(2021, 8, 1),
        approval_issuer="Ban Thường vụ Tỉnh ủy",
        actor=world.admin,
    )
    with pytest.raises(ValidationError) as exc:
        vote(candidate)
    assert "5/12" in refusal(exc) and "720" not in refusal(exc)


def test_probationary_introducer_is_refused(world):
    candidate = make_ready_candidate(world=world, introducer=world.member)  # world.member is probationary
    with pytest.raises(ValidationError) as exc:
        vote(candidate)
    assert world.member.full_name in refusal(exc)


@pytest.mark.parametrize(("yes", "passes"), [(5, False), (6, True)])
def test_two_thirds_of_official_members(world, yes, passes):
    candidate = make_ready_candidate(world=world)
    if passes:
        vote(candidate, total=9, yes=yes)
        candidate.refresh_from_db()
        assert candidate.stage == Stage.CELL_VOTED
    else:
        with pytest.raises(ValidationError) as exc:
            vote(candidate, total=9, yes=yes)
        assert "2/3" in refusal(exc)


def test_vote_needs_the_papers_of_the_dossier(world):
    candidate = make_candidate(org=world.cell)
    with pytest.raises(ValidationError) as exc:
        vote(candidate)
    assert "1-KNĐ" in refusal(exc) and "3-KNĐ" in refusal(exc)


def test_readmission_after_36_months_reuses_the_record(world):
    former = make_official_member(org=world.cell, admitted_on=date(2005, 1, 10), citizen_id="001080000123")
    member_record_event(member=former, kind=EventKind.LEFT, on=date(2017, 1, 1), actor=None)
    former.refresh_from_db()
    candidate = make_ready_candidate(world=world, former_member=former, citizen_id="001080000123")
    vote(candidate)
    member = services.candidate_decide(candidate=candidate, on=date(2021, 9, 10), number="130-QĐ/ĐU", actor=None)
    assert member == former
    member.refresh_from_db()
    assert member.status == MemberStatus.PROBATIONARY
    assert member.events.filter(kind=EventKind.READMITTED, on=date(2021, 9, 10)).exists()


def test_readmission_too_soon_is_refused(world):
    former = make_official_member(org=world.cell, admitted_on=date(2005, 1, 10))
    member_record_event(member=former, kind=EventKind.LEFT, on=date(2019, 1, 1), actor=None)
    candidate = make_ready_candidate(world=world, former_member=former)
    with pytest.raises(ValidationError) as exc:
        vote(candidate)
    assert "36" in refusal(exc) and "31" in refusal(exc)


def test_register_refuses_a_committee_and_an_existing_member(world):
    with pytest.raises(ValidationError) as exc:
        make_candidate(org=world.commune)
    assert "organization" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make_candidate(org=world.cell, citizen_id=world.member.citizen_id)
    assert "citizen_id" in exc.value.message_dict


def test_class_pass_and_papers_move_the_stage(world):
    candidate = make_candidate(org=world.cell)
    training_class = make_class(org=world.commune)
    student = services.class_enrol(training_class=training_class, candidate=candidate, actor=None)
    with pytest.raises(ValidationError):
        services.class_record_result(student=student, result=Result.PASSED, actor=None)  # no certificate date
    services.class_record_result(
        student=student, result=Result.PASSED, certificate_number="12", certificate_date=date(2020, 3, 6), actor=None
    )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.CLASS_PASSED
    services.document_add(candidate=candidate, form=Form.APPLICATION, number="", issued_on=date(2020, 4, 1), actor=None)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.DOSSIER
    with pytest.raises(ValidationError):
        services.document_add(
            candidate=candidate, form=Form.APPLICATION, number="", issued_on=date(2020, 4, 1), actor=None
        )
    with pytest.raises(ValidationError):
        services.document_add(
            candidate=candidate, form=Form.ADMISSION_DECISION, number="1", issued_on=date(2020, 4, 1), actor=None
        )


def test_class_takes_candidates_of_its_subtree_only(world):
    other = make_candidate(org=world.other_cell)
    training_class = make_class(org=world.commune)
    with pytest.raises(ValidationError):
        services.class_enrol(training_class=training_class, candidate=other, actor=None)
    new_members = make_class(org=world.commune, level=ClassKind.NEW_MEMBERS)
    student = services.class_enrol(training_class=new_members, member=world.member, actor=None)
    assert student.member == world.member


def test_order_of_dates_is_enforced(world):
    candidate = make_ready_candidate(world=world)
    vote(candidate)
    with pytest.raises(ValidationError) as exc:
        services.candidate_decide(candidate=candidate, on=date(2021, 8, 1), number="1-QĐ/ĐU", actor=None)
    assert "on" in exc.value.message_dict
    services.candidate_decide(candidate=candidate, on=date(2021, 9, 10), number="1-QĐ/ĐU", actor=None)
    with pytest.raises(ValidationError):
        services.candidate_record_ceremony(candidate=candidate, on=date(2021, 9, 1), actor=None)
    services.candidate_record_ceremony(candidate=candidate, on=date(2021, 9, 20), actor=None)
    with pytest.raises(ValidationError) as exc:
        services.candidate_recognize(
            candidate=candidate,
            cell_vote_on=date(2022, 9, 19),
            cell_resolution_number="1",
            official_members=9,
            in_favour=9,
            decision_number="2",
            decision_date=date(2022, 9, 30),
            actor=None,
        )
    assert "20/09/2022" in refusal(exc)


def test_recognition_refused_below_two_thirds(world):
    candidate = make_admitted_candidate(world=world)
    with pytest.raises(ValidationError) as exc:
        services.candidate_recognize(
            candidate=candidate,
            cell_vote_on=date(2022, 9, 26),
            cell_resolution_number="1",
            official_members=9,
            in_favour=5,
            decision_number="2",
            decision_date=date(2022, 10, 5),
            actor=None,
        )
    assert "2/3" in refusal(exc)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.ADMITTED


def test_non_recognition_removes_the_member_with_its_decision(world):
    candidate = make_admitted_candidate(world=world)
    services.candidate_not_recognize(
        candidate=candidate,
        decision_number="310-QĐ/ĐU",
        decision_date=date(2022, 10, 10),
        reason="Vi phạm tư cách đảng viên",
        actor=world.board_user,
    )
    candidate.refresh_from_db()
    member = candidate.member
    member.refresh_from_db()
    assert candidate.stage == Stage.NOT_RECOGNIZED
    assert member.status == MemberStatus.NOT_RECOGNIZED
    fact = member.events.get(kind=EventKind.NOT_RECOGNIZED)
    assert (fact.on, fact.decision_number) == (date(2022, 10, 10), "310-QĐ/ĐU")


def test_withdraw_only_before_the_decision(world):
    candidate = make_candidate(org=world.cell)
    with pytest.raises(ValidationError):
        services.candidate_withdraw(candidate=candidate, on=date(2020, 1, 1), reason="", actor=None)
    services.candidate_withdraw(candidate=candidate, on=date(2020, 1, 1), reason="Chuyển đi nơi khác", actor=None)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.WITHDRAWN and "Chuyển đi nơi khác" in candidate.note
    decided = make_admitted_candidate(world=world, ceremony_on=None)
    with pytest.raises(ValidationError):
        services.candidate_withdraw(candidate=decided, on=date(2021, 10, 1), reason="x", actor=None)


def test_exception_only_from_a_board_over_the_candidate(world):
    candidate = make_ready_candidate(world=world)
    RoleAssignment.objects.create(user=world.outsider_user, role=Role.OBSERVER, organization=world.district)
    with pytest.raises(PermissionDenied):
        services.rule_exception_record(
            candidate=candidate,
            rule="age_max",
            approval_number="1",
            approval_date=date(2021, 1, 1),
            approval_issuer="x",
            actor=world.outsider_user,
        )
    assert not Candidate.objects.get(pk=candidate.pk).rule_exceptions.exists()


def test_decision_with_committee_resolution_records_8_knd(world):
    candidate = make_ready_candidate(world=world)
    vote(candidate)
    services.candidate_decide(
        candidate=candidate,
        on=date(2021, 9, 10),
        number="125-QĐ/ĐU",
        committee_resolution_number="40-NQ/ĐU",
        committee_resolution_on=date(2021, 9, 5),
        actor=None,
    )
    assert candidate.documents.filter(form=Form.COMMITTEE_RESOLUTION, number="40-NQ/ĐU").exists()


def test_citizen_id_clash_at_decision_is_a_field_error(world):
    candidate = make_ready_candidate(world=world, citizen_id="001099000777")
    vote(candidate)
    make_member(org=world.cell, citizen_id="001099000777")  # someone registered meanwhile
    with pytest.raises(ValidationError) as exc:
        services.candidate_decide(candidate=candidate, on=date(2021, 9, 10), number="1", actor=None)
    assert "citizen_id" in exc.value.message_dict


def test_a_citizen_id_held_outside_the_users_scope_is_refused_without_naming_the_member(world):
    from django.core.exceptions import ValidationError

    from coso.admission.services import candidate_register
    from coso.members.models import Ethnicity, Religion

    data = {
        "full_name": "Người Thử",
        "gender": "male",
        "date_of_birth": date(2000, 1, 1),
        "ethnicity": Ethnicity.objects.get(code="01"),
        "religion": Religion.objects.get(code="none"),
        "citizen_id": world.other_member.citizen_id,
        "general_education": "12/12",
        "source": "youth_union",
    }
    with pytest.raises(ValidationError) as exc:
        candidate_register(organization=world.cell, data=data, actor=world.board_user)
    message = " ".join(exc.value.message_dict["citizen_id"])
    assert world.other_member.citizen_id in message and world.other_member.full_name not in message
