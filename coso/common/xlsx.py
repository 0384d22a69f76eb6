"""Writing any list to an .xlsx download (openpyxl, write-only mode so 100,000 rows stay cheap)."""

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from coso.common.downloads import content_disposition

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: str) -> str:
    """Excel refuses []:*?/\\ in a sheet title and more than 31 characters."""
    return SHEET_UNSAFE.sub(" ", title).strip()[:31] or "Sheet1"


def workbook_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title(title))
    ws.append([_bold(wb, ws, h) for h in headers])
    for row in rows:
        ws.append([_cell(v) for v in row])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    return xlsx_download(workbook_bytes(title=title, headers=headers, rows=rows), filename=filename)


def xlsx_download(content: bytes, *, filename: str) -> HttpResponse:
    """An already built workbook (styled templates, error reports) as an .xlsx attachment."""
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def _bold(wb, ws, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=str(value))
    cell.font = Font(bold=True)
    return cell


def _cell(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return value
    if value is None:
        return ""
    return value if isinstance(value, (int, float)) else str(value)
