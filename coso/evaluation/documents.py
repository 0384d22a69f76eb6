"""The committee's decision on quality ratings, with its attached list, as a Word (.docx) file in the
Party's layout (issue: "Exports: the committee's decision with its attached list as .docx").

Layout of a Party document (HD 36-HD/VPTW, `coso.common.paper`): the two-column header (the
committee above, the deciding committee in bold, a star, the number; "ĐẢNG CỘNG SẢN VIỆT NAM" over
the place-and-date line), the title "QUYẾT ĐỊNH về việc xếp loại chất lượng đảng viên năm 2024",
the grounds (the Party's Statute and the rule set in force on the period's end), the articles — Điều
1 approving the results with the count at each level, Điều 2 and 3 the usual execution clauses —
"Nơi nhận" and the signature, then on a new page the attached list (DANH SÁCH KÈM THEO). The wording
is the Vietnamese of the Party's forms, not interface text, so it does not go through gettext.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.utils import timezone

from coso.common.paper import Paper
from coso.common.party_docx import date_line, place_of
from coso.common.text import format_count, format_date, format_percent
from coso.evaluation import rules
from coso.evaluation.models import GRADE_ORDER, Campaign, Evaluation, Grade, PeriodKind, Stage, SubjectKind
from coso.organizations.models import Organization, OrgKind

#: The levels as the decision writes them (QĐ 124-QĐ/TW, QĐ 366-QĐ/TW).
GRADE_TEXT = {
    Grade.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Grade.GOOD: "Hoàn thành tốt nhiệm vụ",
    Grade.COMPLETED: "Hoàn thành nhiệm vụ",
    Grade.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}
NOT_RATED_TEXT = "Không xếp loại"
SUBJECT_TEXT = {SubjectKind.MEMBER: "đảng viên", SubjectKind.ORGANIZATION: "tổ chức đảng"}
UNIT = {SubjectKind.MEMBER: "đồng chí", SubjectKind.ORGANIZATION: "tổ chức"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def committee_name(org: Organization) -> str:
    """The committee that signs for an organization: "Đảng bộ xã An Lạc" → "Đảng ủy xã An Lạc"."""
    return "Đảng ủy " + org.name[len("Đảng bộ ") :] if org.name.startswith("Đảng bộ ") else org.name


def signing_body(org: Organization) -> str:
    if org.kind in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL):
        return "T/M CHI BỘ"
    if org.kind in (OrgKind.PROVINCE, OrgKind.UPPER):
        return "T/M BAN THƯỜNG VỤ"
    return "T/M ĐẢNG ỦY"


def period_text(campaign: Campaign) -> str:
    """ "năm 2024", "quý III năm 2025", "nhiệm kỳ 2020-2025"."""
    if campaign.period_kind == PeriodKind.QUARTER and campaign.quarter:
        return f"quý {ROMAN.get(campaign.quarter, campaign.quarter)} năm {campaign.year}"
    if campaign.period_kind == PeriodKind.TERM and campaign.end_year:
        return f"nhiệm kỳ {campaign.year}-{campaign.end_year}"
    return f"năm {campaign.year}"


def format_score(value) -> str:
    """Decimal("85.50") → "85,5"; Decimal("92.00") → "92"; None → ""."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).normalize()
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _level(record: Evaluation) -> str:
    if record.grade:
        return GRADE_TEXT.get(record.grade, record.grade)
    return NOT_RATED_TEXT


def _org_name(record: Evaluation) -> str:
    """The organization's name as it stood on the period's end (`on_org_name`, when the caller
    annotated it: `report_views.decision`), else its current name."""
    return getattr(record, "on_org_name", None) or record.organization.name


def _subject(record: Evaluation) -> str:
    if record.subject_kind == SubjectKind.MEMBER and record.member is not None:
        return record.member.full_name
    return _org_name(record)


def decision_docx(
    *,
    campaign: Campaign,
    committee: Organization,
    subject_kind: str,
    records: Iterable[Evaluation],
    number: str = "",
    on: date | None = None,
    signer: str = "",
) -> bytes:
    return decision_paper(
        campaign=campaign,
        committee=committee,
        subject_kind=subject_kind,
        records=records,
        number=number,
        on=on,
        signer=signer,
    ).docx()


def decision_paper(
    *,
    campaign: Campaign,
    committee: Organization,
    subject_kind: str,
    records: Iterable[Evaluation],
    number: str = "",
    on: date | None = None,
    signer: str = "",
) -> Paper:
    """The decision of `committee` on the `subject_kind` records it decided for the campaign's period.

    `records` are the decided rows (`select_related("member", "organization")`), in the order the
    list prints them; those marked not rated are listed and counted as "không xếp loại"; a record
    still undecided has no place in a decision and is left out. `on` defaults to the latest decision
    date among the records (today when there is none).
    """
    rows = [r for r in records if r.grade or r.stage == Stage.NOT_RATED]
    if on is None:
        dates = [r.decided_on for r in rows if r.grade and r.decided_on]
        on = max(dates) if dates else timezone.localdate()
    scored = rules.is_scored(campaign.rule_set.values)
    subject = SUBJECT_TEXT.get(subject_kind, SUBJECT_TEXT[SubjectKind.MEMBER])
    unit = UNIT.get(subject_kind, UNIT[SubjectKind.MEMBER])
    period = period_text(campaign)
    issuer = committee_name(committee)
    parent = committee.parent
    counts = {grade: sum(1 for r in rows if r.grade == grade) for grade in GRADE_ORDER}
    rated = sum(counts.values())
    not_rated = len(rows) - rated

    out = Paper(title=f"Quyết định xếp loại chất lượng {subject} {period} - {issuer}")
    out.header(
        above=parent.name if parent else "",
        issuer=issuer,
        number=number,
        place_date=date_line(place_of(committee.name), on),
    )
    out.title_block("QUYẾT ĐỊNH", f"về việc xếp loại chất lượng {subject} {period}")
    out.para("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
    out.para(f"- Căn cứ {campaign.rule_set.regulation};")
    out.para(
        f"- Xét kết quả kiểm điểm, đánh giá, xếp loại chất lượng {subject} {period} và đề nghị của "
        f"các tổ chức đảng trực thuộc,"
    )
    out.centered(f"{issuer.upper()} QUYẾT ĐỊNH")
    out.para(
        f"Phê duyệt kết quả xếp loại chất lượng {subject} {period} đối với {format_count(len(rows))} {unit} "
        f"(có danh sách kèm theo), cụ thể như sau:",
        lead="Điều 1. ",
    )
    for grade in GRADE_ORDER:
        out.para(
            f"- {GRADE_TEXT[grade]}: {format_count(counts[grade])} {unit} ({format_percent(counts[grade], rated)});"
        )
    out.para(f"- {NOT_RATED_TEXT}: {format_count(not_rated)} {unit}.")
    if subject_kind == SubjectKind.ORGANIZATION:
        article2 = (
            "Các tổ chức đảng có tên trong danh sách kèm theo thông báo kết quả xếp loại đến cấp ủy, đảng viên "
            "của tổ chức mình; căn cứ kết quả để xây dựng kế hoạch khắc phục hạn chế, khuyết điểm."
        )
    else:
        article2 = (
            "Các tổ chức đảng trực thuộc thông báo kết quả xếp loại đến từng đảng viên; ghi kết quả vào hồ sơ "
            "đảng viên và làm căn cứ đánh giá, khen thưởng theo quy định."
        )
    out.para(article2, lead="Điều 2. ")
    out.para(
        "Quyết định có hiệu lực kể từ ngày ký. Văn phòng, Ban Tổ chức cấp ủy, các tổ chức đảng trực thuộc và "
        f"các {unit} có tên trong danh sách kèm theo chịu trách nhiệm thi hành quyết định này.",
        lead="Điều 3. ",
    )
    recipients = ["Như Điều 3"]
    if parent is not None:
        recipients.append(f"{committee_name(parent)} (để báo cáo)")
    recipients.append("Lưu văn phòng")
    out.closing(recipients=recipients, signing=signing_body(committee), signer=signer)

    out.page_break()
    out.centered("DANH SÁCH KÈM THEO", size=15)
    out.centered(f"Kết quả xếp loại chất lượng {subject} {period}", size=14)
    number_ref = number.strip() or "..."
    out.centered(
        f"(Kèm theo Quyết định số {number_ref}, ngày {format_date(on)} của {issuer})",
        bold=False,
        italic=True,
        size=13,
    )
    member_list = subject_kind != SubjectKind.ORGANIZATION
    headers = ["STT", "Họ và tên" if member_list else "Tên tổ chức"]
    if member_list:
        headers.append("Chi bộ")
    if scored:
        headers.append("Điểm")
    headers.append("Mức xếp loại")
    table_rows = []
    for index, record in enumerate(rows, start=1):
        row = [str(index), _subject(record)]
        if member_list:
            row.append(_org_name(record))
        if scored:
            row.append(format_score(record.score))
        row.append(_level(record))
        table_rows.append(row)
    out.table(headers, table_rows, left_aligned=(1, 2) if member_list else (1,), size=12)
    return out
