"""Classes held and students per kind, organizer and mode; cadres sent to study (issue 10).

**Which classes a period counts.** A class belongs to the period in which it *starts*: its
`starts_on` lies within [period start, period end]. A class held across New Year is counted once,
in the year it opened, which is how the boards' yearly reports quote "7 intermediate classes (620
students)"; a student counts with the class (so the students of a period are those of its
classes, whatever their result).

**Which classes a subtree counts.** A class belongs to the committee that holds it, or — for an
outside school's class (`organizer_kind=outside`) — to the committee that sends its cadres
there: `class.organization` lies in `scope.subtree_org_ids()`, the subtree as it stood on the
period's end (the reports' rule for a period). A class is not split by where each student works:
the committee recorded it and answers for it.

**The lists** show each student's result as it stood on the period's end (a certificate dated
after it is not yet known: the student is still enrolled there) and a class's dates as one span.

- `training-classes`: the classes, by kind, organizer kind and mode;
- `training-students`: their students, by the same parameters — "7 intermediate classes (620
  students)" is these two figures with `kind=theory_intermediate`;
- `training-sent`: the students of outside classes (cadres sent to study), by kind and mode —
  "1 sent to advanced theory full-time, 3 in-service, 2 to the state-management specialist
  programme".
"""

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from coso.common.text import format_date
from coso.reports.catalogue import PERIOD, Column, Figure, Param, Scope, register
from coso.training.models import ClassKind, ClassStudent, Mode, Organizer, Result, TrainingClass

GROUP = _("Training")


def _classes(scope: Scope):
    return TrainingClass.objects.filter(
        organization_id__in=scope.subtree_org_ids(),
        starts_on__gte=scope.period_start,
        starts_on__lte=scope.end,
    )


def _students(scope: Scope):
    return ClassStudent.objects.filter(
        training_class__organization_id__in=scope.subtree_org_ids(),
        training_class__starts_on__gte=scope.period_start,
        training_class__starts_on__lte=scope.end,
    )


def _sent(scope: Scope):
    return _students(scope).filter(training_class__organizer_kind=Organizer.OUTSIDE)


def _choices(enum):
    return lambda s: [(code, str(label)) for code, label in enum.choices]


def _params(prefix: str, *, organizer: bool = True) -> tuple[Param, ...]:
    params = [Param("kind", _("Kind of class"), _choices(ClassKind), key=lambda s: F(f"{prefix}kind"))]
    if organizer:
        params.append(
            Param("organizer_kind", _("Organized by"), _choices(Organizer), key=lambda s: F(f"{prefix}organizer_kind"))
        )
    params.append(Param("mode", _("Mode"), _choices(Mode), key=lambda s: F(f"{prefix}mode")))
    return tuple(params)


def _person(student: ClassStudent) -> str:
    person = student.person
    return person.full_name if person is not None else ""


def _unit(student: ClassStudent) -> str:
    person = student.person
    organization = getattr(person, "organization", None)
    return organization.name if organization is not None else ""


def _result(student: ClassStudent) -> str:
    return str(Result(student.as_of_result).label)


def _dates(training_class: TrainingClass) -> str:
    return f"{format_date(training_class.starts_on)} – {format_date(training_class.ends_on)}"


CLASS_COLUMNS = (
    Column("name", _("Class"), lambda c: c.name),
    Column("kind", _("Kind of class"), lambda c: c.get_kind_display()),
    Column("mode", _("Mode"), lambda c: c.get_mode_display()),
    Column("organizer_kind", _("Organized by"), lambda c: c.get_organizer_kind_display()),
    Column("organizer", _("Held by"), lambda c: c.organizer),
    Column("organization", _("Organizing or sending committee"), lambda c: c.organization.name),
    Column("starts_on", _("Starts on"), lambda c: c.starts_on),
    Column("dates", _("Dates"), _dates),
    Column("place", _("Place"), lambda c: c.place),
    Column("students", _("Students"), lambda c: c.figure_students),
)

STUDENT_COLUMNS = (
    Column("name", _("Full name"), _person),
    Column("unit", _("Unit"), _unit),
    Column("class", _("Class"), lambda s: s.training_class.name),
    Column("kind", _("Kind of class"), lambda s: s.training_class.get_kind_display()),
    Column("mode", _("Mode"), lambda s: s.training_class.get_mode_display()),
    Column("starts_on", _("Starts on"), lambda s: s.training_class.starts_on),
    Column("dates", _("Dates"), lambda s: _dates(s.training_class)),
    Column("result", _("Result"), _result),
    Column("certificate", _("Certificate number"), lambda s: s.as_of_certificate_number),
    Column("certificate_date", _("Certificate date"), lambda s: s.as_of_certificate_date),
    Column("decision", _("Sending decision"), lambda s: s.decision_label),
)


def _prepare_students(qs, scope):
    """The result as it stood on the period's end: a certificate dated later is not yet known."""
    later = Q(certificate_date__gt=scope.end)
    return (
        qs.annotate(
            as_of_result=Case(
                When(later, then=Value(Result.ENROLLED.value)), default=F("result"), output_field=CharField()
            ),
            as_of_certificate_number=Case(
                When(later, then=Value("")), default=F("certificate_number"), output_field=CharField()
            ),
            as_of_certificate_date=Case(When(later, then=None), default=F("certificate_date")),
        )
        .select_related("training_class", "candidate__organization", "member__organization", "cadre__organization")
        .order_by("training_class__starts_on", "training_class_id", "id")
    )


register(
    Figure(
        slug="training-classes",
        label=_("Classes held"),
        group=GROUP,
        app="training",
        record_kind="training_class",
        record_label=_("classes"),
        timing=PERIOD,
        records=_classes,
        columns=CLASS_COLUMNS,
        params=_params(""),
        prepare=lambda qs, s: (
            qs.select_related("organization").annotate(figure_students=Count("students")).order_by("starts_on", "id")
        ),
        description=_("Classes of the subtree's committees that start within the period."),
    )
)

register(
    Figure(
        slug="training-students",
        label=_("Students of the classes held"),
        group=GROUP,
        app="training",
        record_kind="class_student",
        record_label=_("students"),
        timing=PERIOD,
        records=_students,
        columns=STUDENT_COLUMNS,
        params=_params("training_class__"),
        prepare=_prepare_students,
        description=_("Students of the classes that start within the period, whatever their result."),
    )
)

register(
    Figure(
        slug="training-sent",
        label=_("Cadres sent to study"),
        group=GROUP,
        app="training",
        record_kind="class_student",
        record_label=_("cadres sent to study"),
        timing=PERIOD,
        records=_sent,
        columns=STUDENT_COLUMNS,
        params=_params("training_class__", organizer=False),
        prepare=_prepare_students,
        description=_("Students of outside schools' classes that start within the period."),
    )
)
