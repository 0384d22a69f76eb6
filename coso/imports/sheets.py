"""Checking a file of several related sheets (a meeting book, a class register) cell by cell.

The simple importers read one sheet with `imports.rows`; the meeting and class importers read two
sheets whose rows refer to each other, and judge them together once every cell is typed. They share
this checker so that a missing sheet, a sheet too long, a bad date, time or code is refused the same
way, with the same Vietnamese messages, whatever the kind of file.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from coso.common.dates import today
from coso.imports.columns import CODE, DATE, KEY, ORG, SHEET_VALUES, TEXT, TIME, Column, code_set
from coso.imports.parsing import (
    CellError,
    RawRow,
    TooManyRows,
    count_data_rows,
    file_too_long,
    find_sheet,
    read_date,
    read_key,
    read_sheet,
    read_text,
    read_time,
    sheet_too_long,
)
from coso.imports.registry import PREVIEW_ROWS, ImportPlan


@dataclass
class SheetsPlan(ImportPlan):
    """What a checked file will write (nothing once it has an error); errors, summary and preview
    as the import registry's plan keeps them. Each importer adds the records it plans."""

    kind: str = ""
    shown: list[list] = field(default_factory=list)  # the first rows, for `set_preview`

    def show(self, values: list) -> None:
        if len(self.shown) < PREVIEW_ROWS:
            self.shown.append(values)


def count_sheets_rows(wb, labels, *, up_to: int | None = None) -> int:
    """Rows below the header of the sheets an importer reads (counted, never trusted from the file);
    with `up_to`, counting stops once the total passes it."""
    return count_data_rows((find_sheet(wb, label, fallback_first=False) for label in labels), up_to=up_to)


class SheetChecker:
    """Reads the sheets of one file and turns each row's cells into typed values, noting bad cells."""

    def __init__(self, plan: ImportPlan, user):
        self.plan = plan
        self.report = plan  # `ImportPlan.error`: sheet, row, column, value, reason
        self.user = user  # None: a system import from the command line, without scope limits
        self.today = today()
        self.codes = {}

    def read(self, wb, sheets: list[tuple[object, list[Column], bool]]):
        """The SheetData of each (label, columns, required) sheet, or None once the file is refused."""
        limit = settings.COSO_IMPORT_MAX_ROWS
        found = []
        for label, columns, required in sheets:
            ws = find_sheet(wb, label, fallback_first=False)
            if ws is None:
                if required:
                    self.report.error(
                        str(label),
                        "",
                        "",
                        "",
                        _("The file has no sheet “%(sheet)s”: use the template downloaded from this page.")
                        % {"sheet": label},
                    )
                found.append(None)
                continue
            try:
                data = read_sheet(ws, columns, max_rows=limit)
            except TooManyRows:
                self.report.error(
                    ws.title,
                    "",
                    "",
                    "",
                    sheet_too_long(limit),
                )
                return None
            for row, column, value, reason in data.problems:
                self.report.error(data.title, row, column, value, reason)
            for column in columns:
                if column.type == CODE:
                    self.codes[column.key] = code_set(column.choices)
            found.append(data)
        if self.plan.error_count:
            return None
        total = sum(len(d.rows) for d in found if d is not None)
        if total > limit:
            self.report.error(
                "",
                "",
                "",
                "",
                file_too_long(limit),
            )
            return None
        self.plan.total_rows = total
        if not total:
            first = next(d for d in found if d is not None)
            self.report.error(first.title, 2, "", "", _("The sheet has no data rows."))
            return None
        return found

    def values(self, sheet, row: RawRow) -> tuple[dict, bool]:
        """Typed values of the row's cells; an unreadable or missing cell is an error of its own."""
        values, bad = {}, False
        for column in sheet.columns:
            raw = row.cells.get(column.key)
            try:
                value = self._typed(column, raw)
            except CellError as exc:
                self.report.error(sheet.title, row.number, column, raw, str(exc))
                bad = True
                continue
            if column.required and value in (None, "", []):
                self.report.error(sheet.title, row.number, column, raw, _("This column is required."))
                bad = True
                continue
            values[column.key] = value
        return values, bad

    def _typed(self, column: Column, raw):
        if column.type == DATE:
            return read_date(raw)
        if column.type == TIME:
            return read_time(raw)
        if column.type == KEY:
            return read_key(raw)
        text = read_text(raw)
        if column.type == CODE and text:
            code = self.codes[column.key].resolve(text)
            if code is None:
                raise CellError(_("Not an allowed value: see the sheet “%(sheet)s”.") % {"sheet": SHEET_VALUES})
            return code
        if column.type in (TEXT, ORG) and column.max_length and len(text) > column.max_length:
            raise CellError(_("Too long: at most %(n)d characters.") % {"n": column.max_length})
        return text
