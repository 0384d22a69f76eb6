"""The layout of a Party document in Word (.docx), shared by every form the system prints.

HD 36-HD/VPTW on the format of Party documents: a two-column header with the committee above and
the issuer in bold over a star and the number on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" over the
place-and-date line on the right; the title; the body; "Nơi nhận" and the signature block. The text
of printed forms is the Vietnamese of the prescribed forms, not interface text, so it does not go
through gettext: an English rendering would not be a valid document.

The forms themselves are described once as a `coso.common.paper.Paper`; `render` lays one out here,
`coso.common.party_pdf` lays the same one out as PDF.
"""

import io
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from coso.common import paper as model
from coso.common.paper import number_line

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
ORG_PREFIXES = ("Đảng bộ", "Đảng ủy", "Chi bộ")
PLACE_PREFIXES = (
    "tổ dân phố",
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "thôn",
    "bản",
    "xã",
    "ấp",
)


def place_of(name: str) -> str:
    """The place on the date line, read off a committee's name ("Đảng bộ xã An Lạc" → "An Lạc")."""
    for prefix in ORG_PREFIXES:
        if name.startswith(prefix + " "):
            name = name[len(prefix) + 1 :]
            break
    lowered = name.lower()
    for prefix in PLACE_PREFIXES:
        if lowered.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def locality(name: str) -> str:
    """The commune-level place with its kind, as the minutes' date line writes it:
    "Đảng bộ phường Hòa Bình" → "Phường Hòa Bình"."""
    for prefix in ORG_PREFIXES:
        if name.startswith(prefix + " "):
            name = name[len(prefix) + 1 :]
            break
    return name[:1].upper() + name[1:]


def date_line(place: str, on: date) -> str:
    """ "An Lạc, ngày 21 tháng 7 năm 2025" (days below 10 and months 1–2 with a leading zero)."""
    day = f"{on.day:02d}" if on.day < 10 else str(on.day)
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return f"{place}, ngày {day} tháng {month} năm {on.year}"


class PartyDocument:
    """A python-docx document (A4, Times New Roman 14) with the Party layout's building blocks."""

    def __init__(self, *, landscape: bool = False):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(14)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_after = Pt(3)

    @staticmethod
    def cell_line(cell, text: str, *, bold=False, italic=False, underline=False, size=13, first=False, align=None):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if align is None else align
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        return paragraph

    def header(self, *, above: str, issuer: str, number: str | None, place_date: str) -> None:
        """The two-column header; `number` None leaves the number line out (minutes have none)."""
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = table.rows[0].cells
        left.width, right.width = Mm(75), Mm(90)
        self.cell_line(left, above.upper(), first=True)
        self.cell_line(left, issuer.upper(), bold=True)
        self.cell_line(left, "*")
        if number is not None:
            self.cell_line(left, number_line(number))
        self.cell_line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=14, first=True)
        self.cell_line(right, "")
        self.cell_line(right, place_date, italic=True)
        self.doc.add_paragraph()

    def title(self, title: str, subtitle: str = "") -> None:
        for text, size in ((title, 15), (subtitle, 14)):
            if text:
                self.centered(text, size=size)
        self.centered("-----", bold=False)

    def centered(self, text: str, *, bold=True, size=14, italic=False) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)

    def para(self, text: str = "", *, lead: str = "", indent: bool = True) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            paragraph.paragraph_format.first_line_indent = Mm(10)
        if lead:
            paragraph.add_run(lead).bold = True
        paragraph.add_run(text)

    def text_block(self, text: str) -> None:
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        for line in lines or ["..."]:
            self.para(line)

    def closing(self, *, recipients: list[str], signing: str, signer_title: str = "BÍ THƯ", signer: str = "") -> None:
        """ "Nơi nhận" on the left, the signing body and title on the right."""
        self.doc.add_paragraph()
        table = self.doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        run = left.paragraphs[0].add_run("Nơi nhận:")
        run.bold, run.italic = True, True
        run.font.size = Pt(12)
        for line in recipients:
            paragraph = left.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run(f"- {line}").font.size = Pt(12)
        self.cell_line(right, signing, bold=True, size=14, first=True)
        self.cell_line(right, signer_title, bold=True, size=14)
        for _ in range(4):
            self.cell_line(right, "")
        if signer:
            self.cell_line(right, signer, bold=True, size=14)

    def signatures(self, left: tuple[str, str, str], right: tuple[str, str, str]) -> None:
        """Two signatures side by side, each (title, role, name) — e.g. minute-taker and chair."""
        self.doc.add_paragraph()
        table = self.doc.add_table(rows=1, cols=2)
        for cell, (title, role, name) in zip(table.rows[0].cells, (left, right), strict=True):
            self.cell_line(cell, title, bold=True, size=14, first=True)
            if role:
                self.cell_line(cell, role, bold=True, size=14)
            self.cell_line(cell, "(Ký, ghi rõ họ tên)", italic=True)
            for _i in range(3):
                self.cell_line(cell, "")
            self.cell_line(cell, name or "", bold=True, size=14)

    def table(self, block: model.Table) -> None:
        """A bordered table; a `Group` row is merged across the columns, left aligned."""
        table = self.doc.add_table(rows=1, cols=len(block.headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
            self.cell_line(cell, text, bold=True, size=block.size, first=True)
        for row in block.rows:
            cells = table.add_row().cells
            if isinstance(row, model.Group):
                merged = cells[0].merge(cells[-1])
                self.cell_line(merged, row.text, bold=True, size=block.size, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
                continue
            for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                align = WD_ALIGN_PARAGRAPH.LEFT if index in block.left_aligned else None
                self.cell_line(cell, text, size=block.size, first=True, align=align)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def render(paper: model.Paper) -> bytes:
    """The .docx of a `Paper`, block by block."""
    out = PartyDocument(landscape=paper.landscape)
    for block in paper.blocks:
        match block:
            case model.Header():
                out.header(above=block.above, issuer=block.issuer, number=block.number, place_date=block.place_date)
            case model.Centered():
                out.centered(block.text, bold=block.bold, size=block.size, italic=block.italic)
            case model.Para():
                out.para(block.text, lead=block.lead, indent=block.indent)
            case model.Table():
                out.table(block)
            case model.Closing():
                out.closing(
                    recipients=block.recipients,
                    signing=block.signing,
                    signer_title=block.signer_title,
                    signer=block.signer,
                )
            case model.Signatures():
                out.signatures(block.left, block.right)
            case model.PageBreak():
                out.page_break()
    if paper.title:
        out.doc.core_properties.title = paper.title
    return out.bytes()
