"""The age at admission is checked on import (security review, issue 7: "age rule not enforced at entry").

An admission at age 10 was accepted by the import. The Statute admits from eighteen years of age
(Điều lệ Đảng, Điều 1), counted in months at the cell's vote (QĐ 24-QĐ/TW 3.1), which comes before
the admission date: younger on the fact's date is impossible. The row is refused with its row,
column and value, in Vietnamese; the upper bound is not checked (an older admission is lawful with
the provincial standing committee's approval, which a row does not carry).
"""

from datetime import date

import pytest

from coso.imports.models import ImportKind, JobStatus
from coso.imports.services import import_job_create, import_job_run
from coso.imports.tests.factories import fill_template, member_row, upload
from coso.imports.validation import admission_age_error, admission_rule_sets
from coso.members.models import Member

pytestmark = pytest.mark.django_db


def run(user, content: bytes, kind=ImportKind.MEMBERS):
    job = import_job_create(confirmed=True, user=user, kind=kind, file=upload(content), original_name="ds.xlsx")
    return import_job_run(job)


@pytest.mark.parametrize(
    ("born", "on", "refused"),
    [
        (date(2005, 3, 2), date(2015, 3, 2), True),  # 10 years: the review's case
        (date(1997, 3, 3), date(2015, 3, 2), True),  # 17 years 11 months 29 days
        (date(1997, 3, 2), date(2015, 3, 2), False),  # 18 years to the day
        (date(1950, 3, 2), date(2015, 3, 2), False),  # 65: lawful with the province's approval
        (date(1990, 1, 1), date(2008, 6, 1), False),  # before every shipped rule set: the earliest applies
        (date(1995, 1, 1), date(2008, 6, 1), True),
    ],
)
def test_admission_age_bounds_by_the_rule_set_in_force(world, born, on, refused):
    assert bool(admission_age_error(born=born, on=on, rule_sets=admission_rule_sets())) is refused


def test_an_admission_at_ten_is_refused_with_row_column_and_value(world):
    rows = [member_row(), member_row(citizen_id="001205000102", date_of_birth="02/03/2005", full_name="Bé Mười Tuổi")]
    job = run(world.board_user, fill_template(world.board_user, members=rows))
    assert job.status == JobStatus.FAILED
    [error] = job.errors
    assert (error["sheet"], error["row"], error["column"], error["value"]) == (
        "Đảng viên",
        3,
        "Ngày của sự kiện",
        "02/03/2015",
    )
    assert error["reason"].startswith("Ngày 02/03/2015 mới 10 tuổi 0 tháng: Đảng kết nạp người từ đủ 18 tuổi trở lên")
    assert "QĐ 45-QĐ/TW" in error["reason"]
    assert not Member.objects.filter(citizen_id__in=["001190000101", "001205000102"]).exists()


def test_a_transfer_in_of_a_young_official_is_not_an_admission(world):
    """The bound is on the admission: a member arriving by transfer was admitted elsewhere, earlier."""
    row = member_row(
        first_event="transferred_in",
        entry_status="official",
        date_of_birth="01/01/1999",
        event_on="01/09/2020",
        organization="C01",
    )
    job = run(world.board_user, fill_template(world.board_user, members=[row]))
    assert job.status == JobStatus.SUCCEEDED, job.errors


def test_a_readmission_in_the_history_sheet_is_checked_too(world):
    history = [
        {"member_key": "001205000102", "kind": "readmitted", "on": "01/06/2020", "organization": "C01-01"},
    ]
    young = member_row(
        citizen_id="001205000102",
        date_of_birth="02/03/2003",
        first_event="transferred_in",
        entry_status="official",
        event_on="01/09/2021",
    )
    job = run(world.board_user, fill_template(world.board_user, members=[young], history=history))
    assert job.status == JobStatus.FAILED
    assert any(
        (e["sheet"], e["row"], e["column"]) == ("Lịch sử", 2, "Ngày của sự kiện") and "17 tuổi" in e["reason"]
        for e in job.errors
    ), job.errors


def test_a_decision_dated_before_the_birth_is_refused(world):
    job = run(world.board_user, fill_template(world.board_user, members=[member_row(decision_date="01/01/1980")]))
    assert [(e["row"], e["column"], e["reason"]) for e in job.errors] == [
        (2, "Ngày quyết định", "Ngày quyết định phải sau ngày sinh.")
    ]
