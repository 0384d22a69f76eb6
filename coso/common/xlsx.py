"""Writing any list to an .xlsx download (openpyxl, write-only mode so 100,000 rows stay cheap).

Every workbook the system writes puts its values through `cell_value` / `put` here, so that text
coming from the register (a name, an organization, a cell of an uploaded file echoed in an error
report) can never become a formula. Text beginning with `=`, `+`, `-`, `@`, a tab or a carriage
return is what spreadsheet programs read as a formula or DDE call (OWASP, "CSV injection"): such
text is written as a string cell with Excel's quote prefix (the apostrophe a person types before
`=`), so it shows and stays as the exact text, also after the cell is edited. Numbers stay
numbers and dates stay dates.

Every export is laid out by `workbook_bytes` (issue 8: exports people print and file): a title row
naming the list or figure, the subtree and the date ("Đảng viên — Đảng bộ phường X — ngày
21/07/2024", built by `export_title`), the bold header row frozen under it, dates as real dates shown
dd/mm/yyyy, numbers as numbers, and columns as wide as their content (capped).
"""

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from itertools import islice

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from coso.common.downloads import content_disposition
from coso.common.text import format_date

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
# Column widths are measured on the first rows only: the export is streamed (write-only mode) and a
# width must be set before the first row is written; a few thousand rows show what a column holds.
WIDTH_SAMPLE = 2000
MIN_WIDTH, MAX_WIDTH = 6, 60


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
    return value if isinstance(value, (int, float, Decimal)) else str(value)


def _date_format(cell) -> None:
    if isinstance(cell.value, datetime):
        cell.number_format = DATETIME_FORMAT if cell.value.time() != datetime.min.time() else DATE_FORMAT
    elif isinstance(cell.value, date):
        cell.number_format = DATE_FORMAT


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
    _date_format(cell)
    return _neutralise(cell)


def put(ws, *, row: int, column: int, value):
    """`ws.cell(row, column, value)` of an ordinary sheet (styled templates), never a formula."""
    cell = ws.cell(row=row, column=column)
    cell.value = None if value is None else plain_value(value)
    _date_format(cell)
    return _neutralise(cell)


def export_title(what: str, *, org=None, on: date | None = None, until: date | None = None) -> str:
    """The title row of an export: "Đảng viên — Đảng bộ phường X — ngày 21/07/2024", or a period
    "từ 01/01/2024 đến 31/12/2024" for a figure counted over one. `org` is the subtree (a name or
    an organization)."""
    parts = [str(what)]
    if org:
        parts.append(str(getattr(org, "name", org)))
    if on and until:
        parts.append(f"từ {format_date(on)} đến {format_date(until)}")
    elif on:
        parts.append(f"ngày {format_date(on)}")
    return " — ".join(parts)


def _shown_width(value) -> int:
    """How many characters a cell shows: a date as dd/mm/yyyy, a number as written."""
    if isinstance(value, datetime):
        return 16 if value.time() != datetime.min.time() else 10
    if isinstance(value, date):
        return 10
    if value is None:
        return 0
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence]) -> list[float]:
    """The width of each column fitted to its header and values, between MIN_WIDTH and MAX_WIDTH."""
    widths = [_shown_width(h) for h in headers]
    for row in rows:
        for index, value in enumerate(row):
            if index < len(widths):
                widths[index] = max(widths[index], _shown_width(value))
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


def workbook_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence], caption: str = "") -> bytes:
    """Every export's workbook: the `caption` title row (when given), the frozen header row, then the
    rows; widths fitted on the first WIDTH_SAMPLE rows, the rest streamed."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title(title))
    rows = iter(rows)
    sample = [list(row) for row in islice(rows, WIDTH_SAMPLE)]
    for index, width in enumerate(column_widths([str(h) for h in headers], sample), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    ws.freeze_panes = "A3" if caption else "A2"  # before the first row: write-only mode writes the view then
    if caption:
        ws.append([cell_value(ws, caption, font=Font(bold=True, size=13))])
    ws.append([cell_value(ws, str(h), font=bold) for h in headers])
    for row in sample:
        ws.append([cell_value(ws, v) for v in row])
    for row in rows:
        ws.append([cell_value(ws, v) for v in row])
    return workbook_to_bytes(wb)


def workbook_to_bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    *, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence], caption: str = ""
) -> HttpResponse:
    """An export as an attachment; `caption` is its title row (`export_title`)."""
    return xlsx_download(workbook_bytes(title=title, headers=headers, rows=rows, caption=caption), filename=filename)


def xlsx_download(content: bytes, *, filename: str) -> HttpResponse:
    """An already built workbook (styled templates, error reports) as an .xlsx attachment."""
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response
