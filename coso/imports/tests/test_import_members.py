"""Members import: all or nothing, every error located, duplicates caught, spells and audit written."""

from datetime import date
from io import BytesIO

import pytest
from django.utils import translation

from coso.audit.models import AuditEntry
from coso.imports.models import ImportKind, JobStatus
from coso.imports.services import import_job_create, import_job_run
from coso.imports.tests.factories import fill_template, member_row, upload
from coso.members.choices import Gender, MemberStatus
from coso.members.models import Member, MemberEvent, MembershipSpell
from coso.members.queries import members_on
from coso.training.models import Qualification

pytestmark = pytest.mark.django_db


def run(user, content: bytes, *, kind=ImportKind.MEMBERS, confirm=False):
    job = import_job_create(
        confirmed=True,
        user=user,
        kind=kind,
        file=upload(content),
        original_name="ds.xlsx",
        confirm_duplicates=confirm,
        language="vi",
    )
    return import_job_run(job)


def three_rows():
    return [
        member_row(),
        member_row(full_name="Phạm Văn Hùng", gender="male", citizen_id="001088000102", date_of_birth="03/11/1988"),
        member_row(
            full_name="Hoàng Thị Lan",
            citizen_id="001092000103",
            date_of_birth="20/01/1992",
            first_event="transferred_in",
            entry_status="official",
            event_on="01/09/2020",
            organization="C01",
        ),
    ]


def test_valid_file_imports_every_member_with_spells_and_audit(world):
    before = Member.objects.count()
    job = run(world.board_user, fill_template(world.board_user, members=three_rows()))

    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.created_count == 3 and job.total_rows == 3 and job.processed_rows == 3
    assert Member.objects.count() == before + 3
    mai = Member.objects.get(citizen_id="001190000101")
    assert mai.full_name == "Lê Thị Mai" and mai.gender == Gender.FEMALE and mai.date_of_birth == date(1990, 5, 14)
    assert mai.status == MemberStatus.PROBATIONARY and mai.organization == world.cell
    assert mai.admitted_on == date(2015, 3, 2) and mai.name_key == "le thi mai"
    event = MemberEvent.objects.get(member=mai)
    assert (event.kind, event.decision_number, event.decision_date) == ("admitted", "125-QĐ/HU", date(2015, 2, 25))
    spell = MembershipSpell.objects.get(member=mai)
    assert (spell.organization_id, spell.status, spell.valid_from, spell.valid_to) == (
        world.cell.pk,
        "probationary",
        date(2015, 3, 2),
        None,
    )
    lan = Member.objects.get(citizen_id="001092000103")
    assert lan.status == MemberStatus.OFFICIAL and lan.organization == world.commune
    # Counts as of dates come from the spells.
    assert members_on(world.district, date(2015, 3, 1)).filter(pk=mai.pk).count() == 0
    assert members_on(world.district, date(2015, 3, 2)).filter(pk=mai.pk).count() == 1
    assert members_on(world.district, date(2021, 1, 1), status="official").filter(pk=lan.pk).count() == 1
    audited = AuditEntry.objects.filter(service="import_members")
    assert audited.filter(model="members.member").count() == 3
    assert audited.filter(model="members.memberevent").count() == 3
    # The qualification columns it sets become undated facts (held before the record), audited too.
    facts = Qualification.objects.filter(member__in=[mai, lan])
    assert set(facts.values_list("field", "value", "since")) == {("general_education", "12/12", None)}
    assert audited.filter(model="training.qualification").count() == 3
    assert audited.filter(actor=world.board_user).count() == 9


def test_one_bad_row_writes_nothing_and_the_error_names_sheet_row_column_value(world):
    rows = three_rows()
    rows[2]["date_of_birth"] = "31/02/1992"
    members, events, audits = Member.objects.count(), MemberEvent.objects.count(), AuditEntry.objects.count()
    job = run(world.board_user, fill_template(world.board_user, members=rows))

    assert job.status == JobStatus.FAILED
    assert Member.objects.count() == members and MemberEvent.objects.count() == events
    assert AuditEntry.objects.count() == audits
    assert job.errors == [
        {
            "sheet": "Đảng viên",
            "row": 4,
            "column": "Ngày sinh",
            "value": "31/02/1992",
            "reason": "Không phải ngày tháng: hãy ghi theo dạng dd/mm/yyyy.",
        }
    ]


def test_every_error_of_the_file_is_listed(world):
    rows = three_rows()
    rows[0]["citizen_id"] = "12345"
    rows[1]["gender"] = "unknown"
    rows[1]["full_name"] = ""
    rows[2]["organization"] = "NOPE"
    job = run(world.board_user, fill_template(world.board_user, members=rows))

    located = {(e["row"], e["column"], e["value"]) for e in job.errors}
    assert located == {
        (2, "Số CCCD", "12345"),
        (3, "Giới tính", "unknown"),
        (3, "Họ và tên", ""),
        (4, "Mã tổ chức", "NOPE"),
    }
    assert job.error_count == 4
    assert [e["row"] for e in job.errors] == [2, 3, 3, 4]
    assert not Member.objects.filter(citizen_id__in=["001088000102", "001092000103"]).exists()


def test_citizen_id_repeated_in_the_file_is_an_error(world):
    rows = three_rows()
    rows[2]["citizen_id"] = rows[0]["citizen_id"]
    job = run(world.board_user, fill_template(world.board_user, members=rows))

    assert job.status == JobStatus.FAILED
    [error] = job.errors
    assert (error["row"], error["column"], error["value"]) == (4, "Số CCCD", "001190000101")
    assert "dòng 2" in error["reason"]
    assert not Member.objects.filter(citizen_id="001088000102").exists()


def test_citizen_id_already_on_the_register_is_an_error_with_a_link(world):
    rows = three_rows()
    rows[1]["citizen_id"] = world.member.citizen_id
    job = run(world.board_user, fill_template(world.board_user, members=rows))

    assert job.status == JobStatus.FAILED
    [error] = job.errors
    assert (error["row"], error["column"], error["value"]) == (3, "Số CCCD", world.member.citizen_id)
    assert world.member.full_name in error["reason"] and error["member_id"] == world.member.pk
    assert Member.objects.filter(citizen_id=world.member.citizen_id).count() == 1


def test_citizen_id_of_a_record_outside_scope_is_an_error_without_its_name(world):
    rows = [member_row(citizen_id=world.other_member.citizen_id)]
    job = run(world.board_user, fill_template(world.board_user, members=rows))

    [error] = job.errors
    assert world.other_member.full_name not in error["reason"] and "member_id" not in error
    assert world.other_cell.name not in error["reason"]
    assert error["reason"].startswith("Không thể nhập người này ở đây.")


def test_same_name_and_birth_is_a_possible_duplicate_that_needs_confirmation(world):
    rows = three_rows()
    # Same person as world.member, written without accents: a possible duplicate of the register.
    rows[0].update(full_name="nguyen van TUAN", date_of_birth="01/06/1985", citizen_id="001085009999")
    # Two rows of the file with the same name and birth.
    rows[2].update(full_name="Phạm  Văn Hùng", date_of_birth="03/11/1988")
    content = fill_template(world.board_user, members=rows)
    before = Member.objects.count()

    job = run(world.board_user, content)
    assert job.status == JobStatus.READY and not job.errors
    assert Member.objects.count() == before
    by_row = {w["row"]: w for w in job.warnings}
    assert set(by_row) == {2, 4}
    register_match = by_row[2]["matches"][0]
    assert register_match["member_id"] == world.member.pk and register_match["organization"] == world.cell.name
    assert by_row[4]["matches"] == [{"row": 3, "name": "Phạm Văn Hùng"}]

    confirmed = run(world.board_user, content, confirm=True)
    assert confirmed.status == JobStatus.SUCCEEDED and confirmed.created_count == 3
    assert Member.objects.count() == before + 3


def test_organization_outside_the_writable_scope_is_an_error(world):
    rows = [member_row(organization=world.other_cell.code)]
    job = run(world.board_user, fill_template(world.board_user, members=rows))
    [error] = job.errors
    assert (error["row"], error["column"], error["value"]) == (2, "Mã tổ chức", "C02-01")
    assert "ngoài phạm vi" in error["reason"]
    # A secretary may write to their cell only: the commune above is out of reach too.
    job = run(world.secretary_user, fill_template(world.secretary_user, members=[member_row(organization="C01")]))
    assert job.status == JobStatus.FAILED and job.errors[0]["column"] == "Mã tổ chức"
    assert not Member.objects.filter(citizen_id="001190000101").exists()


def test_codes_are_accepted_as_vietnamese_labels_and_numbers_keep_leading_zeros(world):
    with translation.override("vi"):
        female = str(Gender.FEMALE.label)
    row = member_row(gender=female, ethnicity="Tày", religion="Không", citizen_id=1190000101)
    row["date_of_birth"] = date(1990, 5, 14)
    job = run(world.board_user, fill_template(world.board_user, members=[row]))
    assert job.status == JobStatus.SUCCEEDED, job.errors
    member = Member.objects.get(citizen_id="001190000101")
    assert member.gender == Gender.FEMALE and member.ethnicity.name == "Tày" and member.religion.code == "none"


def test_transfer_in_needs_the_status_on_entry(world):
    row = member_row(first_event="transferred_in")
    job = run(world.board_user, fill_template(world.board_user, members=[row]))
    [error] = job.errors
    assert (error["row"], error["column"]) == (2, "Trạng thái khi chuyển đến")


def test_fact_before_birth_and_dates_in_the_future_are_errors(world):
    rows = [member_row(event_on="01/01/1989"), member_row(citizen_id="001190000102", decision_date="01/01/2999")]
    job = run(world.board_user, fill_template(world.board_user, members=rows))
    # Row 2's cell did not exist in 1989 either (the test tree starts in 2000): both are reported.
    assert {(e["row"], e["column"]) for e in job.errors} == {
        (2, "Ngày của sự kiện"),
        (2, "Mã tổ chức"),
        (3, "Ngày quyết định"),
    }


def test_untouched_example_row_is_skipped_and_an_empty_file_is_an_error(world):
    from coso.imports.workbooks import template_workbook

    job = run(world.board_user, template_workbook(ImportKind.MEMBERS, world.board_user))
    assert job.status == JobStatus.FAILED
    assert job.errors[0]["reason"] == "Trang tính không có dòng dữ liệu nào."


def test_a_file_that_is_not_a_workbook_fails_cleanly(world):
    job = run(world.board_user, b"not a zip file")
    assert job.status == JobStatus.FAILED
    assert "Excel" in job.errors[0]["reason"]


def test_members_file_may_carry_later_facts_in_a_history_sheet(world):
    history = [{"member_key": "001190000101", "kind": "recognized", "on": "02/03/2016"}]
    content = fill_template(world.board_user, members=[member_row()], history=history)
    job = run(world.board_user, content)
    assert job.status == JobStatus.SUCCEEDED, job.errors
    member = Member.objects.get(citizen_id="001190000101")
    assert member.status == MemberStatus.OFFICIAL and member.official_on == date(2016, 3, 2)
    assert list(member.spells.values_list("status", "valid_from", "valid_to")) == [
        ("probationary", date(2015, 3, 2), date(2016, 3, 2)),
        ("official", date(2016, 3, 2), None),
    ]


def test_history_of_a_new_member_that_cannot_happen_names_the_history_row(world):
    history = [{"member_key": "001190000101", "kind": "recognized", "on": "02/03/2014"}]
    content = fill_template(world.board_user, members=[member_row()], history=history)
    job = run(world.board_user, content)
    assert job.status == JobStatus.FAILED
    [error] = job.errors
    assert (error["sheet"], error["row"], error["column"]) == ("Lịch sử", 2, "Sự kiện")
    assert not Member.objects.filter(citizen_id="001190000101").exists()


def test_the_template_round_trips(world):
    """A template filled in by openpyxl reads back the same values (the parser reads what Excel writes)."""
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(fill_template(world.board_user, members=[member_row()])))
    assert wb.sheetnames == ["Đảng viên", "Giá trị hợp lệ"]
