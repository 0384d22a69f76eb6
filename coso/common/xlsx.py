"""Writing any list to an .xlsx download (openpyxl, write-only mode so 100,000 rows stay cheap).

Every workbook the system writes puts its values through `cell_value` / `put` here, so that text
coming from the register (a name, an organization, a cell of an uploaded file echoed in an error
report) can never become a formula. Text beginning with `=`, `+`, `-`, `@`, a tab or a carriage
return is what spreadsheet programs read as a formula or DDE call (OWASP, "CSV injection"): such
text is written as a string cell with Excel's quote prefix (the apostrophe a person types before
`=`), so it shows and stays as the exact text, also after the cell is edited. Numbers stay
numbers and dates stay dates.
"""

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from coso.common.downloads import content_disposition

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def sheet_title(title: str) -> str:
    """Excel refuses []:*?/\\ in a sheet title and more than 31 characters."""
    return SHEET_UNSAFE.sub(" ", title).strip()[:31] or "Sheet1"


def is_formula_like(value) -> bool:
    """Text that a spreadsheet would run as a formula if it were typed in (see the module docstring)."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def plain_value(value):
    """A Python value as an xlsx cell holds it: aware datetimes made naive, None empty, others text."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return value
    if value is None:
        return ""
    return value if isinstance(value, (int, float)) else str(value)


def _neutralise(cell):
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def cell_value(ws, value, *, font: Font | None = None) -> WriteOnlyCell:
    """A cell for `ws.append` in a write-only sheet, never a formula."""
    cell = WriteOnlyCell(ws, value=plain_value(value))
    if font is not None:
        cell.font = font
    return _neutralise(cell)


def put(ws, *, row: int, column: int, value):
    """`ws.cell(row, column, value)` of an ordinary sheet (styled templates), never a formula."""
    cell = ws.cell(row=row, column=column)
    cell.value = None if value is None else plain_value(value)
    return _neutralise(cell)


def workbook_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title(title))
    bold = Font(bold=True)
    ws.append([cell_value(ws, str(h), font=bold) for h in headers])
    for row in rows:
        ws.append([cell_value(ws, v) for v in row])
    return workbook_to_bytes(wb)


def workbook_to_bytes(wb: Workbook) -> bytes:
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
