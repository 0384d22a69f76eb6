"""factory_boy factories for tests and benchmarks. They go through the services where history matters."""

from datetime import date

import factory
from django.contrib.auth import get_user_model

from coso.members.choices import EventKind, Gender, GeneralEducation
from coso.members.models import Ethnicity, Religion
from coso.members.services import member_register
from coso.organizations.models import OrganizationType
from coso.organizations.services import organization_establish


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("coso-test-password")


_counter = {"org": 0, "member": 0}


def make_org(
    *, name: str, kind: str, parent=None, type_code: str = "other", on: date = date(2000, 1, 1), code=None, actor=None
):
    _counter["org"] += 1
    return organization_establish(
        code=code or f"T{_counter['org']:05d}",
        name=name,
        kind=kind,
        org_type=OrganizationType.objects.get(code=type_code),
        parent=parent,
        on=on,
        actor=actor,
    )


def make_member(
    *,
    org,
    full_name: str | None = None,
    admitted_on: date = date(2010, 3, 15),
    gender: str = Gender.MALE,
    date_of_birth: date = date(1985, 6, 1),
    ethnicity: str = "01",
    religion: str = "none",
    citizen_id: str | None = None,
    first_event: str = EventKind.ADMITTED,
    entry_status: str = "",
    actor=None,
    **profile,
):
    _counter["member"] += 1
    n = _counter["member"]
    return member_register(
        profile={
            "full_name": full_name or f"Nguyễn Văn Thử {n}",
            "gender": gender,
            "date_of_birth": date_of_birth,
            "ethnicity": Ethnicity.objects.get(code=ethnicity),
            "religion": Religion.objects.get(code=religion),
            "citizen_id": citizen_id if citizen_id is not None else f"{1_000_000_000 + n:012d}",
            "general_education": profile.pop("general_education", GeneralEducation.UPPER_SECONDARY),
            **profile,
        },
        first_event=first_event,
        on=admitted_on,
        organization=org,
        entry_status=entry_status,
        actor=actor,
    )
