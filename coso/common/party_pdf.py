"""The PDF of a `Paper` (coso.common.paper): HTML from the same blocks as the .docx, set by WeasyPrint.

WeasyPrint rather than LibreOffice converting the .docx: it is a maintained Python package from the
registry (pinned in requirements.txt; it needs only Pango and a font from the system, which `make
install` installs), runs in-process in a fraction of a second instead of starting an office suite per
request, and the layout is ours to keep (paper.css) instead of depending on a converter's reading of
Word's tables. The fonts are local (Times New Roman if present, else the metric-compatible Liberation
Serif or DejaVu Serif, which carry every Vietnamese letter): nothing is fetched from the network.
"""

from pathlib import Path

from django.http import HttpResponse
from django.template.loader import render_to_string

from coso.common import paper as model
from coso.common.downloads import content_disposition

PDF_TYPE = "application/pdf"
CSS_PATH = Path(__file__).resolve().parent / "static" / "coso" / "paper.css"


def _view(block: model.Block) -> dict:
    match block:
        case model.Header():
            number = model.number_line(block.number) if block.number is not None else ""
            return {"kind": "header", "block": block, "number": number}
        case model.Centered():
            return {"kind": "centered", "block": block}
        case model.Para():
            return {"kind": "para", "block": block}
        case model.Table():
            rows = [
                {"group": row.text}
                if isinstance(row, model.Group)
                else {"cells": [{"text": t, "left": i in block.left_aligned} for i, t in enumerate(row)]}
                for row in block.rows
            ]
            return {"kind": "table", "block": block, "rows": rows}
        case model.Closing():
            return {"kind": "closing", "block": block}
        case model.Signatures():
            return {"kind": "signatures", "block": block, "pair": [block.left, block.right]}
        case model.PageBreak():
            return {"kind": "break"}
    raise TypeError(block)


def html(paper: model.Paper) -> str:
    return render_to_string("common/paper.html", {"paper": paper, "blocks": [_view(b) for b in paper.blocks]})


def render(paper: model.Paper) -> bytes:
    from weasyprint import CSS, HTML  # imported on first use: it loads Pango, which a page view never needs
    from weasyprint.urls import URLFetcher

    local = URLFetcher(allowed_protocols=["file"])  # a paper never reaches the network
    stylesheet = CSS(filename=CSS_PATH, url_fetcher=local)
    return HTML(string=html(paper), base_url=str(CSS_PATH.parent), url_fetcher=local).write_pdf(
        stylesheets=[stylesheet]
    )


def pdf_download(content: bytes, *, filename: str) -> HttpResponse:
    """A paper's PDF as an attachment under its Vietnamese name (`downloads.content_disposition`)."""
    response = HttpResponse(content, content_type=PDF_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def paper_filename(paper: model.Paper, ext: str) -> str:
    """ "Quyết định kết nạp - Nguyễn Văn An.pdf": the paper's own title names the file."""
    return f"{paper.title or 'Tài liệu'}.{ext}"
