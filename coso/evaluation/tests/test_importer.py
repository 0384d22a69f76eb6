"""Importing quality ratings decided on paper: a good file writes every rating with its audit rows,
one bad row (or a broken quota) writes nothing and is named, and the uploader's scope decides.

The test world: commune C01 "Đảng bộ xã An Lạc" (grassroots committee) with cell C01-01, under
district D01 where `board_user` holds the board role; `secretary_user` is secretary of the cell
only; commune C02 lies in the other district. The 2024 campaign of C01 (rules of QĐ 124, not
scored) rates the cell's members, decided by the commune, and the cell, decided by the commune.
"""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from coso.audit.models import AuditEntry
from coso.evaluation import importer, services
from coso.evaluation.models import Evaluation, Stage, SubjectKind
from coso.imports.columns import header_text
from coso.imports.models import JobStatus
from coso.imports.tests.factories import fill_kind, run_kind
from coso.imports.validation import Progress
from coso.testing.factories import make_member

pytestmark = pytest.mark.django_db

KIND = "evaluations"
DECISION = {"decision_number": "15-QĐ/ĐU", "decision_date": "20/12/2024", "decision_issuer": "Đảng ủy xã An Lạc"}


@pytest.fixture
def campaign(world):
    for i in range(7):
        make_member(org=world.cell, full_name=f"Đảng Viên {i}", citizen_id=f"00108510000{i}")
    return services.campaign_open(
        committee=world.commune, period_kind="year", year=2024, opened_on=date(2024, 12, 1), actor=None
    )


def rating(cid=None, grade="good", *, org=None, period="2024", **extra) -> dict:
    row = {"period": period, "citizen_id": cid, "organization": org, "grade": grade, **DECISION}
    row.update(extra)
    return row


def workbook(rows: list[dict]):
    """A file written by hand (openpyxl), not from the template: headers in Vietnamese."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(importer.SHEET_RATINGS)
    ws.append([header_text(c) for c in importer.RATING_COLUMNS])
    for row in rows:
        ws.append([row.get(c.key) for c in importer.RATING_COLUMNS])
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer, read_only=True)


def validate(user, rows):
    return importer.RatingsImporter().validate(workbook(rows), user=user, progress=Progress())


def decided():
    return Evaluation.objects.filter(stage=Stage.DECIDED).count()


def test_a_good_file_writes_every_rating_with_its_decision_and_audit_rows(world, campaign):
    rows = [
        rating("001085000001", "Hoàn thành xuất sắc nhiệm vụ", full_name="Nguyễn Văn Tuấn"),
        *(rating(f"00108510000{i}", "hoàn thành tốt nhiệm vụ") for i in range(5)),
        rating("001085100005", "HOAN THANH NHIEM VU"),
        rating("001085100006", "not_completed", decision_number="16-QĐ/ĐU", decision_date="22/12/2024"),
        rating(org="C01-01", grade="good", full_name="Chi bộ thôn Đông"),
    ]
    job = run_kind(world.board_user, KIND, fill_kind(KIND, world.board_user, rows))
    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.rows_written == 9 and job.updated_count == 9
    assert job.summary == {"Xếp loại đảng viên": 8, "Xếp loại tổ chức đảng": 1}
    tuan = Evaluation.objects.get(member=world.member, period_key="2024")
    assert (tuan.stage, tuan.grade, tuan.decided_on, tuan.decision_number, tuan.decision_issuer) == (
        Stage.DECIDED,
        "excellent",
        date(2024, 12, 20),
        "15-QĐ/ĐU",
        "Đảng ủy xã An Lạc",
    )
    last = Evaluation.objects.get(member__citizen_id="001085100006")
    assert (last.grade, last.decided_on, last.decision_number) == ("not_completed", date(2024, 12, 22), "16-QĐ/ĐU")
    assert last.decided_by == world.board_user
    cell = Evaluation.objects.get(organization=world.cell, subject_kind=SubjectKind.ORGANIZATION)
    assert cell.grade == "good"
    assert Evaluation.objects.filter(campaign=campaign, member__isnull=False).exclude(grade="").count() == 8
    assert AuditEntry.objects.filter(service="evaluation_decide", actor=world.board_user).count() == 9


def test_the_template_offers_the_columns_and_the_levels_in_vietnamese(world):
    wb = load_workbook(BytesIO(importer.RatingsImporter().template(world.board_user)))
    assert [c.value for c in wb.worksheets[0][1]] == [header_text(c) for c in importer.RATING_COLUMNS]
    values = [str(c.value) for row in wb.worksheets[1].iter_rows() for c in row if c.value]
    assert "Hoàn thành xuất sắc nhiệm vụ" in values and "Không hoàn thành nhiệm vụ" in values


def test_one_bad_row_writes_nothing_and_every_bad_row_is_named(world, campaign):
    rows = [
        rating("001085000001", "good"),
        rating("001085100000", "rất tốt"),  # row 3: level unreadable
        rating("009999999999", "good"),  # row 4: nobody
        rating("001085100001", "good", period="2023"),  # row 5: no record that year
        rating(org="X9", grade="good"),  # row 6: no such organization
        rating("001085100002", "good", org="C01-01"),  # row 7: both
        rating("001085100003", "good", full_name="Trần Văn Khác"),  # row 8: not that person
        rating("001085000001", "completed"),  # row 9: twice
        rating("001085100004", "good", decision_date="20/12/2023"),  # row 10: before the period
    ]
    before = decided()
    job = run_kind(world.board_user, KIND, workbook_bytes(rows))
    assert job.status == JobStatus.FAILED and decided() == before
    assert not AuditEntry.objects.filter(service="evaluation_decide").exists()
    errors = {e["row"]: (e["column"], e["value"], e["reason"]) for e in job.errors}
    assert 2 not in errors
    assert errors[3][:2] == ("Mức xếp loại", "rất tốt")
    assert "Giá trị hợp lệ" in errors[3][2]
    assert errors[4] == (
        "Số CCCD",
        "009999999999",
        "Không có đảng viên nào mang số CCCD này trong phần sổ đảng viên bạn được xem.",
    )
    assert errors[5][:2] == ("Kỳ đánh giá", "2023") and "không có phiếu xếp loại kỳ 2023" in errors[5][2]
    assert errors[6] == ("Mã tổ chức", "X9", "Không có tổ chức nào mang mã này.")
    assert errors[7][0] == "Số CCCD" and "một trong hai" in errors[7][2]
    assert errors[8][:2] == ("Họ và tên", "Trần Văn Khác") and "Đảng Viên 3" in errors[8][2]
    assert errors[9][0] == "Số CCCD" and "dòng 2" in errors[9][2]
    assert errors[10][:2] == ("Ngày quyết định", "20/12/2023") and "01/01/2024" in errors[10][2]


def workbook_bytes(rows: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = str(importer.SHEET_RATINGS)
    ws.append([header_text(c) for c in importer.RATING_COLUMNS])
    for row in rows:
        ws.append([row.get(c.key) for c in importer.RATING_COLUMNS])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_file_breaking_the_quota_is_refused_naming_the_quota(world, campaign):
    rows = [
        rating("001085000001", "excellent"),
        rating("001085100006", "excellent"),
        *(rating(f"00108510000{i}", "good") for i in range(5)),
    ]
    plan = validate(world.board_user, rows)
    assert not plan.ok and plan.rows_planned == 0
    (error,) = plan.errors
    assert (error["row"], error["column"], error["value"]) == (2, "Mức xếp loại", "Hoàn thành xuất sắc nhiệm vụ")
    assert error["reason"] == (
        "Tỷ lệ xếp loại của Đảng bộ xã An Lạc (đảng viên): 2 “hoàn thành xuất sắc nhiệm vụ” nhưng chỉ được "
        "tối đa 1 — 1/5 của 5 “hoàn thành tốt nhiệm vụ”."
    )
    job = run_kind(world.board_user, KIND, workbook_bytes(rows))
    assert job.status == JobStatus.FAILED and decided() == 0
    assert job.errors[0]["reason"] == error["reason"]


def test_the_quota_is_judged_decision_by_decision_as_the_write_takes_them(world, campaign):
    """One "excellent" with five "good" in a first decision fits; a second "excellent" decided a
    week later against the same five does not (5 × 1/5 = 1), and nothing is written."""
    later = {"decision_number": "17-QĐ/ĐU", "decision_date": "27/12/2024"}
    rows = [
        rating("001085000001", "excellent"),
        *(rating(f"00108510000{i}", "good") for i in range(5)),
        rating("001085100006", "excellent", **later),
    ]
    plan = validate(world.board_user, rows)
    assert [e["row"] for e in plan.errors] == [8]
    assert decided() == 0


def test_a_member_outside_the_uploaders_scope_is_refused(world, campaign):
    other = services.campaign_open(
        committee=world.other_commune, period_kind="year", year=2024, opened_on=date(2024, 12, 1), actor=None
    )
    assert other.evaluations.filter(member=world.other_member).exists()
    # The district board does not see the other district: the key is simply unknown there.
    job = run_kind(world.board_user, KIND, workbook_bytes([rating("001085000001"), rating("002090000002")]))
    assert job.status == JobStatus.FAILED and decided() == 0
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Số CCCD")]
    assert "bạn được xem" in job.errors[0]["reason"]
    # The cell's secretary sees the cell's members but does not decide their ratings (the commune does).
    plan = validate(world.secretary_user, [rating("001085000001")])
    assert not plan.ok
    assert plan.errors[0]["reason"] == (
        "Vai trò của bạn không được quyết định xếp loại của Nguyễn Văn Tuấn: Đảng bộ xã An Lạc quyết định."
    )
    # Nor an organization rated by the committee above it: the commune secretary rates the cell,
    # the cell's secretary does not.
    plan = validate(world.secretary_user, [rating(org="C01-01")])
    assert not plan.ok and plan.errors[0]["column"] == "Mã tổ chức"


def test_the_service_rules_judge_each_row_and_name_the_member(world, campaign):
    Evaluation.objects.filter(member=world.member).update(disciplined=True)
    plan = validate(world.board_user, [rating("001085000001", "good"), rating("001085100000", "good", score="abc")])
    errors = [(e["row"], e["column"], e["reason"]) for e in plan.errors]
    assert errors == [
        (2, "Mức xếp loại", "Nguyễn Văn Tuấn bị kỷ luật trong kỳ: chỉ được xếp loại tối đa “Hoàn thành nhiệm vụ”."),
        (3, "Điểm", "“abc” không phải là điểm."),
    ]


def test_a_closed_campaign_takes_no_rating(world, campaign):
    type(campaign).objects.filter(pk=campaign.pk).update(closed_on=date(2025, 1, 15))
    plan = validate(world.board_user, [rating("001085000001", "good")])
    assert [(e["row"], e["column"]) for e in plan.errors] == [(2, "Kỳ đánh giá")]
    assert "đã kết thúc ngày 15/01/2025" in plan.errors[0]["reason"]


def test_the_write_refuses_the_whole_file_when_the_register_changed_since_the_check(world, campaign):
    from coso.imports.registry import WriteConflict

    rows = [rating("001085000001", "excellent"), *(rating(f"00108510000{i}", "good") for i in range(5))]
    plan = validate(world.board_user, rows)
    assert plan.ok and plan.rows_planned == plan.total_rows == 6
    # Meanwhile the commune decides another "excellent" by hand: the file's no longer fits the quota.
    services.decide_many(
        campaign,
        [services.Decision(Evaluation.objects.get(member__citizen_id="001085100006").pk, "excellent")]
        + [
            services.Decision(e.pk, "good")
            for e in Evaluation.objects.filter(campaign=campaign, member__isnull=False).exclude(
                member__citizen_id__in=["001085100006", "001085000001"]
            )
        ],
        on=date(2024, 12, 18),
        actor=None,
    )
    before = list(Evaluation.objects.order_by("pk").values_list("grade", "decision_number"))
    with pytest.raises(WriteConflict) as refused:
        importer.RatingsImporter().write(plan, actor=world.board_user)
    assert "Tỷ lệ xếp loại của Đảng bộ xã An Lạc" in refused.value.message
    assert list(Evaluation.objects.order_by("pk").values_list("grade", "decision_number")) == before


def test_under_the_2025_rules_the_score_alone_gives_the_level(world, campaign):
    """QĐ 366-QĐ/TW scores out of 100: a row may leave the level empty; a level without a score is refused."""
    scored = services.campaign_open(committee=world.commune, year=2025, opened_on=date(2025, 12, 1), actor=None)
    dated = {**DECISION, "decision_date": "20/12/2025"}
    plan = validate(world.board_user, [rating("001085100000", None, period="2025", score="75,5", **dated),
                                       rating("001085100001", "good", period="2025", **dated)])  # fmt: skip
    assert [(e["row"], e["column"]) for e in plan.errors] == [(3, "Điểm")]
    job = run_kind(
        world.board_user, KIND,
        fill_kind(KIND, world.board_user, [rating("001085100000", None, period="2025", score="75,5", **dated)]),
    )  # fmt: skip
    assert job.status == JobStatus.SUCCEEDED, job.errors
    e = scored.evaluations.get(member__citizen_id="001085100000")
    assert (e.grade, str(e.score)) == ("good", "75.50")
