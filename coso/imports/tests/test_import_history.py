"""History import: facts for members on the register, replayed with their recorded history."""

from datetime import date

import pytest

from coso.audit.models import AuditEntry
from coso.imports.models import ImportKind, JobStatus
from coso.imports.services import import_job_create, import_job_run
from coso.imports.tests.factories import fill_template, upload
from coso.members.choices import MemberStatus
from coso.members.models import MemberEvent, MembershipSpell
from coso.members.queries import members_on
from coso.organizations.models import OrgKind
from coso.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


def run(user, history: list[dict]):
    content = fill_template(user, history=history, kind=ImportKind.HISTORY)
    job = import_job_create(
        confirmed=True, user=user, kind=ImportKind.HISTORY, file=upload(content), original_name="ls.xlsx"
    )
    return import_job_run(job)


@pytest.fixture
def second_cell(world):
    return make_org(name="Chi bộ thôn Nam", kind=OrgKind.CELL, parent=world.commune, code="C01-02")


def test_transfer_and_recognition_update_spells_and_counts_as_of_dates(world, second_cell):
    member = make_member(
        org=world.cell, full_name="Đỗ Văn Bình", citizen_id="001080000201", admitted_on=date(2010, 3, 15)
    )
    other = make_member(
        org=world.cell, citizen_id="001080000202", party_card_number="88001234", admitted_on=date(2012, 1, 5)
    )
    history = [
        {"member_key": "001080000201", "kind": "recognized", "on": "15/03/2011", "decision_number": "12-QĐ/ĐU"},
        {"member_key": "001080000201", "kind": "transferred", "on": "01/06/2015", "organization": "C01-02"},
        # Identified by party card number, a number cell in Excel.
        {"member_key": 88001234, "kind": "recognized", "on": "05/01/2013"},
    ]
    job = run(world.board_user, history)

    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.updated_count == 2 and job.created_count == 0
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL and member.official_on == date(2011, 3, 15)
    assert member.organization == second_cell
    assert list(
        MembershipSpell.objects.filter(member=member).values_list(
            "organization__code", "status", "valid_from", "valid_to"
        )
    ) == [
        ("C01-01", "probationary", date(2010, 3, 15), date(2011, 3, 15)),
        ("C01-01", "official", date(2011, 3, 15), date(2015, 6, 1)),
        ("C01-02", "official", date(2015, 6, 1), None),
    ]
    assert members_on(world.cell, date(2014, 1, 1), status="official").filter(pk=member.pk).exists()
    assert not members_on(world.cell, date(2016, 1, 1)).filter(pk=member.pk).exists()
    assert members_on(second_cell, date(2016, 1, 1), status="official").filter(pk=member.pk).exists()
    assert members_on(world.commune, date(2016, 1, 1)).filter(pk=member.pk).exists()
    other.refresh_from_db()
    assert other.status == MemberStatus.OFFICIAL
    audited = AuditEntry.objects.filter(service="import_history", actor=world.board_user)
    assert audited.filter(model="members.memberevent").count() == 3
    update = audited.get(model="members.member", object_id=str(member.pk))
    assert update.action == "update" and update.changes["status"] == ["probationary", "official"]


def test_an_impossible_history_is_an_error_and_nothing_is_written(world):
    member = make_member(org=world.cell, citizen_id="001080000301", admitted_on=date(2010, 3, 15))
    ok = make_member(org=world.cell, citizen_id="001080000302", admitted_on=date(2010, 3, 15))
    events, spells = MemberEvent.objects.count(), list(MembershipSpell.objects.values_list("pk", flat=True))
    history = [
        {"member_key": "001080000302", "kind": "recognized", "on": "15/03/2011"},
        # Recognized before being admitted.
        {"member_key": "001080000301", "kind": "recognized", "on": "01/01/2009"},
    ]
    job = run(world.board_user, history)

    assert job.status == JobStatus.FAILED
    [error] = job.errors
    assert (error["sheet"], error["row"], error["column"], error["value"]) == ("Lịch sử", 3, "Sự kiện", "recognized")
    assert MemberEvent.objects.count() == events
    assert list(MembershipSpell.objects.values_list("pk", flat=True)) == spells
    member.refresh_from_db()
    ok.refresh_from_db()
    assert member.status == ok.status == MemberStatus.PROBATIONARY


def test_a_fact_already_recorded_is_not_recorded_twice(world):
    make_member(org=world.cell, citizen_id="001080000401", admitted_on=date(2010, 3, 15))
    job = run(
        world.board_user,
        [{"member_key": "001080000401", "kind": "admitted", "on": "15/03/2010", "organization": "C01-01"}],
    )
    [error] = job.errors
    assert error["reason"] == "Sự kiện này đã có trong lịch sử của đảng viên."


def test_members_outside_the_writable_scope_are_not_found(world):
    job = run(
        world.board_user, [{"member_key": world.other_member.citizen_id, "kind": "recognized", "on": "01/01/2011"}]
    )
    [error] = job.errors
    assert error["column"] == "Số CCCD hoặc số thẻ đảng viên" and error["value"] == world.other_member.citizen_id
    assert world.other_member.full_name not in error["reason"]


def test_fields_each_kind_needs_are_named(world):
    make_member(org=world.cell, citizen_id="001080000501", admitted_on=date(2010, 3, 15))
    history = [
        {"member_key": "001080000501", "kind": "disciplined", "on": "01/01/2011"},
        {"member_key": "001080000501", "kind": "transferred", "on": "01/02/2011"},
        {"member_key": "001080000501", "kind": "removed", "on": "01/03/2011"},
        {"member_key": "001080000501", "kind": "bogus", "on": "01/04/2011"},
    ]
    job = run(world.board_user, history)
    assert {(e["row"], e["column"]) for e in job.errors} == {
        (2, "Hình thức kỷ luật"),
        (3, "Mã tổ chức"),
        (4, "Lý do xóa tên"),
        (5, "Sự kiện"),
    }


def test_a_fact_the_role_may_not_record_is_refused_in_the_import_too(world):
    """The import is no side door around competence (accounts.Competence): a cell's secretary may
    import an exemption (the cell decides, Statute art. 7) but not a recognition (the competent
    committee decides, art. 5); the whole file is refused and nothing is written."""
    make_member(org=world.cell, citizen_id="001080000901", admitted_on=date(2010, 3, 15))
    before = (MemberEvent.objects.count(), AuditEntry.objects.count())
    rows = [
        {"member_key": "001080000901", "kind": "exempted", "on": "01/01/2012"},
        {"member_key": "001080000901", "kind": "recognized", "on": "15/03/2011"},
    ]
    job = run(world.secretary_user, rows)
    assert job.status == JobStatus.FAILED
    assert len(job.errors) == 1 and "cấp ủy có thẩm quyền" in job.errors[0]["reason"], job.errors
    assert (MemberEvent.objects.count(), AuditEntry.objects.count()) == before
    job = run(world.board_user, rows[1:])
    assert job.status == JobStatus.SUCCEEDED, job.errors
