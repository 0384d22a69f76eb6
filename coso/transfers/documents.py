"""The referral of party activity (giấy giới thiệu sinh hoạt đảng) as the paper the member carries
to the receiving organization, filled from the register — in the Party's layout (`coso.common.paper`),
as .docx and PDF.

The wording follows the referral forms of the Central Organization Commission's guidance on party
records (official transfer: "Giấy giới thiệu sinh hoạt đảng chính thức"; temporary: "... tạm thời"
with the period). Like every printed form its text is the Vietnamese of the document, not interface
text, so it does not go through gettext.
"""

from coso.common.paper import Paper
from coso.common.party_docx import date_line, place_of
from coso.common.text import format_date
from coso.members.choices import SpellStatus
from coso.organizations.models import Organization
from coso.organizations.queries import ancestors
from coso.transfers.models import TransferKind, TransferPaper

KIND_TITLE = {
    TransferKind.OFFICIAL: "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG CHÍNH THỨC",
    TransferKind.TEMPORARY: "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG TẠM THỜI",
}


def committee_name(name: str) -> str:
    """The committee that signs for an organization: "Đảng bộ xã An Lạc" → "Đảng ủy xã An Lạc"."""
    return "Đảng ủy " + name[len("Đảng bộ ") :] if name.startswith("Đảng bộ ") else name


def _issuing_org(paper: TransferPaper) -> Organization | None:
    """The organization whose committee issued the paper: the sending organization or the ancestor
    whose name (or its committee's) the issuer field holds."""
    sender = paper.from_organization
    if sender is None:
        return None
    issuer = paper.issuer.strip().lower()
    for org in [sender, *reversed(list(ancestors(sender)))]:
        if issuer in (org.name.lower(), committee_name(org.name).lower()):
            return org
    return None


def _status(paper: TransferPaper) -> str:
    member = paper.member
    if paper.entry_status:
        official = paper.entry_status == SpellStatus.OFFICIAL
    elif member is not None:
        official = bool(member.official_on and member.official_on <= paper.issued_on)
    else:
        return "..."
    return "đảng viên chính thức" if official else "đảng viên dự bị"


def transfer_paper(paper: TransferPaper) -> Paper:
    member = paper.member
    name = paper.person_label
    born = member.date_of_birth if member else paper.person_date_of_birth
    card = (member.party_card_number if member else paper.person_party_card) or ""
    issuing = _issuing_org(paper)
    issuer = committee_name(paper.issuer or (issuing.name if issuing else paper.from_label))
    above = issuing.parent.name if issuing is not None and issuing.parent_id else ""
    out = Paper(title=f"Giấy giới thiệu sinh hoạt đảng - {name}")
    out.header(
        above=above,
        issuer=issuer,
        number=paper.number,
        place_date=date_line(place_of(issuing.name if issuing else issuer), paper.issued_on),
    )
    out.title_block(KIND_TITLE.get(paper.kind, KIND_TITLE[TransferKind.OFFICIAL]))
    out.centered(f"Kính gửi: {paper.to_label or '...'}", bold=False)
    out.para(f"{issuer} trân trọng giới thiệu đồng chí: {name or '...'}")
    out.para(f"Sinh ngày: {format_date(born) or '...'}; là {_status(paper)}; số thẻ đảng viên: {card or '...'}.")
    out.para(f"Hiện đang sinh hoạt đảng tại: {paper.from_label or '...'}.")
    out.para(f"Được chuyển đến sinh hoạt đảng tại: {paper.to_label or '...'}.")
    if paper.kind == TransferKind.TEMPORARY:
        out.para(
            f"Thời gian sinh hoạt đảng tạm thời: từ ngày {format_date(paper.period_from) or '...'} "
            f"đến ngày {format_date(paper.period_until) or '...'}."
        )
    out.para(
        f"Đề nghị {paper.to_label or '...'} tiếp nhận, quản lý và phân công công tác cho đồng chí {name} "
        f"theo quy định. Đồng chí {name} phải xuất trình giấy này tại nơi đến trước ngày "
        f"{format_date(paper.present_by)}."
    )
    signing = "T/M CHI BỘ" if issuer.startswith("Chi bộ") else "T/M ĐẢNG ỦY"
    out.closing(recipients=["Như trên", "Lưu"], signing=signing)
    return out
