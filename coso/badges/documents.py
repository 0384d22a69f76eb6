"""The badge list as a Word document in the Party's layout (HD 36-HD/VPTW on party documents):
issuer and "ĐẢNG CỘNG SẢN VIỆT NAM" header side by side, place and date line, title, table,
signature block."""

from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from coso.badges.queries import BadgeList
from coso.common.text import format_date

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _para(cell_or_doc, text: str, *, bold=False, italic=False, size=13, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = "Times New Roman"
    return paragraph


def badge_list_docx(badges: BadgeList, *, issued_on: date, place: str = "") -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))

    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].text = ""
    _para(left, badges.organization.name.upper(), bold=True)
    _para(left, "*")
    right.paragraphs[0].text = ""
    _para(right, _("COMMUNIST PARTY OF VIETNAM"), bold=True)
    date_line = _("%(place)s, %(day)02d %(month)02d %(year)d") % {
        "place": place or "…",
        "day": issued_on.day,
        "month": issued_on.month,
        "year": issued_on.year,
    }
    _para(right, date_line, italic=True)

    _para(doc, _("LIST OF PARTY MEMBERS DUE THE PARTY BADGE"), bold=True, size=14)
    _para(doc, _("Occasion %(date)s") % {"date": format_date(badges.occasion)}, italic=True)
    _para(doc, _("Applying %(regulation)s") % {"regulation": badges.rule_set.regulation}, italic=True, size=11)

    headers = [
        _("No."),
        _("Full name"),
        _("Date of birth"),
        _("Admitted on"),
        _("Party age"),
        _("Badge"),
        _("Organization"),
        _("Note"),
    ]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _para(cell, text, bold=True, size=11).paragraph_format.space_after = Pt(0)
    number = 0
    for group in badges.groups:
        row = table.add_row().cells
        merged = row[0].merge(row[-1])
        merged.text = ""
        _para(
            merged,
            _("%(years)d-year badge") % {"years": group.milestone},
            bold=True,
            size=11,
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
                _("%(y)d years %(m)d months") % {"y": item.age.years, "m": item.age.months},
                str(item.due.milestone),
                member.organization.name if member.organization else "",
                _("Early award (grave illness)") if item.due.early else "",
            ]
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
                cell.text = ""
                align = WD_ALIGN_PARAGRAPH.LEFT if index in (1, 6, 7) else WD_ALIGN_PARAGRAPH.CENTER
                _para(cell, text, size=11, align=align).paragraph_format.space_after = Pt(0)

    _para(doc, _("Total: %(n)d members.") % {"n": badges.total}, align=WD_ALIGN_PARAGRAPH.LEFT, size=12)
    signature = doc.add_table(rows=1, cols=2)
    sign = signature.rows[0].cells[1]
    sign.paragraphs[0].text = ""
    _para(sign, _("ON BEHALF OF THE STANDING COMMITTEE"), bold=True)
    _para(sign, _("(Signature, full name)"), italic=True, size=11)

    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
