"""A paper the board hands out, described once and rendered twice: to Word by `party_docx.render`
and to PDF by `party_pdf.render` (issue 8: "PDF from the same layout as the .docx").

Each form (a decision, the minutes, the transfer paper, the badge list) builds a `Paper` — the list
of the blocks of HD 36-HD/VPTW's layout in order — and never touches python-docx or HTML itself, so
the two files cannot drift apart: what a test reads in one it reads in the other.
"""

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Header:
    """The two-column header; `number` None leaves the number line out (minutes have none)."""

    above: str
    issuer: str
    number: str | None
    place_date: str


@dataclass(frozen=True)
class Centered:
    text: str
    bold: bool = True
    size: int = 14
    italic: bool = False


@dataclass(frozen=True)
class Para:
    text: str = ""
    lead: str = ""
    indent: bool = True


@dataclass(frozen=True)
class Group:
    """A row of a table spanning every column: the heading of a group of rows."""

    text: str


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list["list[str] | Group"]
    left_aligned: tuple[int, ...] = ()
    size: int = 11


@dataclass(frozen=True)
class Closing:
    """ "Nơi nhận" on the left, the signing body and title on the right."""

    recipients: list[str]
    signing: str
    signer_title: str = "BÍ THƯ"
    signer: str = ""  # the signer's name under the space for the signature; empty leaves it to write


@dataclass(frozen=True)
class Signatures:
    """Two signatures side by side, each (title, role, name) — e.g. minute-taker and chair."""

    left: tuple[str, str, str]
    right: tuple[str, str, str]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Header | Centered | Para | Table | Closing | Signatures | PageBreak


@dataclass
class Paper:
    """The blocks of one paper, in order; `title` names the file and the PDF's metadata."""

    title: str = ""
    landscape: bool = False
    blocks: list[Block] = field(default_factory=list)

    def header(self, *, above: str, issuer: str, number: str | None, place_date: str) -> None:
        self.blocks.append(Header(above, issuer, number, place_date))

    def title_block(self, title: str, subtitle: str = "") -> None:
        for text, size in ((title, 15), (subtitle, 14)):
            if text:
                self.centered(text, size=size)
        self.centered("-----", bold=False)

    def centered(self, text: str, *, bold=True, size=14, italic=False) -> None:
        self.blocks.append(Centered(text, bold, size, italic))

    def para(self, text: str = "", *, lead: str = "", indent: bool = True) -> None:
        self.blocks.append(Para(text, lead, indent))

    def text_block(self, text: str) -> None:
        """Free text typed by the board, one paragraph a line; dots when empty, to fill in by hand."""
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        for line in lines or ["..."]:
            self.para(line)

    def table(self, headers: list[str], rows: list, *, left_aligned: tuple[int, ...] = (), size: int = 11) -> None:
        self.blocks.append(Table(list(headers), list(rows), left_aligned, size))

    def closing(self, *, recipients: list[str], signing: str, signer_title: str = "BÍ THƯ", signer: str = "") -> None:
        self.blocks.append(Closing(list(recipients), signing, signer_title, signer))

    def signatures(self, left: tuple[str, str, str], right: tuple[str, str, str]) -> None:
        self.blocks.append(Signatures(left, right))

    def page_break(self) -> None:
        self.blocks.append(PageBreak())

    def docx(self) -> bytes:
        from coso.common import party_docx

        return party_docx.render(self)

    def pdf(self) -> bytes:
        from coso.common import party_pdf

        return party_pdf.render(self)

    def lines(self) -> list[str]:
        """Every line of text the paper prints, in order (what a reader of either file sees)."""
        out: list[str] = []
        for block in self.blocks:
            match block:
                case Header():
                    out += [block.above.upper(), block.issuer.upper(), "*"]
                    if block.number is not None:
                        out.append(number_line(block.number))
                    out += ["ĐẢNG CỘNG SẢN VIỆT NAM", block.place_date]
                case Centered():
                    out.append(block.text)
                case Para():
                    out.append(block.lead + block.text)
                case Table():
                    out += block.headers
                    for row in block.rows:
                        out += [row.text] if isinstance(row, Group) else row
                case Closing():
                    out += [
                        "Nơi nhận:",
                        *(f"- {r}" for r in block.recipients),
                        block.signing,
                        block.signer_title,
                        block.signer,
                    ]
                case Signatures():
                    for title, role, name in (block.left, block.right):
                        out += [title, role, "(Ký, ghi rõ họ tên)", name]
        return [line for line in out if line.strip()]


def number_line(number: str) -> str:
    """ "Số 12-QĐ/ĐU", whether or not the register's number already starts with "Số"."""
    number = number.strip()
    return number if re.match(r"(?i)^số\b", number) else f"Số {number or '...'}"
