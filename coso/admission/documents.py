"""Word (.docx) forms the board prints: the cell's resolution (6-KNĐ), the admission decision
(9-KNĐ) and the decision recognizing an official member — filled from the records.

Layout of a Party document (HD 36-HD/VPTW on the format of Party documents): a two-column header
with the issuer on the left (the committee above it, the issuer in bold, a star, the number) and
"ĐẢNG CỘNG SẢN VIỆT NAM" on the right over the place-and-date line; the title; the body; "Nơi
nhận" on the left and the signature block ("T/M ĐẢNG ỦY / BÍ THƯ") on the right. The text is the
Vietnamese of the prescribed forms, not interface text: a translated form would not be valid, so
it is not passed through gettext.
"""

from datetime import date

from coso.admission import queries
from coso.admission.models import Candidate, DossierDocument, Form
from coso.common import party_docx
from coso.common.paper import Paper, number_line  # noqa: F401 - number_line used by tests
from coso.common.party_docx import date_line
from coso.common.text import format_date, format_percent
from coso.organizations.models import Organization, OrgKind
from coso.rulesets.queries import NoRuleSet


def committee_name(org: Organization) -> str:
    """The committee that signs for an organization: "Đảng bộ xã An Lạc" → "Đảng ủy xã An Lạc"."""
    if org.name.startswith("Đảng bộ "):
        return "Đảng ủy " + org.name[len("Đảng bộ ") :]
    return org.name


def signing_body(org: Organization) -> str:
    if org.kind in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL):
        return "T/M CHI BỘ"
    if org.kind in (OrgKind.PROVINCE, OrgKind.UPPER):
        return "T/M BAN THƯỜNG VỤ"
    return "T/M ĐẢNG ỦY"


def place_of(org: Organization) -> str:
    return party_docx.place_of(org.name)


def _d(day: date | None) -> str:
    """A date in the form's text, or the dots the paper leaves to fill in by hand."""
    return format_date(day) or "..."


def _identity(candidate: Candidate) -> str:
    parts = [
        f"sinh ngày {_d(candidate.date_of_birth)}",
        f"dân tộc {candidate.ethnicity}",
        f"tôn giáo {candidate.religion}",
    ]
    if candidate.current_address or candidate.permanent_address:
        parts.append(f"nơi ở hiện nay {candidate.current_address or candidate.permanent_address}")
    if candidate.occupation:
        parts.append(f"nghề nghiệp {candidate.occupation}")
    parts.append(f"trình độ giáo dục phổ thông {candidate.general_education}")
    return ", ".join(parts)


def _regulation(on: date) -> str:
    try:
        return queries.rule_book(on).regulation
    except NoRuleSet:
        return "Quy định thi hành Điều lệ Đảng"


def _above(org: Organization) -> str:
    parent = org.parent
    return parent.name if parent else ""


def cell_resolution(candidate: Candidate, doc: DossierDocument) -> bytes:
    return cell_resolution_paper(candidate, doc).docx()


def cell_resolution_paper(candidate: Candidate, doc: DossierDocument) -> Paper:
    """6-KNĐ: the cell's resolution proposing the admission, with its vote."""
    cell = candidate.organization
    committee = queries.deciding_committee(cell)
    introducers = ", ".join(i.member.full_name for i in candidate.introducers.select_related("member"))
    total, in_favour = doc.official_members or 0, doc.in_favour or 0
    share = format_percent(in_favour, total)
    out = Paper(title=f"Nghị quyết đề nghị kết nạp - {candidate.full_name}")
    out.header(
        above=_above(cell),
        issuer=cell.name,
        number=doc.number,
        place_date=date_line(place_of(committee), doc.issued_on),
    )
    out.title_block("NGHỊ QUYẾT", "đề nghị kết nạp đảng viên")
    out.para(
        f"Ngày {_d(doc.issued_on)}, {cell.name} đã họp xét đề nghị kết nạp quần chúng {candidate.full_name} "
        f"vào Đảng Cộng sản Việt Nam."
    )
    out.para(f"Quần chúng {candidate.full_name}, {_identity(candidate)}.")
    out.para(
        f"Chi bộ đã xem xét đơn xin vào Đảng, lý lịch của người xin vào Đảng và giấy giới thiệu của "
        f"đảng viên chính thức {introducers or '...'}."
    )
    out.para(
        f"Tổng số đảng viên chính thức của chi bộ: {total} đồng chí; số đảng viên chính thức tán thành việc "
        f"kết nạp: {in_favour} đồng chí ({share}); không tán thành: {max(total - in_favour, 0)} đồng chí."
    )
    out.para(
        f"Chi bộ đề nghị {committee_name(committee)} xem xét, kết nạp quần chúng {candidate.full_name} "
        f"vào Đảng Cộng sản Việt Nam."
    )
    out.closing(
        recipients=[committee_name(committee), "Lưu chi bộ"],
        signing=signing_body(cell),
    )
    return out


def admission_decision(candidate: Candidate, doc: DossierDocument) -> bytes:
    return admission_decision_paper(candidate, doc).docx()


def admission_decision_paper(candidate: Candidate, doc: DossierDocument) -> Paper:
    """9-KNĐ: the committee's decision admitting the candidate."""
    cell = candidate.organization
    committee = queries.deciding_committee(cell)
    resolution = candidate.documents.filter(form=Form.CELL_RESOLUTION).first()
    committee_resolution = candidate.documents.filter(form=Form.COMMITTEE_RESOLUTION).first()
    try:
        values = queries.rule_book(doc.issued_on).values
    except NoRuleSet:
        values = {"probation_months": 12, "ceremony_working_days": 30}
    out = Paper(title=f"Quyết định kết nạp - {candidate.full_name}")
    out.header(
        above=_above(committee),
        issuer=committee_name(committee),
        number=doc.number,
        place_date=date_line(place_of(committee), doc.issued_on),
    )
    out.title_block("QUYẾT ĐỊNH", "kết nạp đảng viên")
    out.para("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
    out.para(f"- Căn cứ {_regulation(doc.issued_on)};")
    basis = f"- Xét đề nghị của {cell.name}"
    if resolution:
        basis += f" (Nghị quyết số {resolution.number}, ngày {_d(resolution.issued_on)})"
    if committee_resolution:
        basis += f" và nghị quyết số {committee_resolution.number}, ngày {_d(committee_resolution.issued_on)}"
    out.para(basis + ",")
    out.centered(f"{committee_name(committee).upper()} QUYẾT ĐỊNH")
    out.para(
        f"Kết nạp quần chúng {candidate.full_name}, {_identity(candidate)}, vào Đảng Cộng sản Việt Nam.",
        lead="Điều 1. ",
    )
    out.para(
        f"Thời gian dự bị của đồng chí {candidate.full_name} là {values['probation_months']} tháng, kể từ ngày "
        f"chi bộ tổ chức lễ kết nạp. Chi bộ tổ chức lễ kết nạp trong thời hạn {values['ceremony_working_days']} "
        f"ngày làm việc kể từ ngày ký quyết định này.",
        lead="Điều 2. ",
    )
    out.para(f"{cell.name} và đồng chí {candidate.full_name} thi hành quyết định này.", lead="Điều 3. ")
    out.closing(
        recipients=["Như Điều 3", f"Ban Tổ chức {committee_name(committee)}", "Lưu văn phòng"],
        signing=signing_body(committee),
    )
    return out


def recognition_decision(candidate: Candidate, doc: DossierDocument) -> bytes:
    return recognition_decision_paper(candidate, doc).docx()


def recognition_decision_paper(candidate: Candidate, doc: DossierDocument) -> Paper:
    """The committee's decision recognizing the probationary member as official from the day
    probation ends."""
    cell = candidate.organization
    committee = queries.deciding_committee(cell)
    resolution = candidate.documents.filter(form=Form.RECOGNITION_CELL_RESOLUTION).first()
    out = Paper(title=f"Quyết định công nhận đảng viên chính thức - {candidate.full_name}")
    out.header(
        above=_above(committee),
        issuer=committee_name(committee),
        number=doc.number,
        place_date=date_line(place_of(committee), doc.issued_on),
    )
    out.title_block("QUYẾT ĐỊNH", "công nhận đảng viên chính thức")
    out.para("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
    out.para(f"- Căn cứ {_regulation(doc.issued_on)};")
    basis = f"- Xét đề nghị của {cell.name}"
    if resolution:
        basis += f" (Nghị quyết số {resolution.number}, ngày {_d(resolution.issued_on)})"
    out.para(basis + ",")
    out.centered(f"{committee_name(committee).upper()} QUYẾT ĐỊNH")
    out.para(
        f"Công nhận đồng chí {candidate.full_name}, sinh ngày {_d(candidate.date_of_birth)}, kết nạp vào Đảng "
        f"ngày {_d(candidate.decision_on)}, lễ kết nạp ngày {_d(candidate.ceremony_on)}, là đảng viên chính thức "
        f"kể từ ngày {_d(candidate.probation_ends_on)}.",
        lead="Điều 1. ",
    )
    out.para(f"{cell.name} và đồng chí {candidate.full_name} thi hành quyết định này.", lead="Điều 2. ")
    out.closing(recipients=["Như Điều 2", "Lưu văn phòng"], signing=signing_body(committee))
    return out
