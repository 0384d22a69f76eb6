"""Reading an uploaded workbook into rows of raw cells, and turning cells into typed values.

Files come from Excel, LibreOffice and exports of other systems: dates arrive as date cells,
as dd/mm/yyyy text or as serial numbers; citizen IDs typed into a number cell lose their leading
zeros. The readers here accept all of those and say, in the user's language, what they could not
read — they never guess silently.

Workbooks are read in openpyxl's read-only mode, which trusts the `<dimension>` a sheet declares
(`A1:AL3`) and stops there: a file whose dimension is wrong (other programs write it carelessly,
an attacker on purpose) would silently lose every row past it — or pad a million empty ones.
`open_workbook` therefore resets every sheet's dimensions, so the rows read are the rows the
sheet holds (openpyxl documentation, Optimised Modes › Worksheet dimensions: some applications
set the dimensions incorrectly; `ws.reset_dimensions()` makes the sheet be read to its end).
"""

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.workbook.workbook import Workbook

from coso.common.dates import parse_date
from coso.common.text import fold, format_date, format_int
from coso.imports.columns import (
    SHEET_HISTORY,
    SHEET_MEMBERS,
    SHEET_VALUES,
    Column,
    example_forms,
    header_keys,
    header_text,
)
from coso.imports.models import ImportKind


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in the user's language."""


@dataclass
class RawRow:
    number: int  # the row number Excel shows
    cells: dict[str, object]  # column key → raw cell value


@dataclass
class SheetData:
    title: str
    columns: list[Column]
    rows: list[RawRow] = field(default_factory=list)
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)  # (row, column, value, reason)


class TooManyRows(ValueError):
    """More data rows than one import takes (`COSO_IMPORT_MAX_ROWS`)."""


class TooLargeUnpacked(ValueError):
    """An .xlsx is a zip: one that unpacks to far more than its size is refused before it is read."""

    def __init__(self, limit_mb: int):
        super().__init__(limit_mb)
        self.limit_mb = limit_mb


UNPACKED_PER_UPLOADED = 15  # an honest sheet compresses about 5 to 10 times


def open_workbook(source: IO[bytes] | str) -> Workbook:
    """The workbook in read-only mode, each sheet's declared dimension ignored (see the module docstring).

    openpyxl holds a workbook's shared strings in memory, so a small zip that unpacks to
    gigabytes (a "zip bomb") is refused first: at most UNPACKED_PER_UPLOADED times the largest
    upload (`COSO_IMPORT_MAX_UPLOAD_MB`), counted from the archive's own directory.
    """
    limit_mb = settings.COSO_IMPORT_MAX_UPLOAD_MB * UNPACKED_PER_UPLOADED
    with zipfile.ZipFile(source) as archive:
        unpacked = sum(item.file_size for item in archive.infolist())
    if unpacked > limit_mb * 1024 * 1024:
        raise TooLargeUnpacked(limit_mb)
    if hasattr(source, "seek"):
        source.seek(0)
    wb = load_workbook(source, read_only=True, data_only=True)
    for ws in wb.worksheets:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
    return wb


def _sheet_titles(label) -> set[str]:
    from django.utils import translation

    titles = set()
    for language in ("vi", "en"):
        with translation.override(language):
            titles.add(fold(str(label)))
    return titles


def find_sheet(wb: Workbook, label, *, fallback_first: bool):
    """The worksheet titled `label` (in either language); else the first data sheet if allowed."""
    wanted = _sheet_titles(label)
    for ws in wb.worksheets:
        if fold(ws.title) in wanted:
            return ws
    if fallback_first:
        values = _sheet_titles(SHEET_VALUES)
        known = _sheet_titles(SHEET_MEMBERS) | _sheet_titles(SHEET_HISTORY)
        for ws in wb.worksheets:
            if fold(ws.title) not in values and fold(ws.title) not in known:
                return ws
    return None


def sheets_for(wb: Workbook, kind: str):
    """(members worksheet or None, history worksheet or None) that an import of `kind` reads.

    A members import also reads a History sheet if the file has one (facts after the first one for
    the members of the file); a history import reads only the History sheet.
    """
    if kind == ImportKind.MEMBERS:
        return find_sheet(wb, SHEET_MEMBERS, fallback_first=True), find_sheet(wb, SHEET_HISTORY, fallback_first=False)
    return None, find_sheet(wb, SHEET_HISTORY, fallback_first=True)


def count_rows(wb: Workbook, kind: str, *, up_to: int | None = None) -> int:
    """Rows below the header in the sheets an import reads, counted by reading them (never from
    the declared dimension); with `up_to`, counting stops once the total passes it."""
    return count_data_rows(sheets_for(wb, kind), up_to=up_to)


def count_data_rows(sheets: Iterable, *, up_to: int | None = None) -> int:
    """Rows below the header of `sheets` (a missing one is None), as `count_rows` counts them."""
    total = 0
    for ws in sheets:
        if ws is None:
            continue
        rows = ws.iter_rows(values_only=True)
        if up_to is not None:
            rows = islice(rows, up_to - total + 2)
        total += max(0, sum(1 for _row in rows) - 1)
        if up_to is not None and total > up_to:
            break
    return total


def sheet_too_long(limit: int) -> str:
    """The refusal of a sheet longer than one import takes, the same for every kind of file."""
    return _("The sheet has more than %(n)s data rows, the most one import takes: split the file.") % {
        "n": format_int(limit)
    }


def file_too_long(limit: int) -> str:
    """The refusal of a file whose sheets together are longer than one import takes."""
    return _("The file has more than %(n)s data rows, the most one import takes: split the file.") % {
        "n": format_int(limit)
    }


def _normal(value) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def example_signature(columns: list[Column]) -> tuple[str, ...]:
    return tuple(_normal(c.example) for c in columns)


def read_sheet(ws, columns: list[Column], *, max_rows: int | None = None) -> SheetData:
    """Map headers to columns and collect the non-empty rows (the untouched template example is skipped).

    Raises `TooManyRows` as soon as the sheet has more than `max_rows` data rows, before reading
    the rest (a small compressed file can hold a million rows).
    """
    data = SheetData(title=ws.title, columns=columns)
    rows: Iterator = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    by_key = {}
    for column in columns:
        for key in header_keys(column):
            by_key[key] = column
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = fold(str(cell)) if cell is not None else ""
        text = text.rstrip("*").strip()
        column = by_key.get(text)
        if column is not None and column.key not in positions:
            positions[column.key] = index
    for column in columns:
        if column.required and column.key not in positions:
            data.problems.append((1, header_text(column), "", _("This required column is missing from the sheet.")))
    if data.problems:
        return data
    examples = [(c.key, example_forms(c)) for c in columns]
    for number, values in enumerate(rows, start=2):
        cells = {key: (values[i] if i < len(values) else None) for key, i in positions.items()}
        if all(_normal(v) == "" for v in cells.values()):
            continue
        if all(fold(_normal(cells.get(key))) in forms for key, forms in examples):
            continue  # the template's example row, untouched
        if max_rows is not None and len(data.rows) >= max_rows:
            raise TooManyRows(ws.title)
        data.rows.append(RawRow(number=number, cells=cells))
    return data


def display(value) -> str:
    """A raw cell as the error report shows it."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date(value)
    return _normal(value)


# Typed readers ---------------------------------------------------------------------------------


def read_text(value) -> str:
    return _normal(value)


def read_date(value) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel serial dates: 1900-01-01 .. 9999-12-31
            converted = from_excel(value)
            return converted.date() if isinstance(converted, datetime) else converted
        raise CellError(_("Not a date: write it as dd/mm/yyyy."))
    parsed = parse_date(str(value))
    if parsed is None:
        raise CellError(_("Not a date: write it as dd/mm/yyyy."))
    return parsed


def read_int(value) -> int | None:
    text = _normal(value)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise CellError(_("Not a whole number.")) from None


def read_citizen_id(value) -> str:
    """12 digits; a number cell (leading zeros dropped by Excel) is padded back to 12 digits."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 0 <= value < 10**12:
            return f"{int(value):012d}"
        raise CellError(_("A citizen ID has exactly 12 digits."))
    text = _normal(value).replace(" ", "").replace(".", "")
    if not text:
        return ""
    if not (len(text) == 12 and text.isdigit()):
        raise CellError(_("A citizen ID has exactly 12 digits."))
    return text


def read_key(value) -> list[str]:
    """A member key (citizen ID or party card number): the spellings to look up, best first."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        plain = str(int(value))
        return [plain.zfill(12), plain] if len(plain) < 12 else [plain]
    text = _normal(value).replace(" ", "")
    return [text] if text else []


def read_time(value) -> time | None:
    """A time cell, a fraction of a day (Excel), or text as 19:30, 19h30 or 19 giờ 30."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    text = fold(str(value)).replace("gio", ":").replace("h", ":").replace(" ", "").rstrip(":")
    hours, _sep, minutes = text.partition(":")
    try:
        return time(int(hours), int(minutes or 0))
    except ValueError:
        raise CellError(_("Not a time: write it as hh:mm (19:30).")) from None
