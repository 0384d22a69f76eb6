"""Importing residential units (with their placement) and admission targets: exact, all or nothing, scoped."""

from datetime import date

import pytest

from coso.audit.models import AuditEntry
from coso.imports.models import JobStatus
from coso.imports.tests.factories import fill_kind, run_kind
from coso.organizations.models import ResidentialUnit, UnitPlacement
from coso.targets.models import AdmissionTarget
from coso.targets.services import Decision, admission_target_set

pytestmark = pytest.mark.django_db


def unit_counts():
    return ResidentialUnit.objects.count(), UnitPlacement.objects.count(), AuditEntry.objects.count()


def target_counts():
    return AdmissionTarget.objects.count(), AuditEntry.objects.count()


def test_units_import_exactly_with_their_placement(world):
    rows = [
        {"code": "U09", "name": "Thôn Bắc", "unit_kind": "village", "commune": "C01", "established_on": "01/01/2005"},
        {"code": "U10", "name": "Tổ dân phố 3", "unit_kind": "Tổ dân phố", "commune": "C01"},
    ]
    job = run_kind(world.board_user, "residential_units", fill_kind("residential_units", world.board_user, rows))
    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.summary == {"Thôn, tổ dân phố": 2, "Xếp vào xã, phường": 2} and job.created_count == 2
    north = ResidentialUnit.objects.get(code="U09")
    assert (north.name, north.unit_kind, north.commune, north.established_on) == (
        "Thôn Bắc",
        "village",
        world.commune,
        date(2005, 1, 1),
    )
    [placement] = north.placements.all()
    assert (placement.commune, placement.valid_from, placement.valid_to) == (world.commune, date(2005, 1, 1), None)
    assert ResidentialUnit.objects.get(code="U10").unit_kind == "neighbourhood"
    assert AuditEntry.objects.filter(service="residential_unit_create", actor=world.board_user).count() == 2


def test_bad_unit_rows_are_named_and_nothing_is_written(world):
    rows = [
        {"code": "U01", "name": "Thôn Trùng", "unit_kind": "village", "commune": "C01"},
        {"code": "U11", "name": "Thôn Lạ", "unit_kind": "làng", "commune": "C01"},
        {"code": "U12", "name": "Thôn Huyện", "unit_kind": "village", "commune": "D01"},
        {"code": "U13", "name": "Thôn Ngoài", "unit_kind": "village", "commune": "C02"},
        {"code": "U14", "name": "Thôn Sớm", "unit_kind": "village", "commune": "C01", "established_on": "01/01/1990"},
    ]
    before = unit_counts()
    job = run_kind(world.board_user, "residential_units", fill_kind("residential_units", world.board_user, rows))
    assert job.status == JobStatus.FAILED and unit_counts() == before
    errors = [(e["row"], e["column"], e["value"], e["reason"]) for e in job.errors]
    assert errors == [
        (2, "Mã thôn, tổ dân phố", "U01", "Đã có thôn, tổ dân phố mang mã U01."),
        (3, "Loại thôn, tổ dân phố", "làng", errors[1][3]),
        (4, "Mã tổ chức đảng của xã, phường", "D01", "Thôn, tổ dân phố chỉ thuộc xã, phường hoặc đặc khu."),
        (5, "Mã tổ chức đảng của xã, phường", "C02", "Tổ chức này nằm ngoài phạm vi bạn được cập nhật."),
        (6, "Ngày thành lập", "01/01/1990", errors[4][3]),
    ]
    assert "Giá trị hợp lệ" in errors[1][3] and "01/01/1990" in errors[4][3]


def target(org="C01", year=2025, n=5, **extra) -> dict:
    return {"organization": org, "year": year, "target": n, **extra}


def test_targets_import_exactly_and_change_a_target_already_set(world):
    admission_target_set(organization=world.commune, year=2024, target=2, decision=Decision(), actor=None)
    rows = [
        target("C01", 2025, 5, decision_number="30-QĐ/HU", decision_date="10/01/2025", decision_issuer="BTV Huyện ủy"),
        target("C01", 2024, 3),
    ]
    job = run_kind(world.board_user, "admission_targets", fill_kind("admission_targets", world.board_user, rows))
    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.summary == {
        "Chỉ tiêu kết nạp": 2,
        "trong đó thay chỉ tiêu đã giao": 1,
        "Tổng số đảng viên dự kiến kết nạp": 8,
    }
    assert (job.created_count, job.updated_count) == (1, 1)
    new = AdmissionTarget.objects.get(organization=world.commune, year=2025)
    assert (new.target, new.decision_number, new.decision_date, new.decision_issuer) == (
        5,
        "30-QĐ/HU",
        date(2025, 1, 10),
        "BTV Huyện ủy",
    )
    assert AdmissionTarget.objects.get(organization=world.commune, year=2024).target == 3
    assert AuditEntry.objects.filter(service="admission_target_set", actor=world.board_user).count() == 2


def test_bad_target_rows_are_named_and_nothing_is_written(world):
    rows = [
        target("C01", 2025, 5),
        target("C01", 2025, 6),
        target("C01-01", 2025, 1),
        target("C02", 2025, 1),
        target("C01", 1900, 1),
        target("C01", 2026, -1),
        target("X9", 2025, 1),
        target("C01", "hai nghìn", 1),
    ]
    before = target_counts()
    job = run_kind(world.board_user, "admission_targets", fill_kind("admission_targets", world.board_user, rows))
    assert job.status == JobStatus.FAILED and target_counts() == before
    errors = {e["row"]: (e["column"], e["value"], e["reason"]) for e in job.errors}
    assert errors[3] == ("Năm", "2025", "Chỉ tiêu năm 2025 của tổ chức này đã có ở dòng 2 của tệp này.")
    assert errors[4][:2] == ("Mã tổ chức cơ sở đảng", "C01-01") and "không phải tổ chức cơ sở đảng" in errors[4][2]
    assert errors[5][:2] == ("Mã tổ chức cơ sở đảng", "C02") and "cấp trên" in errors[5][2]
    assert errors[6][0] == "Năm" and "1900" in errors[6][2]
    assert errors[7][0] == "Chỉ tiêu (số đảng viên kết nạp)"
    assert errors[8] == ("Mã tổ chức cơ sở đảng", "X9", "Không có tổ chức nào mang mã này.")
    assert errors[9][:2] == ("Năm", "hai nghìn")
    assert 2 not in errors


def test_a_secretary_cannot_set_their_own_units_target(world):
    """The level above sets a grassroots organization's target (Action.TARGET_SET reaches below)."""
    content = fill_kind("admission_targets", world.commune_secretary_user, [target("C01", 2025, 5)])
    job = run_kind(world.commune_secretary_user, "admission_targets", content)
    assert job.status == JobStatus.FAILED and not AdmissionTarget.objects.exists()
    assert job.errors[0]["reason"].startswith("Vai trò của bạn không được giao chỉ tiêu cho Đảng bộ xã An Lạc")
