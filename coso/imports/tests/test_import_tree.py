"""Importing the organization tree: parents by code in any order, kind rules by date, scope, all or nothing."""

from datetime import date

import pytest

from coso.audit.models import AuditEntry
from coso.imports.models import JobStatus
from coso.imports.tests.factories import fill_kind, run_kind
from coso.organizations.models import Organization, OrgVersion, Reorganization

pytestmark = pytest.mark.django_db

KIND = "org_tree"


def org(code, name, kind, org_type, parent, on="01/02/2010", **extra) -> dict:
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "org_type": org_type,
        "parent": parent,
        "established_on": on,
        **extra,
    }


def counts():
    return (
        Organization.objects.count(),
        OrgVersion.objects.count(),
        Reorganization.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_tree_in_any_row_order_imports_exactly_parents_first(world):
    rows = [
        org("C09-02", "Chi bộ thôn Hai", "cell", "village_cell", "C09", "01/03/2010"),
        org(
            "C09-01",
            "Chi bộ thôn Một",
            "Chi bộ trực thuộc",
            "Chi bộ thôn, bản, ấp",
            "C09",
            "01/03/2010",
            decision_number="15-QĐ/ĐU",
            decision_date="20/02/2010",
            decision_issuer="Đảng ủy xã Mẫu",
        ),
        org(
            "C09",
            "Đảng bộ xã Mẫu",
            "grassroots_committee",
            "commune",
            "D01",
            decision_number="12-QĐ/HU",
            decision_date="10/01/2010",
            decision_issuer="Ban Thường vụ Huyện ủy",
        ),
        org("C09-01-1", "Tổ đảng số 1", "party_group", "other", "C09-01", "01/04/2010"),
    ]
    job = run_kind(world.board_user, KIND, fill_kind(KIND, world.board_user, rows))
    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert (job.total_rows, job.rows_written, job.created_count) == (4, 4, 4)
    assert job.summary == {"Tổ chức đảng": 4, "Quyết định thành lập": 4, "trong đó có số quyết định": 2}
    commune = Organization.objects.get(code="C09")
    assert (commune.name, commune.kind, commune.org_type.code, commune.parent) == (
        "Đảng bộ xã Mẫu",
        "grassroots_committee",
        "commune",
        world.district,
    )
    assert commune.established_on == date(2010, 2, 1) and commune.path.startswith(world.district.path)
    cell = Organization.objects.get(code="C09-01")
    assert (cell.parent, cell.kind, cell.org_type.code) == (commune, "cell", "village_cell")
    group = Organization.objects.get(code="C09-01-1")
    assert group.parent == cell and group.depth == cell.depth + 1 == commune.depth + 2
    reorg = Reorganization.objects.get(targets=cell)
    assert (reorg.kind, reorg.on, reorg.decision_number, reorg.decision_date, reorg.decision_issuer) == (
        "establish",
        date(2010, 3, 1),
        "15-QĐ/ĐU",
        date(2010, 2, 20),
        "Đảng ủy xã Mẫu",
    )
    assert OrgVersion.objects.get(organization=group).valid_from == date(2010, 4, 1)
    audited = AuditEntry.objects.filter(actor=world.board_user, service="organization_establish")
    assert audited.count() == 4 * 2  # the decision and the organization, as the form writes them


def test_the_dry_run_shows_the_tree_and_writes_nothing(world):
    rows = [org("C09", "Đảng bộ xã Mẫu", "grassroots_committee", "commune", "D01")]
    before = counts()
    job = run_kind(world.board_user, KIND, fill_kind(KIND, world.board_user, rows), confirmed=False)
    assert job.status == JobStatus.READY and counts() == before
    assert job.preview["headers"] == [
        "Mã",
        "Tên",
        "Loại tổ chức",
        "Loại hình tổ chức",
        "Tổ chức cấp trên",
        "Ngày thành lập",
        "Quyết định",
    ]
    assert job.preview["rows"] == [["C09", "Đảng bộ xã Mẫu", "Đảng bộ cơ sở", "Xã", "D01", "01/02/2010", ""]]


def _refused(world, rows, user=None):
    before = counts()
    job = run_kind(user or world.board_user, KIND, fill_kind(KIND, user or world.board_user, rows))
    assert job.status == JobStatus.FAILED and job.rows_written == 0
    assert counts() == before
    return [(e["row"], e["column"], e["value"], e["reason"]) for e in job.errors]


def test_an_unknown_parent_is_a_row_error_naming_the_code(world):
    rows = [
        org("C09", "Đảng bộ xã Mẫu", "grassroots_committee", "commune", "D01"),
        org("C09-01", "Chi bộ thôn Một", "cell", "village_cell", "X99"),
    ]
    [(row, column, value, reason)] = _refused(world, rows)
    assert (row, column, value) == (3, "Mã tổ chức cấp trên", "X99")
    assert reason == "Không có tổ chức nào mang mã X99, trong cây tổ chức hay trong tệp này."


def test_a_cycle_of_parents_is_a_row_error_naming_the_codes(world):
    rows = [org("A1", "Chi bộ A", "cell", "other", "B1"), org("B1", "Chi bộ B", "partial_committee", "other", "A1")]
    errors = _refused(world, rows)
    assert [e[0] for e in errors] == [2, 3]
    assert errors[0][3] == "Tổ chức cấp trên của các dòng này tạo thành vòng tròn: A1 → B1 → A1."


def test_codes_must_be_unique_in_the_file_and_the_tree(world):
    rows = [
        org("C01", "Đảng bộ xã Trùng", "grassroots_committee", "commune", "D01"),
        org("C09", "Đảng bộ xã Mẫu", "grassroots_committee", "commune", "D01"),
        org("C09", "Đảng bộ xã Mẫu Hai", "grassroots_committee", "commune", "D01"),
    ]
    errors = _refused(world, rows)
    assert (2, "Mã", "C01", "Mã C01 đã được sử dụng.") in errors
    assert (4, "Mã", "C09", "Mã này đã có ở dòng 3 của tệp này.") in errors


def test_the_kind_rules_in_force_on_the_date_are_applied(world):
    # A commune committee directly under the province only from 1/7/2025 (QĐ 294-QĐ/TW).
    rows = [
        org("C09", "Đảng bộ xã Mẫu", "grassroots_committee", "commune", "D01"),
        org("C10", "Đảng bộ xã Mới", "grassroots_committee", "commune", "P01", "01/08/2025"),
        org("C11", "Đảng bộ xã Cũ", "grassroots_committee", "commune", "P01", "01/08/2020"),
    ]
    errors = _refused(world, rows, user=world.province_board_user)
    [(row, column, value, reason)] = errors
    assert (row, column) == (4, "Loại tổ chức") and "01/08/2020" in reason and "Đảng bộ cơ sở" in reason


def test_a_parent_not_yet_established_is_refused(world):
    rows = [
        org("C09", "Đảng bộ xã Mẫu", "grassroots_committee", "commune", "D01", "01/02/2010"),
        org("C09-01", "Chi bộ thôn Một", "cell", "village_cell", "C09", "01/01/2009"),
        org("C08", "Đảng bộ xã Sớm", "grassroots_committee", "commune", "D01", "01/01/1990"),
    ]
    errors = _refused(world, rows)
    assert errors[0][:2] == (3, "Ngày thành lập") and "C09" in errors[0][3] and "01/02/2010" in errors[0][3]
    assert errors[1][:2] == (4, "Mã tổ chức cấp trên") and "Ngày 01/01/1990 chưa có" in errors[1][3]


def test_a_parent_outside_the_uploaders_scope_is_refused(world):
    rows = [org("C09", "Đảng bộ xã Mẫu", "grassroots_committee", "commune", "D02")]
    [(row, column, value, reason)] = _refused(world, rows)
    assert (row, column, value) == (2, "Mã tổ chức cấp trên", "D02")
    assert reason == "D02 nằm ngoài phạm vi cây tổ chức mà bạn được thành lập tổ chức."
    # Only an administrator establishes at the top of the tree.
    [(_row, column, _value, reason)] = _refused(world, [org("P09", "Đảng bộ tỉnh Mới", "province", "province", "")])
    assert column == "Mã tổ chức cấp trên" and "quản trị" in reason


def test_a_bad_cell_names_the_column_and_a_child_of_a_bad_row_says_so(world):
    rows = [
        org("C09", "Đảng bộ xã Mẫu", "không rõ", "commune", "D01", "32/13/2010"),
        org("C09-01", "Chi bộ thôn Một", "cell", "village_cell", "C09"),
    ]
    errors = _refused(world, rows)
    assert errors[0][:3] == (2, "Loại tổ chức", "không rõ") and "Giá trị hợp lệ" in errors[0][3]
    assert errors[1][:3] == (2, "Ngày thành lập", "32/13/2010")
    assert errors[2][:3] == (3, "Mã tổ chức cấp trên", "C09") and "dòng 2" in errors[2][3]
