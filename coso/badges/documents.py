"""The badge list as a Word document in the Party's layout (`coso.common.party_docx`): issuer and
"ĐẢNG CỘNG SẢN VIỆT NAM" header side by side, place and date line, title, table, signature block.
Like every printed form, its text is the Vietnamese of the document, not interface text."""

from datetime import date

from coso.badges.queries import BadgeList
from coso.common.paper import Group, Paper
from coso.common.party_docx import date_line, place_of
from coso.common.text import format_date

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Tuổi đảng", "Huy hiệu", "Tổ chức đảng", "Ghi chú"]
LEFT_ALIGNED = (1, 6, 7)


def badge_list_docx(badges: BadgeList, *, issued_on: date, place: str = "") -> bytes:
    return badge_list_paper(badges, issued_on=issued_on, place=place).docx()


def badge_list_paper(badges: BadgeList, *, issued_on: date, place: str = "") -> Paper:
    org = badges.organization
    out = Paper(title=f"Danh sách đề nghị tặng Huy hiệu Đảng - {org.name} - {badges.occasion:%d-%m-%Y}", landscape=True)
    out.header(
        above=org.parent.name if org.parent else "",
        issuer=org.name,
        number=None,
        place_date=date_line(place or place_of(org.name), issued_on),
    )
    out.title_block("DANH SÁCH ĐẢNG VIÊN ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG", f"Đợt {format_date(badges.occasion)}")
    out.centered(f"Căn cứ {badges.rule_set.regulation}", bold=False, italic=True, size=12)
    rows: list = []
    number = 0
    for group in badges.groups:
        rows.append(Group(f"Huy hiệu {group.milestone} năm tuổi Đảng"))
        for item in group.rows:
            number += 1
            member = item.member
            rows.append(
                [
                    str(number),
                    member.full_name,
                    format_date(member.date_of_birth),
                    format_date(item.age.admitted_on),
                    f"{item.age.years} năm {item.age.months} tháng",
                    str(item.due.milestone),
                    member.organization.name if member.organization else "",
                    "Truy tặng" if item.due.posthumous else "Tặng sớm (ốm nặng)" if item.due.early else "",
                ]
            )
    out.table(HEADERS, rows, left_aligned=LEFT_ALIGNED)
    out.para(f"Tổng số: {badges.total} đồng chí.", indent=False)
    out.closing(recipients=["Ban Tổ chức cấp trên", "Lưu văn phòng"], signing="T/M BAN THƯỜNG VỤ", signer_title="")
    return out
