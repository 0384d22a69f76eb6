"""The badge list as a Word document in the Party's layout (`coso.common.party_docx`): issuer and
"ĐẢNG CỘNG SẢN VIỆT NAM" header side by side, place and date line, title, table, signature block.
Like every printed form, its text is the Vietnamese of the document, not interface text."""

from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH

from coso.badges.queries import BadgeList
from coso.common.party_docx import PartyDocument, date_line, place_of
from coso.common.text import format_date

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Tuổi đảng", "Huy hiệu", "Tổ chức đảng", "Ghi chú"]
LEFT_ALIGNED = (1, 6, 7)


def badge_list_docx(badges: BadgeList, *, issued_on: date, place: str = "") -> bytes:
    org = badges.organization
    out = PartyDocument(landscape=True)
    out.header(
        above=org.parent.name if org.parent else "",
        issuer=org.name,
        number=None,
        place_date=date_line(place or place_of(org.name), issued_on),
    )
    out.title("DANH SÁCH ĐẢNG VIÊN ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG", f"Đợt {format_date(badges.occasion)}")
    out.centered(f"Căn cứ {badges.rule_set.regulation}", bold=False, italic=True, size=12)

    table = out.doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        out.cell_line(cell, text, bold=True, size=11, first=True)
    number = 0
    for group in badges.groups:
        row = table.add_row().cells
        merged = row[0].merge(row[-1])
        out.cell_line(
            merged,
            f"Huy hiệu {group.milestone} năm tuổi Đảng",
            bold=True,
            size=11,
            first=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
        for item in group.rows:
            number += 1
            member = item.member
            values = [
                str(number),
                member.full_name,
                format_date(member.date_of_birth),
                format_date(item.age.admitted_on),
                f"{item.age.years} năm {item.age.months} tháng",
                str(item.due.milestone),
                member.organization.name if member.organization else "",
                "Truy tặng" if item.due.posthumous else "Tặng sớm (ốm nặng)" if item.due.early else "",
            ]
            for index, (cell, text) in enumerate(zip(table.add_row().cells, values, strict=True)):
                align = WD_ALIGN_PARAGRAPH.LEFT if index in LEFT_ALIGNED else None
                out.cell_line(cell, text, size=11, first=True, align=align)

    out.para(f"Tổng số: {badges.total} đồng chí.", indent=False)
    out.closing(recipients=["Ban Tổ chức cấp trên", "Lưu văn phòng"], signing="T/M BAN THƯỜNG VỤ", signer_title="")
    return out.bytes()
