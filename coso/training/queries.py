"""Reads of training: classes in scope, a person's qualification as of a date (issue 10)."""

from datetime import date

from django.db.models import Count, F, Q, QuerySet

from coso.accounts.scoping import scope
from coso.training import rules
from coso.training.models import ClassStudent, Qualification, Result, TrainingClass


def classes_for(user) -> QuerySet[TrainingClass]:
    return scope(TrainingClass.objects.select_related("organization__parent"), user)


def class_list(user) -> QuerySet[TrainingClass]:
    return classes_for(user).annotate(
        student_count=Count("students"), passed_count=Count("students", filter=Q(students__result=Result.PASSED))
    )


def facts_of(*, field: str, member=None, cadre=None) -> QuerySet[Qualification]:
    if cadre is not None and cadre.member_id:
        member, cadre = cadre.member, None
    person = Q(member=member) if member is not None else Q(cadre=cadre)
    return Qualification.objects.filter(person, field=field)


def value_on(*, field: str, on: date, member=None, cadre=None) -> str | None:
    """The level held on `on` in one field (`rules.value_on` over the person's facts)."""
    facts = facts_of(field=field, member=member, cadre=cadre).values_list("since", "id", "value")
    return rules.value_on(facts, on)


def history_of(*, member=None, cadre=None) -> QuerySet[Qualification]:
    if cadre is not None and cadre.member_id:
        member, cadre = cadre.member, None
    person = Q(member=member) if member is not None else Q(cadre=cadre)
    return (
        Qualification.objects.filter(person)
        .select_related("source__training_class")
        .order_by("field", F("since").asc(nulls_first=True), "id")
    )


def students_of(training_class: TrainingClass) -> QuerySet[ClassStudent]:
    return training_class.students.select_related("candidate", "member", "cadre").order_by("id")
