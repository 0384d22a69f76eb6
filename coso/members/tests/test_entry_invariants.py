"""The register's invariants hold on every entry path — the services, the forms and the Excel import
(issue 7, "age rule not enforced at entry"): admission at or over the admission rule set's minimum
age (QĐ 24-QĐ/TW 3.1, "đủ 18 tuổi", 216 months), every fact after the date of birth, none in the
future."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from coso.audit.models import AuditEntry
from coso.common.dates import today
from coso.imports.models import ImportKind, JobStatus
from coso.imports.services import import_job_create, import_job_run
from coso.imports.tests.factories import fill_template, member_row, upload
from coso.members.choices import EventKind
from coso.members.history import Fact
from coso.members.invariants import AgeBounds, history_errors
from coso.members.models import Member, MemberEvent
from coso.members.services import member_record_event, member_update_profile
from coso.testing.factories import make_member

pytestmark = pytest.mark.django_db
BOUNDS = AgeBounds([(date(2011, 11, 1), 216, "QĐ 45-QĐ/TW"), (date(2021, 7, 30), 216, "QĐ 24-QĐ/TW")])


@pytest.mark.parametrize(
    ("born", "kind", "on", "expected"),
    [
        (date(2002, 5, 10), EventKind.ADMITTED, date(2020, 5, 10), []),  # exactly 216 months
        (date(2002, 5, 10), EventKind.ADMITTED, date(2020, 5, 9), ["QĐ 45-QĐ/TW"]),  # one day short
        (date(2010, 1, 1), EventKind.ADMITTED, date(2022, 1, 1), ["QĐ 24-QĐ/TW"]),  # aged 12, rule of 2021
        (date(1995, 1, 1), EventKind.ADMITTED, date(2008, 1, 1), ["QĐ 45-QĐ/TW"]),  # before the first set
        (date(2010, 1, 1), EventKind.READMITTED, date(2022, 1, 1), ["QĐ 24-QĐ/TW"]),
        (date(2010, 1, 1), EventKind.DISCIPLINED, date(2022, 1, 1), []),  # not an admission
        (date(1990, 1, 1), EventKind.RECOGNIZED, date(1990, 1, 1), ["date of birth"]),
        (date(1950, 1, 1), EventKind.ADMITTED, date(2020, 1, 1), []),  # over 60: the approval is not a register rule
    ],
)
def test_history_errors_table(born, kind, on, expected):
    errors = history_errors(date_of_birth=born, facts=[Fact(kind=kind, on=on)], bounds=BOUNDS, today=date(2026, 1, 1))
    assert len(errors) == len(expected)
    for error, fragment in zip(errors, expected, strict=True):
        assert error.index == 0 and error.field == "on"
        assert fragment in error.message or (fragment == "date of birth" and "ngày sinh" in error.message)


def test_a_fact_in_the_future_is_an_error_except_a_reorganization():
    future = date(2026, 1, 2)
    facts = [Fact(kind=EventKind.EXEMPTED, on=future), Fact(kind=EventKind.REORGANIZED, on=future)]
    errors = history_errors(date_of_birth=date(1980, 1, 1), facts=facts, bounds=BOUNDS, today=date(2026, 1, 1))
    assert [e.index for e in errors] == [0]


def _counts():
    return Member.objects.count(), MemberEvent.objects.count(), AuditEntry.objects.count()


def test_service_refuses_an_admission_at_ten_and_writes_nothing(world):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        make_member(org=world.cell, date_of_birth=date(2010, 4, 1), admitted_on=date(2020, 4, 1))
    [message] = exc.value.message_dict["on"]
    assert "01/04/2020" in message and "10 tuổi 0 tháng" in message and "18 tuổi (216 tháng)" in message
    assert _counts() == before


def test_service_refuses_a_readmission_fact_before_birth_and_in_the_future(world):
    member = world.member  # born 01/06/1985
    with pytest.raises(ValidationError) as exc:
        member_record_event(member=member, kind=EventKind.EXEMPTED, on=date(1980, 1, 1), actor=None)
    assert "01/06/1985" in exc.value.message_dict["on"][0]
    with pytest.raises(ValidationError) as exc:
        member_record_event(member=member, kind=EventKind.EXEMPTED, on=today() + timedelta(days=1), actor=None)
    assert "tương lai" in exc.value.message_dict["on"][0]
    assert member.events.count() == 1


def test_changing_the_date_of_birth_cannot_make_the_admission_too_young(world):
    member = world.member  # admitted 15/03/2010
    with pytest.raises(ValidationError) as exc:
        member_update_profile(member=member, data={"date_of_birth": date(2000, 1, 1)}, actor=None)
    assert "15/03/2010" in exc.value.message_dict["date_of_birth"][0]
    member.refresh_from_db()
    assert member.date_of_birth == date(1985, 6, 1)
    member_update_profile(member=member, data={"date_of_birth": date(1986, 1, 1)}, actor=None)


def test_form_refuses_an_admission_at_ten_on_the_date_field(client, world):
    from coso.members.tests.test_views_forms import CREATE, create_data

    client.force_login(world.board_user)
    before = _counts()
    response = client.post(CREATE, create_data(world, date_of_birth="01/04/2010", on="01/04/2020"))
    assert response.status_code == 200
    [message] = response.context["form"].errors["on"]
    assert "10 tuổi 0 tháng" in message
    assert _counts() == before


def test_event_form_refuses_a_readmission_of_someone_too_young(client, world):
    from coso.members.forms import MemberEventForm

    member = make_member(org=world.cell, date_of_birth=date(2000, 1, 1), admitted_on=date(2018, 6, 1))
    member_record_event(member=member, kind=EventKind.LEFT, on=date(2018, 9, 1), actor=None)
    form = MemberEventForm(
        {"kind": EventKind.READMITTED, "on": "01/01/2017", "organization": world.cell.pk},
        user=world.board_user,
        member=member,
    )
    assert not form.is_valid()
    assert "17 tuổi" in form.errors["on"][0]


def test_import_reports_an_admission_at_ten_as_a_row_error_and_writes_nothing(world):
    before = _counts()
    rows = [member_row(), member_row(full_name="Trẻ Quá", citizen_id="001110000199", date_of_birth="01/03/2005")]
    content = fill_template(world.board_user, members=rows)
    job = import_job_run(
        import_job_create(
            user=world.board_user, kind=ImportKind.MEMBERS, file=upload(content), original_name="ds.xlsx", language="vi"
        )
    )
    assert job.status == JobStatus.FAILED
    [error] = job.errors
    assert error["row"] == 3 and "10 tuổi" in error["reason"]
    assert _counts() == before


def test_history_import_reports_a_readmission_too_young_as_a_row_error(world):
    member = make_member(
        org=world.cell, citizen_id="001099000401", date_of_birth=date(2000, 1, 1), admitted_on=date(2018, 6, 1)
    )
    member_record_event(member=member, kind=EventKind.LEFT, on=date(2018, 9, 1), actor=None)
    history = [{"member_key": "001099000401", "kind": "readmitted", "on": "01/01/2017", "organization": "C01-01"}]
    content = fill_template(world.board_user, history=history, kind=ImportKind.HISTORY)
    job = import_job_run(
        import_job_create(user=world.board_user, kind=ImportKind.HISTORY, file=upload(content), original_name="ls.xlsx")
    )
    assert job.status == JobStatus.FAILED
    assert any("17 tuổi" in e["reason"] for e in job.errors), job.errors
