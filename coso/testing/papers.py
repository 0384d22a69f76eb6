"""Reading a printed paper back as text, the way a person reads it: the .docx with python-docx, the
PDF with pypdf. Whitespace is collapsed, since a PDF breaks lines where the page ends them."""

import io
import re

from docx import Document
from pypdf import PdfReader


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-"), data[:20]
    return _flat(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return _flat(" ".join(parts))


def assert_same_lines(paper, docx: bytes, pdf: bytes) -> None:
    """Every line the paper model prints is in both files (the two renderings of one layout). Spaces
    are left out of the comparison: the PDF's text extraction adds one where a line wraps after a
    slash ("HD 01-HD/ TW"), which a reader does not see."""
    in_docx, in_pdf = _bare(docx_text(docx)), _bare(pdf_text(pdf))
    for line in paper.lines():
        assert _bare(line) in in_docx, f"{line!r} missing from the .docx"
        assert _bare(line) in in_pdf, f"{line!r} missing from the PDF"


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)
