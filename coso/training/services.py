"""Writes of training: classes of every kind, their students, results and qualifications (issue 10).

Every service runs in a transaction and writes its audit row; a refusal writes nothing and names the
field. The awareness and new members' classes keep admission's rules (an awareness class takes the
candidates under its committee, a new members' class probationary members; an awareness pass
moves the candidate on). A pass in a theory or state-management class writes the qualification it
gives as a dated fact on the certificate's date (`rules.grant`), unless the person already holds
as much; the member's profile keeps the current value as a cache.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.admission.models import Candidate, Stage
from coso.audit.services import audit_bulk_create, audit_create, audit_delete, audit_update, snapshot
from coso.cadres.models import Cadre
from coso.common.dates import today
from coso.common.text import format_date
from coso.members.models import Member
from coso.organizations.models import Organization
from coso.organizations.queries import in_subtree_now
from coso.training import queries, rules
from coso.training.models import ClassKind, ClassStudent, Field, Mode, Organizer, Qualification, Result, TrainingClass


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _not_future(field: str, day: date | None) -> None:
    if day and day > today():
        raise ValidationError({field: _("%(date)s is in the future.") % {"date": format_date(day)}})


# Classes -----------------------------------------------------------------------------------------


@transaction.atomic
def class_create(
    *,
    organization: Organization,
    kind: str,
    name: str,
    starts_on: date,
    ends_on: date,
    organizer: str = "",
    mode: str = Mode.IN_SERVICE,
    organizer_kind: str = Organizer.OWN,
    place: str = "",
    actor,
) -> TrainingClass:
    """A class our committee holds, or an outside school's class it sends cadres to."""
    if kind not in ClassKind.values:
        raise ValidationError({"kind": _("Unknown kind of class: %(value)s.") % {"value": kind}})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The class ends before it starts.")})
    training_class = TrainingClass(
        organization=organization,
        kind=kind,
        mode=mode or Mode.IN_SERVICE,
        organizer_kind=organizer_kind or Organizer.OWN,
        name=(name or "").strip(),
        organizer=(organizer or "").strip(),
        place=(place or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    training_class.full_clean()
    training_class.save()
    audit_create(actor=actor, obj=training_class, service="class_create")
    return training_class


@transaction.atomic
def class_enrol(
    *,
    training_class: TrainingClass,
    candidate: Candidate | None = None,
    member: Member | None = None,
    cadre: Cadre | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    decision_issuer: str = "",
    actor,
) -> ClassStudent:
    """Awareness classes take candidates; new members' classes probationary members; the others
    members or cadres who are not members — for an outside class, with the sending decision."""
    decision = {
        "decision_number": (decision_number or "").strip(),
        "decision_date": decision_date,
        "decision_issuer": (decision_issuer or "").strip(),
    }
    if training_class.kind == ClassKind.AWARENESS:
        if candidate is None:
            raise ValidationError({"candidate": _("Choose the candidate to enrol.")})
        under = Candidate.objects.filter(pk=candidate.pk).filter(in_subtree_now(training_class.organization))
        if not under.exists():
            raise ValidationError(
                {
                    "candidate": _("%(name)s's cell is not under %(org)s, which runs this class.")
                    % {"name": candidate.full_name, "org": training_class.organization.name}
                }
            )
        if ClassStudent.objects.filter(training_class=training_class, candidate=candidate).exists():
            raise ValidationError(
                {"candidate": _("%(name)s is already in this class.") % {"name": candidate.full_name}}
            )
        student = ClassStudent.objects.create(training_class=training_class, candidate=candidate, **decision)
    elif cadre is not None and member is None and cadre.member_id is None:
        if training_class.kind == ClassKind.NEW_MEMBERS:
            raise ValidationError({"cadre": _("A new members' class takes party members only.")})
        if ClassStudent.objects.filter(training_class=training_class, cadre=cadre).exists():
            raise ValidationError({"cadre": _("%(name)s is already in this class.") % {"name": cadre.full_name}})
        student = ClassStudent.objects.create(training_class=training_class, cadre=cadre, **decision)
    else:
        member = member or (cadre.member if cadre is not None else None)
        if member is None:
            raise ValidationError({"member": _("Choose the member to enrol.")})
        if ClassStudent.objects.filter(training_class=training_class, member=member).exists():
            raise ValidationError({"member": _("%(name)s is already in this class.") % {"name": member.full_name}})
        student = ClassStudent.objects.create(training_class=training_class, member=member, **decision)
    audit_create(actor=actor, obj=student, service="class_enrol", subject=student.member)
    return student


@transaction.atomic
def class_record_result(
    *, student: ClassStudent, result: str, certificate_number: str = "", certificate_date: date | None = None, actor
) -> ClassStudent:
    """A pass issues the certificate; an awareness pass moves the candidate on, a theory or
    state-management pass writes the qualification it gives on the certificate's date."""
    if result not in Result.values:
        raise ValidationError({"result": _("Unknown result: %(value)s.") % {"value": result}})
    if result == Result.PASSED:
        if certificate_date is None:
            raise ValidationError({"certificate_date": _("A passed student needs the certificate date.")})
        if rules.certificate_too_early(certificate_date, student.training_class.starts_on):
            raise ValidationError(
                {
                    "certificate_date": _("The certificate date %(date)s is before the class started.")
                    % {"date": format_date(certificate_date)}
                }
            )
        _not_future("certificate_date", certificate_date)
    else:
        certificate_number, certificate_date = "", None
    before = snapshot(student)
    student.result = result
    student.certificate_number = (certificate_number or "").strip()
    student.certificate_date = certificate_date
    student.save()
    audit_update(actor=actor, obj=student, before=before, service="class_record_result")
    # A result changed away from "passed" takes back the qualification the certificate gave.
    for fact in student.qualifications.all():
        _withdraw(fact, actor=actor)
    if result == Result.PASSED:
        granted = rules.grant(student.training_class.kind)
        if granted and (student.member_id or student.cadre_id):
            field, value = granted
            person = {"member": student.member} if student.member_id else {"cadre": student.cadre}
            held = queries.value_on(field=field, on=certificate_date, **person)
            if rules.raises(field, held, value):
                qualification_record(
                    **person, field=field, value=value, since=certificate_date, source=student, actor=actor
                )
    candidate = student.candidate
    if (
        candidate
        and result == Result.PASSED
        and student.training_class.kind == ClassKind.AWARENESS
        and candidate.stage == Stage.PIPELINE
    ):
        from coso.admission.services import _lock, _set_stage

        _set_stage(_lock(candidate), Stage.CLASS_PASSED, actor=actor, service="class_record_result")
    return student


# Qualifications ----------------------------------------------------------------------------------


def _values(field: str) -> tuple[str, ...]:
    return rules.RANKS[field]


@transaction.atomic
def qualification_record(
    *,
    field: str,
    value: str,
    since: date | None,
    member: Member | None = None,
    cadre: Cadre | None = None,
    source: ClassStudent | None = None,
    note: str = "",
    actor,
) -> Qualification:
    """A person's level in one field from a date (empty: held before records); a member's profile
    keeps the value current today."""
    if field not in Field.values:
        raise ValidationError({"field": _("Unknown qualification: %(value)s.") % {"value": field}})
    if value not in _values(field):
        raise ValidationError(
            {"value": _("%(value)s is not a level of %(field)s.") % {"value": value, "field": Field(field).label}}
        )
    _not_future("since", since)
    if cadre is not None and cadre.member_id:
        member, cadre = cadre.member, None
    if (member is None) == (cadre is None):
        raise ValidationError({"member": _("Choose the member or the cadre.")})
    organization = member.organization if member is not None else cadre.organization  # type: ignore[union-attr]
    fact = Qualification.objects.create(
        member=member,
        cadre=cadre,
        organization=organization,
        field=field,
        value=value,
        since=since,
        source=source,
        note=(note or "").strip(),
        recorded_by=_user(actor),
    )
    audit_create(actor=actor, obj=fact, service="qualification_record", subject=member)
    if member is not None:
        _refresh_profile(member, field, actor=actor)
    return fact


def _withdraw(fact: Qualification, *, actor) -> None:
    member = fact.member
    audit_delete(actor=actor, obj=fact, service="qualification_withdraw", subject=member)
    fact.delete()
    if member is not None:
        _refresh_profile(member, fact.field, actor=actor)


def _refresh_profile(member: Member, field: str, *, actor) -> None:
    """The profile's cache of the current value (the facts are the history)."""
    current = queries.value_on(member=member, field=field, on=today())
    if current is not None and getattr(member, field) != current:
        before = snapshot(member)
        setattr(member, field, current)
        member.save(update_fields=[field, "updated_at"])
        audit_update(actor=actor, obj=member, before=before, service="qualification_record")


def profile_changes(member: Member, changed: dict[str, str], *, since: date | None, actor) -> list[Qualification]:
    """The facts a profile edit writes: one per qualification field whose value changed, from `since`.

    The profile keeps the value current today, so the new fact must be the one holding today: an
    undated one (`since` empty) only while the field has no dated fact, a dated one not before the
    latest dated fact of its field. Refused otherwise, naming the field and the date (key "since").
    """
    changes = {field: value for field, value in changed.items() if field in rules.FIELDS and value}
    for field in changes:
        latest = (
            queries.facts_of(field=field, member=member)
            .exclude(since__isnull=True)
            .order_by("-since")
            .values_list("since", flat=True)
        ).first()
        if latest is None:
            continue
        values = {"field": Field(field).label, "date": format_date(latest)}
        if since is None:
            raise ValidationError(
                {
                    "since": _(
                        "%(field)s has a level on record from %(date)s: give the date from which the new level holds."
                    )
                    % values
                }
            )
        if since < latest:
            raise ValidationError(
                {
                    "since": _(
                        "%(field)s has a level on record from %(date)s, after %(since)s: date the new level on "
                        "or after it."
                    )
                    % {**values, "since": format_date(since)}
                }
            )
    return [
        qualification_record(member=member, field=field, value=value, since=since, actor=actor)
        for field, value in changes.items()
    ]


def baseline_of(member: Member) -> list[Qualification]:
    """The undated facts (held before records) of a member's profile values, unsaved: one per
    field holding a level other than none."""
    facts = []
    for field in rules.FIELDS:
        value = getattr(member, field, "") or ""
        if value and value != "none" and value in rules.RANKS[field]:
            facts.append(Qualification(member=member, organization_id=member.organization_id, field=field, value=value))
    return facts


@transaction.atomic
def qualification_baseline(
    members: Iterable[Member], *, actor, service: str = "qualification_record", audit: bool = True,
    batch_size: int = 2000,
) -> list[Qualification]:  # fmt: skip
    """The undated facts of new members' profiles (registration, imports), written in bulk; the
    caller's transaction holds them with the members."""
    user = _user(actor)
    facts = []
    for member in members:
        for fact in baseline_of(member):
            fact.recorded_by = user
            facts.append(fact)
    Qualification.objects.bulk_create(facts, batch_size=batch_size)
    if audit and facts:
        audit_bulk_create(actor=actor, objs=facts, service=service, subject_attr="member")
    return facts
