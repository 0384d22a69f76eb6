"""The committee's decision on quality ratings as .docx: open the file and read what the board prints."""

from datetime import date
from decimal import Decimal

import pytest

from coso.evaluation import documents, services
from coso.evaluation.models import Stage, SubjectKind
from coso.testing.factories import make_member
from coso.testing.papers import assert_same_lines, docx_text

pytestmark = pytest.mark.django_db


def _records(campaign, kind=SubjectKind.MEMBER):
    return (
        campaign.evaluations.filter(subject_kind=kind)
        .select_related("member", "organization")
        .order_by("organization__path", "member__full_name", "id")
    )


def test_yearly_decision_on_members_2024(world):
    make_member(org=world.cell, full_name="Lê Thị Mai", gender="female", citizen_id="001190000011")
    campaign = services.campaign_open(
        committee=world.commune, period_kind="year", year=2024, opened_on=date(2024, 12, 1), actor=None
    )
    members = list(_records(campaign))
    assert len(members) == 2
    by_name = {e.member.full_name: e for e in members}
    services.decide_many(
        campaign,
        [
            services.Decision(by_name["Nguyễn Văn Tuấn"].pk, "good"),
            services.Decision(by_name["Lê Thị Mai"].pk, "completed"),
        ],
        on=date(2024, 12, 20),
        actor=None,
    )
    data = documents.decision_docx(
        campaign=campaign,
        committee=world.commune,
        subject_kind=SubjectKind.MEMBER,
        records=_records(campaign),
        number="45-QĐ/ĐU",
        signer="Phạm Văn Bình",
    )
    text = docx_text(data)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG BỘ HUYỆN AN BÌNH" in text and "ĐẢNG ỦY XÃ AN LẠC" in text and "Số 45-QĐ/ĐU" in text
    assert "An Lạc, ngày 20 tháng 12 năm 2024" in text, "the date defaults to the day of the decisions"
    assert "QUYẾT ĐỊNH về việc xếp loại chất lượng đảng viên năm 2024" in text
    assert "QĐ 124-QĐ/TW" in text, "the decision cites the rule set of the period"
    assert "ĐẢNG ỦY XÃ AN LẠC QUYẾT ĐỊNH" in text
    assert "đối với 2 đồng chí" in text
    assert "- Hoàn thành xuất sắc nhiệm vụ: 0 đồng chí" in text
    assert "- Hoàn thành tốt nhiệm vụ: 1 đồng chí (50,0%)" in text
    assert "- Hoàn thành nhiệm vụ: 1 đồng chí (50,0%)" in text
    assert "- Không hoàn thành nhiệm vụ: 0 đồng chí" in text
    assert "- Không xếp loại: 0 đồng chí" in text
    assert "Điều 2." in text and "Điều 3." in text and "Nơi nhận:" in text
    assert "T/M ĐẢNG ỦY" in text and "BÍ THƯ" in text and "Phạm Văn Bình" in text
    assert "DANH SÁCH KÈM THEO" in text
    assert "Kèm theo Quyết định số 45-QĐ/ĐU, ngày 20/12/2024 của Đảng ủy xã An Lạc" in text
    assert "STT Họ và tên Chi bộ Mức xếp loại" in text
    assert "Điểm" not in text, "QĐ 124 does not score: no score column"
    assert "1 Lê Thị Mai Chi bộ thôn Đông Hoàn thành nhiệm vụ" in text
    assert "2 Nguyễn Văn Tuấn Chi bộ thôn Đông Hoàn thành tốt nhiệm vụ" in text


def test_not_rated_members_are_counted_and_undecided_ones_left_out(world):
    make_member(org=world.cell, full_name="Lê Thị Mai", gender="female", citizen_id="001190000011")
    make_member(org=world.cell, full_name="Đỗ Văn Hùng", citizen_id="001190000012")
    campaign = services.campaign_open(
        committee=world.commune, period_kind="year", year=2024, opened_on=date(2024, 12, 1), actor=None
    )
    by_name = {e.member.full_name: e for e in _records(campaign)}
    services.decide_many(
        campaign, [services.Decision(by_name["Nguyễn Văn Tuấn"].pk, "good")], on=date(2024, 12, 20), actor=None
    )
    services.not_rate(by_name["Lê Thị Mai"], reason="Ốm dài ngày", on=date(2024, 12, 20), actor=None)
    text = docx_text(
        documents.decision_docx(
            campaign=campaign,
            committee=world.commune,
            subject_kind=SubjectKind.MEMBER,
            records=_records(campaign),
            on=date(2024, 12, 25),
        )
    )
    assert "An Lạc, ngày 25 tháng 12 năm 2024" in text and "Số ..." in text
    assert "đối với 2 đồng chí" in text
    assert "- Hoàn thành tốt nhiệm vụ: 1 đồng chí (100,0%)" in text
    assert "- Không xếp loại: 1 đồng chí" in text
    assert "Lê Thị Mai Chi bộ thôn Đông Không xếp loại" in text
    assert "Đỗ Văn Hùng" not in text, "a record still undecided is not in the decision"


def test_scored_decision_2025_prints_scores(world):
    goods = ["Lê Thị Mai", "Đỗ Văn Hùng", "Phan Thị Lan", "Vũ Văn Nam", "Hoàng Thị Thu"]
    for i, name in enumerate(goods):
        make_member(org=world.cell, full_name=name, citizen_id=f"0011900000{20 + i}")
    campaign = services.campaign_open(
        committee=world.commune, period_kind="year", year=2025, opened_on=date(2025, 12, 1), actor=None
    )
    by_name = {e.member.full_name: e for e in _records(campaign)}
    scores = ["85,5", "80", "75", "72.25", "70"]
    decisions = [services.Decision(by_name["Nguyễn Văn Tuấn"].pk, "", 92)]
    decisions += [services.Decision(by_name[n].pk, "", s) for n, s in zip(goods, scores, strict=True)]
    services.decide_many(campaign, decisions, on=date(2025, 12, 22), actor=None)
    text = docx_text(
        documents.decision_docx(
            campaign=campaign,
            committee=world.commune,
            subject_kind=SubjectKind.MEMBER,
            records=_records(campaign),
            number="12-QĐ/ĐU",
        )
    )
    assert "QUYẾT ĐỊNH về việc xếp loại chất lượng đảng viên năm 2025" in text
    assert "QĐ 366-QĐ/TW" in text
    assert "đối với 6 đồng chí" in text
    assert "- Hoàn thành xuất sắc nhiệm vụ: 1 đồng chí (16,7%)" in text
    assert "- Hoàn thành tốt nhiệm vụ: 5 đồng chí (83,3%)" in text
    assert "STT Họ và tên Chi bộ Điểm Mức xếp loại" in text
    assert "Nguyễn Văn Tuấn Chi bộ thôn Đông 92 Hoàn thành xuất sắc nhiệm vụ" in text
    assert "Lê Thị Mai Chi bộ thôn Đông 85,5 Hoàn thành tốt nhiệm vụ" in text
    assert "Vũ Văn Nam Chi bộ thôn Đông 72,25 Hoàn thành tốt nhiệm vụ" in text
    assert "Hoàng Thị Thu Chi bộ thôn Đông 70 Hoàn thành tốt nhiệm vụ" in text


def test_quarterly_decision_on_organizations(world):
    campaign = services.campaign_open(
        committee=world.commune, period_kind="quarter", year=2025, quarter=3, opened_on=date(2025, 9, 1), actor=None
    )
    orgs = list(_records(campaign, SubjectKind.ORGANIZATION))
    assert [e.organization_id for e in orgs] == [world.cell.pk]
    services.decide_many(campaign, [services.Decision(orgs[0].pk, "", 78)], on=date(2025, 10, 5), actor=None)
    text = docx_text(
        documents.decision_docx(
            campaign=campaign,
            committee=world.commune,
            subject_kind=SubjectKind.ORGANIZATION,
            records=_records(campaign, SubjectKind.ORGANIZATION),
        )
    )
    assert "QUYẾT ĐỊNH về việc xếp loại chất lượng tổ chức đảng quý III năm 2025" in text
    assert "đối với 1 tổ chức" in text and "- Hoàn thành tốt nhiệm vụ: 1 tổ chức (100,0%)" in text
    assert "STT Tên tổ chức Điểm Mức xếp loại" in text
    assert "1 Chi bộ thôn Đông 78 Hoàn thành tốt nhiệm vụ" in text


def test_period_and_score_wording():
    assert documents.format_score(Decimal("85.50")) == "85,5"
    assert documents.format_score(Decimal("92.00")) == "92"
    assert documents.format_score(Decimal("100")) == "100"
    assert documents.format_score(None) == ""
    assert Stage.NOT_RATED  # the list's "Không xếp loại" is the stage, not a fifth level


def test_the_pdf_prints_the_same_lines_as_the_docx(world):
    campaign = services.campaign_open(
        committee=world.commune, period_kind="year", year=2024, opened_on=date(2024, 12, 1), actor=None
    )
    (record,) = _records(campaign)
    services.decide_many(campaign, [services.Decision(record.pk, "good")], on=date(2024, 12, 20), actor=None)
    paper = documents.decision_paper(
        campaign=campaign,
        committee=world.commune,
        subject_kind=SubjectKind.MEMBER,
        records=_records(campaign),
        number="45-QĐ/ĐU",
        signer="Phạm Văn Bình",
    )
    assert "Phạm Văn Bình" in paper.lines()
    assert_same_lines(paper, paper.docx(), paper.pdf())
