"""Builders for the training tests: classes of any kind through `coso.training.services`."""

from datetime import date, timedelta

from coso.training import services
from coso.training.models import ClassKind, Mode, Organizer, TrainingClass

_counter = {"n": 0}


def make_training_class(
    *,
    org,
    kind: str = ClassKind.THEORY_ELEMENTARY,
    starts_on: date = date(2024, 3, 4),
    days: int = 30,
    mode: str = Mode.IN_SERVICE,
    organizer_kind: str = Organizer.OWN,
    name: str | None = None,
    actor=None,
) -> TrainingClass:
    _counter["n"] += 1
    return services.class_create(
        organization=org,
        kind=kind,
        name=name or f"Lớp {ClassKind(kind).label} số {_counter['n']}",
        organizer="Trung tâm Chính trị huyện" if organizer_kind == Organizer.OWN else "Trường Chính trị tỉnh",
        mode=mode,
        organizer_kind=organizer_kind,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
        actor=actor,
    )
