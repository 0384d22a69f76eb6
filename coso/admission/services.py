"""Writes of the admission pipeline. Each runs in a transaction and writes audit rows.

Every stage is judged by the admission rule set in force on that stage's date (DOMAIN.md §Rules
change). A rule violation at the cell's vote is refused with the rule and its regulation named,
unless a `RuleException` recorded by an organization-board user covers it. The committee's
decision creates the member (first fact: admitted, dated the decision); recognition adds the
official fact dated exactly when probation ends, whatever day the cell met.
"""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coso.accounts.actions import Action
from coso.accounts.scoping import may_on, scope
from coso.admission import queries, rules
from coso.admission.models import (
    BEFORE_VOTE_STAGES,
    OPEN_STAGES,
    REPEATABLE_FORMS,
    STAGE_FORMS,
    Candidate,
    DossierDocument,
    Form,
    Introducer,
    RuleException,
    Stage,
)
from coso.audit.services import audit_create, audit_update, snapshot
from coso.common.dates import today
from coso.common.text import format_date
from coso.common.versions import lock_and_check
from coso.members.choices import EventKind
from coso.members.models import Member
from coso.members.services import member_record_event, member_register
from coso.organizations.models import CELL_KINDS, Organization
from coso.rulesets.queries import NoRuleSet

CANDIDATE_FIELDS = [
    "full_name",
    "gender",
    "date_of_birth",
    "ethnicity",
    "religion",
    "citizen_id",
    "phone",
    "general_education",
    "professional_education",
    "exception_area",
    "permanent_address",
    "current_address",
    "residential_unit",
    "occupation",
    "work_unit",
    "source",
    "registered_on",
    "former_member",
    "note",
]


def _not_future(field: str, day: date | None) -> None:
    if day and day > today():
        raise ValidationError({field: _("%(date)s is in the future.") % {"date": format_date(day)}})


def _require_stage(candidate: Candidate, *stages: str) -> None:
    if candidate.stage not in stages:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _("%(name)s is at the stage “%(stage)s”; this step is not possible now.")
                % {"name": candidate.full_name, "stage": candidate.get_stage_display()}
            }
        )


def _book(on: date) -> queries.RuleBook:
    try:
        return queries.rule_book(on)
    except NoRuleSet as exc:
        raise ValidationError({NON_FIELD_ERRORS: str(exc)}) from exc


def _lock(candidate: Candidate) -> Candidate:
    """Re-read the row under a lock so two clerks cannot move the same candidate at once."""
    return Candidate.objects.select_for_update().get(pk=candidate.pk)


def _set_stage(candidate: Candidate, stage: str, *, actor, service: str, **dates) -> Candidate:
    before = snapshot(candidate)
    candidate.stage = stage
    for key, value in dates.items():
        setattr(candidate, key, value)
    candidate.save()
    audit_update(actor=actor, obj=candidate, before=before, service=service)
    return candidate


def _validate_candidate(candidate: Candidate, actor=None) -> None:
    errors = {}
    if candidate.organization_id and candidate.organization.kind not in CELL_KINDS:
        errors["organization"] = _("%(org)s is not a cell: candidates are proposed by a cell.") % {
            "org": candidate.organization.name
        }
    if candidate.date_of_birth and candidate.date_of_birth >= today():
        errors["date_of_birth"] = _("The date of birth must be in the past.")
    if candidate.registered_on and candidate.registered_on > today():
        errors["registered_on"] = _("%(date)s is in the future.") % {"date": format_date(candidate.registered_on)}
    if candidate.former_member_id and not queries.is_readmission_candidate(candidate.former_member):
        errors["former_member"] = _(
            "%(name)s has not left the Party: re-admission applies only to a person who left, was removed or expelled."
        ) % {"name": candidate.former_member.full_name}
    if candidate.citizen_id and not candidate.former_member_id:
        # The check is register-wide, but a name is only shown to someone who may see that record.
        existing = Member.objects.filter(citizen_id=candidate.citizen_id).first()
        if existing is not None and (actor is None or scope(Member.objects.filter(pk=existing.pk), actor).exists()):
            errors["citizen_id"] = _(
                "Citizen ID %(id)s belongs to %(name)s, already on the member register; "
                "for a re-admission choose the former member."
            ) % {"id": candidate.citizen_id, "name": existing.full_name}
        elif existing is not None:
            errors["citizen_id"] = _(
                "Citizen ID %(id)s is already on the member register, outside your scope; ask the organization "
                "board to check it."
            ) % {"id": candidate.citizen_id}
    try:
        candidate.full_clean(exclude=["organization", "stage"])
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, messages)
    if errors:
        raise ValidationError(errors)


# Registration ------------------------------------------------------------------------------------


@transaction.atomic
def candidate_register(*, organization: Organization, data: dict, actor) -> Candidate:
    """Put an outstanding person in the cell's pipeline (quần chúng ưu tú)."""
    candidate = Candidate(organization=organization, stage=Stage.PIPELINE)
    for key in CANDIDATE_FIELDS:
        if key in data:
            setattr(candidate, key, data[key])
    if not candidate.registered_on:
        candidate.registered_on = today()
    _validate_candidate(candidate, actor)
    candidate.save()
    audit_create(actor=actor, obj=candidate, service="candidate_register")
    return candidate


@transaction.atomic
def candidate_update(*, candidate: Candidate, data: dict, version: int | None = None, actor) -> Candidate:
    """Change the candidate's record; `version` is the one the form was loaded with and a stale one is
    refused with what changed meanwhile (`common.versions.StaleEdit`)."""
    lock_and_check(candidate, version, fields=CANDIDATE_FIELDS)
    before = snapshot(candidate)
    for key in CANDIDATE_FIELDS:
        if key in data:
            setattr(candidate, key, data[key])
    _validate_candidate(candidate, actor)
    candidate.version += 1
    candidate.save()
    audit_update(actor=actor, obj=candidate, before=before, service="candidate_update")
    return candidate


@transaction.atomic
def introducer_add(*, candidate: Candidate, member: Member, shared_since: date, actor) -> Introducer:
    """Record an introducer (3-KNĐ); whether they qualify is judged at the cell's vote."""
    _require_stage(candidate, *BEFORE_VOTE_STAGES)
    _not_future("shared_since", shared_since)
    if candidate.introducers.count() >= 2:
        raise ValidationError({"member": _("A candidate is introduced by one or two members; remove one first.")})
    if candidate.introducers.filter(member=member).exists():
        raise ValidationError({"member": _("%(name)s already introduces this candidate.") % {"name": member.full_name}})
    introducer = Introducer.objects.create(candidate=candidate, member=member, shared_since=shared_since)
    audit_create(actor=actor, obj=introducer, service="introducer_add")
    return introducer


# Documents ---------------------------------------------------------------------------------------


def _document(*, candidate: Candidate, form: str, issued_on: date, actor, service: str, **fields) -> DossierDocument:
    if form not in REPEATABLE_FORMS and candidate.documents.filter(form=form).exists():
        raise ValidationError({"form": _("The dossier already holds “%(form)s”.") % {"form": Form(form).label}})
    try:
        with transaction.atomic():
            doc = DossierDocument.objects.create(candidate=candidate, form=form, issued_on=issued_on, **fields)
    except IntegrityError as exc:
        raise ValidationError(
            {"form": _("The dossier already holds “%(form)s”.") % {"form": Form(form).label}}
        ) from exc
    audit_create(actor=actor, obj=doc, service=service)
    return doc


@transaction.atomic
def document_add(
    *, candidate: Candidate, form: str, number: str, issued_on: date, issuer: str = "", note: str = "", actor
) -> DossierDocument:
    """Add a dossier paper (1-KNĐ ... 5-KNĐ, 8-KNĐ, recognition papers) with its number and date.

    The papers that make a stage (6-KNĐ, 9-KNĐ, recognition decision) are recorded by the stage services.
    """
    candidate = _lock(candidate)
    if form in STAGE_FORMS:
        raise ValidationError(
            {"form": _("“%(form)s” is recorded by its step, not as a loose paper.") % {"form": Form(form).label}}
        )
    _require_stage(candidate, *OPEN_STAGES)
    _not_future("issued_on", issued_on)
    doc = _document(
        candidate=candidate,
        form=form,
        number=number.strip(),
        issued_on=issued_on,
        issuer=issuer.strip(),
        note=note,
        actor=actor,
        service="document_add",
    )
    if candidate.stage == Stage.CLASS_PASSED:
        _set_stage(candidate, Stage.DOSSIER, actor=actor, service="document_add")
    return doc


# Classes: one model for every kind of class, in coso.training (issue 10); the admission pages and
# the demo call them from here.
from coso.training.services import class_create, class_enrol, class_record_result  # noqa: E402, F401

# Exceptions --------------------------------------------------------------------------------------


def may_record_exception(user, candidate: Candidate) -> bool:
    """Whether the user's role at its level may record an exception (Action.ADMISSION_EXCEPTION,
    organization boards over the candidate's cell by the shipped accounts.Competence rows)."""
    return may_on(user, Action.ADMISSION_EXCEPTION, candidate)


@transaction.atomic
def rule_exception_record(
    *,
    candidate: Candidate,
    rule: str,
    approval_number: str,
    approval_date: date,
    approval_issuer: str,
    reason: str = "",
    actor,
) -> RuleException:
    """Record the approved exception to one rule (e.g. the provincial standing committee's approval
    of an admission over 60), so the cell's vote is no longer refused for it."""
    if not may_record_exception(actor, candidate):
        raise PermissionDenied(_("Only the organization board records an exception to a rule."))
    _require_stage(candidate, *BEFORE_VOTE_STAGES)
    _not_future("approval_date", approval_date)
    if not approval_number.strip() or not approval_issuer.strip():
        raise ValidationError({"approval_number": _("Give the approving document's number and its issuer.")})
    if candidate.rule_exceptions.filter(rule=rule).exists():
        raise ValidationError({"rule": _("An exception to this rule is already recorded.")})
    exception = RuleException(
        candidate=candidate,
        rule=rule,
        approval_number=approval_number.strip(),
        approval_date=approval_date,
        approval_issuer=approval_issuer.strip(),
        reason=reason,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    exception.full_clean(exclude=["recorded_by"])
    exception.save()
    audit_create(actor=actor, obj=exception, service="rule_exception_record")
    return exception


# The stages --------------------------------------------------------------------------------------


def vote_violations(candidate: Candidate, *, on: date, official_members: int, in_favour: int) -> list[rules.Violation]:
    """The violations the cell's vote on `on` would be refused for (exceptions already removed)."""
    book = _book(on)
    facts = queries.candidate_facts(candidate, on)
    violations = rules.check_admission(
        facts,
        vote_on=on,
        official_members=official_members,
        in_favour=in_favour,
        values=book.values,
        regulation=book.regulation,
    )
    excepted = set(candidate.rule_exceptions.values_list("rule", flat=True))
    return [v for v in violations if v.code not in excepted]


@transaction.atomic
def candidate_record_cell_vote(
    *, candidate: Candidate, on: date, number: str, official_members: int, in_favour: int, issuer: str = "", actor
) -> DossierDocument:
    """The cell's resolution proposing admission (6-KNĐ), judged by the rules in force on its date."""
    candidate = _lock(candidate)
    _require_stage(candidate, *BEFORE_VOTE_STAGES)
    _not_future("on", on)
    if on < candidate.registered_on:
        raise ValidationError(
            {
                "on": _("The vote cannot precede the registration (%(date)s).")
                % {"date": format_date(candidate.registered_on)}
            }
        )
    forms = set(candidate.documents.values_list("form", flat=True))
    missing = [Form(f).label for f in (Form.APPLICATION, Form.BACKGROUND) if f not in forms]
    if not forms & {Form.INTRODUCER_LETTER, Form.INTRODUCER_LETTER_JOINT}:
        missing.append(Form.INTRODUCER_LETTER.label)
    if missing:
        raise ValidationError(
            {NON_FIELD_ERRORS: _("The dossier lacks: %(forms)s.") % {"forms": "; ".join(str(m) for m in missing)}}
        )
    violations = vote_violations(candidate, on=on, official_members=official_members, in_favour=in_favour)
    if violations:
        raise ValidationError({NON_FIELD_ERRORS: [v.message for v in violations]}, code="rules")
    doc = _document(
        candidate=candidate,
        form=Form.CELL_RESOLUTION,
        number=number.strip(),
        issued_on=on,
        issuer=issuer.strip() or candidate.organization.name,
        official_members=official_members,
        in_favour=in_favour,
        actor=actor,
        service="candidate_record_cell_vote",
    )
    _set_stage(candidate, Stage.CELL_VOTED, actor=actor, service="candidate_record_cell_vote", cell_vote_on=on)
    return doc


def _profile(candidate: Candidate) -> dict:
    introducers = ", ".join(i.member.full_name for i in candidate.introducers.select_related("member"))
    return {
        "full_name": candidate.full_name,
        "gender": candidate.gender,
        "date_of_birth": candidate.date_of_birth,
        "ethnicity": candidate.ethnicity,
        "religion": candidate.religion,
        "citizen_id": candidate.citizen_id or None,
        "phone": candidate.phone,
        "general_education": candidate.general_education,
        "professional_education": candidate.professional_education,
        "permanent_address": candidate.permanent_address,
        "current_address": candidate.current_address,
        "residential_unit": candidate.residential_unit,
        "occupation": candidate.occupation,
        "work_unit": candidate.work_unit,
        "admission_place": candidate.organization.name,
        "introducers": introducers[:255],
    }


@transaction.atomic
def candidate_decide(
    *,
    candidate: Candidate,
    on: date,
    number: str,
    issuer: str = "",
    committee_resolution_number: str = "",
    committee_resolution_on: date | None = None,
    actor,
) -> Member:
    """The admission decision (9-KNĐ): the candidate becomes a probationary member from its date."""
    candidate = _lock(candidate)
    _require_stage(candidate, Stage.CELL_VOTED)
    _not_future("on", on)
    if not number.strip():
        raise ValidationError({"number": _("Give the decision's number.")})
    if on < candidate.cell_vote_on:
        raise ValidationError(
            {
                "on": _("The decision cannot precede the cell's vote of %(date)s.")
                % {"date": format_date(candidate.cell_vote_on)}
            }
        )
    issuer = issuer.strip() or queries.deciding_committee(candidate.organization).name
    has_resolution = candidate.documents.filter(form=Form.COMMITTEE_RESOLUTION).exists()
    if committee_resolution_number.strip() and committee_resolution_on and not has_resolution:
        _document(
            candidate=candidate,
            form=Form.COMMITTEE_RESOLUTION,
            number=committee_resolution_number.strip(),
            issued_on=committee_resolution_on,
            issuer=issuer,
            actor=actor,
            service="candidate_decide",
        )
    _document(
        candidate=candidate,
        form=Form.ADMISSION_DECISION,
        number=number.strip(),
        issued_on=on,
        issuer=issuer,
        actor=actor,
        service="candidate_decide",
    )
    decision = {"decision_number": number.strip(), "decision_date": on, "decision_issuer": issuer}
    if candidate.former_member_id:
        member = candidate.former_member
        member_record_event(
            member=member,
            kind=EventKind.READMITTED,
            on=on,
            organization=candidate.organization,
            actor=actor,
            **decision,
        )
    else:
        member = member_register(
            profile=_profile(candidate),
            first_event=EventKind.ADMITTED,
            on=on,
            organization=candidate.organization,
            actor=actor,
            **decision,
        )
    _set_stage(candidate, Stage.DECIDED, actor=actor, service="candidate_decide", decision_on=on, member=member)
    return member


@transaction.atomic
def candidate_record_ceremony(*, candidate: Candidate, on: date, actor) -> Candidate:
    """The admission ceremony starts the probation; it ends N months later (rule set in force that day)."""
    candidate = _lock(candidate)
    _require_stage(candidate, Stage.DECIDED)
    _not_future("on", on)
    if on < candidate.decision_on:
        raise ValidationError(
            {
                "on": _("The ceremony cannot precede the decision of %(date)s.")
                % {"date": format_date(candidate.decision_on)}
            }
        )
    book = _book(on)
    return _set_stage(
        candidate,
        Stage.ADMITTED,
        actor=actor,
        service="candidate_record_ceremony",
        ceremony_on=on,
        probation_ends_on=rules.probation_end(on, book.values),
    )


@transaction.atomic
def candidate_recognize(
    *,
    candidate: Candidate,
    cell_vote_on: date,
    cell_resolution_number: str,
    official_members: int,
    in_favour: int,
    decision_number: str,
    decision_date: date,
    issuer: str = "",
    actor,
) -> Candidate:
    """Recognition as an official member: the fact is dated the day probation ends, whatever the
    day of the cell's meeting or the decision (QĐ 24-QĐ/TW, 5)."""
    candidate = _lock(candidate)
    _require_stage(candidate, Stage.ADMITTED)
    _not_future("cell_vote_on", cell_vote_on)
    _not_future("decision_date", decision_date)
    ends = candidate.probation_ends_on
    if cell_vote_on < ends:
        raise ValidationError(
            {
                "cell_vote_on": _("Probation ends on %(date)s: the cell votes on recognition from that day.")
                % {"date": format_date(ends)}
            }
        )
    if decision_date < cell_vote_on:
        raise ValidationError({"decision_date": _("The decision cannot precede the cell's vote.")})
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("Give the decision's number.")})
    book = _book(cell_vote_on)
    violations = rules.check_vote_share(official_members, in_favour, book.values, book.regulation)
    if violations:
        raise ValidationError({NON_FIELD_ERRORS: [v.message for v in violations]}, code="rules")
    issuer = issuer.strip() or queries.deciding_committee(candidate.organization).name
    _document(
        candidate=candidate,
        form=Form.RECOGNITION_CELL_RESOLUTION,
        number=cell_resolution_number.strip(),
        issued_on=cell_vote_on,
        issuer=candidate.organization.name,
        official_members=official_members,
        in_favour=in_favour,
        actor=actor,
        service="candidate_recognize",
    )
    _document(
        candidate=candidate,
        form=Form.RECOGNITION_DECISION,
        number=decision_number.strip(),
        issued_on=decision_date,
        issuer=issuer,
        actor=actor,
        service="candidate_recognize",
    )
    member_record_event(
        member=candidate.member,
        kind=EventKind.RECOGNIZED,
        on=ends,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        decision_issuer=issuer,
        actor=actor,
    )
    return _set_stage(candidate, Stage.RECOGNIZED, actor=actor, service="candidate_recognize", closed_on=decision_date)


@transaction.atomic
def candidate_not_recognize(
    *, candidate: Candidate, decision_number: str, decision_date: date, issuer: str = "", reason: str = "", actor
) -> Candidate:
    """Not recognized: the probationary member is removed by the decision (NOT_RECOGNIZED fact)."""
    candidate = _lock(candidate)
    _require_stage(candidate, Stage.ADMITTED)
    _not_future("decision_date", decision_date)
    if decision_date < candidate.ceremony_on:
        raise ValidationError({"decision_date": _("The decision cannot precede the admission ceremony.")})
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("Give the decision's number.")})
    issuer = issuer.strip() or queries.deciding_committee(candidate.organization).name
    _document(
        candidate=candidate,
        form=Form.NON_RECOGNITION_DECISION,
        number=decision_number.strip(),
        issued_on=decision_date,
        issuer=issuer,
        note=reason,
        actor=actor,
        service="candidate_not_recognize",
    )
    member_record_event(
        member=candidate.member,
        kind=EventKind.NOT_RECOGNIZED,
        on=decision_date,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        decision_issuer=issuer,
        note=reason,
        actor=actor,
    )
    return _set_stage(
        candidate, Stage.NOT_RECOGNIZED, actor=actor, service="candidate_not_recognize", closed_on=decision_date
    )


@transaction.atomic
def candidate_withdraw(*, candidate: Candidate, on: date, reason: str, actor) -> Candidate:
    """Take a candidate out of the pipeline before the committee decides."""
    candidate = _lock(candidate)
    _require_stage(candidate, *BEFORE_VOTE_STAGES, Stage.CELL_VOTED)
    _not_future("on", on)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the candidate leaves the pipeline.")})
    note = f"{candidate.note}\n{format_date(on)}: {reason.strip()}".strip()
    return _set_stage(candidate, Stage.WITHDRAWN, actor=actor, service="candidate_withdraw", closed_on=on, note=note)
