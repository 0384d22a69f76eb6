"""Reading the one data sheet of a simple importer into typed rows, every problem an error of the plan.

The member import has its own validator (two sheets, identities, histories); the other kinds read
one sheet of plain columns. They share this reader so that a sheet, a header, a date or a code is
read and refused the same way, with the same Vietnamese messages, whatever the kind of file.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.utils.translation import gettext as _

from coso.imports.columns import CODE, DATE, INT, SHEET_VALUES, TEXT, CodeSet, Column, code_set
from coso.imports.parsing import (
    CellError,
    RawRow,
    TooManyRows,
    find_sheet,
    read_date,
    read_int,
    read_sheet,
    read_text,
    sheet_too_long,
)
from coso.imports.registry import Importer, ImportPlan

CHUNK = 200


@dataclass
class Row:
    """A data row read without error: its Excel row number, raw cells (for the report) and values."""

    number: int
    cells: dict
    values: dict


def count_sheet_rows(wb, title, *, up_to: int | None = None) -> int:
    """Rows below the header of the sheet titled `title` (or the first data sheet), read, not declared."""
    ws = find_sheet(wb, title, fallback_first=True)
    if ws is None:
        return 0
    rows = ws.iter_rows(values_only=True)
    if up_to is not None:
        rows = islice(rows, up_to + 2)
    return max(0, sum(1 for _row in rows) - 1)


@dataclass
class RowsPlan(ImportPlan):
    """A one-sheet plan: the rows read and checked without error are what the write goes through."""

    rows: list[Row] = field(default_factory=list)

    @property
    def rows_planned(self) -> int:
        return len(self.rows)


class OneSheetImporter(Importer):
    """An importer of the one data sheet `sheet_title`: its template and its row count follow from
    the sheet and `columns`, so every simple kind offers and counts them the same way."""

    sheet_title = ""

    def allowed_values(self, column: Column, user) -> list[tuple[str, str]] | None:
        """The (code, meaning) pairs a coded column's drop-down offers; None: the default list."""
        return None

    def template(self, user) -> bytes:
        from coso.imports.workbooks import build_template

        return build_template(self.sheet_title, self.columns, user, values=self.allowed_values)

    def count_rows(self, wb, *, up_to=None) -> int:
        return count_sheet_rows(wb, self.sheet_title, up_to=up_to)


class SheetReader:
    """Reads `columns` from the sheet `title` of a workbook into `Row`s; errors go to `plan`.

    `codes` gives a column key's accepted values where they are not the column's fixed choices
    (a list read from the database: organization types). The caller then checks what a row means
    (codes unique, parents known, scope) with `fail(row, key, reason)`.
    """

    def __init__(self, plan: ImportPlan, title, columns: list[Column], *, codes: dict[str, CodeSet] | None = None):
        self.plan, self.title, self.columns = plan, str(title), columns
        self.by_key = {c.key: c for c in columns}
        self.codes = {c.key: code_set(c.choices) for c in columns if c.type == CODE and c.choices}
        self.codes.update(codes or {})
        self.sheet_title = self.title
        self.failed: list[RawRow] = []  # rows with a cell error, left out of the rows read

    def read(self, wb, progress) -> list[Row] | None:
        """Every non-empty row, typed; None when the sheet itself cannot be read (errors recorded)."""
        ws = find_sheet(wb, self.title, fallback_first=True)
        if ws is None:
            self.plan.error(
                "", 1, "", "", _("The file has no sheet to import: use the template downloaded from this page.")
            )
            return None
        self.sheet_title = ws.title
        limit = settings.COSO_IMPORT_MAX_ROWS
        try:
            sheet = read_sheet(ws, self.columns, max_rows=limit)
        except TooManyRows:
            self.plan.error(
                ws.title,
                "",
                "",
                "",
                sheet_too_long(limit),
            )
            return None
        for row, column, value, reason in sheet.problems:
            self.plan.error(ws.title, row, column, value, reason)
        if sheet.problems:
            return None
        self.plan.total_rows = len(sheet.rows)
        if not sheet.rows:
            self.plan.error(ws.title, 2, "", "", _("The sheet has no data rows."))
            return None
        progress.start(len(sheet.rows))
        rows = []
        for start in range(0, len(sheet.rows), CHUNK):
            chunk = sheet.rows[start : start + CHUNK]
            for raw in chunk:
                row = self._row(raw)
                if row is not None:
                    rows.append(row)
            progress.advance(len(chunk))
        return rows

    def fail(self, row: Row | RawRow, key: str, reason: str, value=None) -> None:
        column = self.by_key[key]
        self.plan.error(self.sheet_title, row.number, column, row.cells.get(key) if value is None else value, reason)

    def _row(self, raw: RawRow) -> Row | None:
        values, bad = {}, False
        for column in self.columns:
            cell = raw.cells.get(column.key)
            try:
                value = self._cell(column, cell)
            except CellError as exc:
                self.plan.error(self.sheet_title, raw.number, column, cell, str(exc))
                bad = True
                continue
            if column.required and value in (None, ""):
                self.plan.error(self.sheet_title, raw.number, column, cell, _("This column is required."))
                bad = True
                continue
            values[column.key] = value
        if bad:
            self.failed.append(raw)
            return None
        return Row(number=raw.number, cells=raw.cells, values=values)

    def _cell(self, column: Column, raw):
        if column.type == DATE:
            return read_date(raw)
        if column.type == INT:
            return read_int(raw)
        text = read_text(raw)
        if column.type == TEXT:
            if column.max_length and len(text) > column.max_length:
                raise CellError(_("Too long: at most %(n)d characters.") % {"n": column.max_length})
            return text
        if not text:
            return None
        codes = self.codes.get(column.key)
        value = codes.resolve(text) if codes is not None else text
        if value is None:
            raise CellError(_("Not an allowed value: see the sheet “%(sheet)s”.") % {"sheet": SHEET_VALUES})
        return value


def topological(items: Iterable, *, key: Callable, parent: Callable) -> tuple[list, list]:
    """(items parents first, items on a cycle) — `parent(item)` is another item's key or None.

    Rows of a tree arrive in any order; each is written after the row of its parent. Items whose
    parent is not among the keys count as roots (the caller has checked those parents exist).
    """
    items = list(items)
    keys = {key(i) for i in items}
    children: dict = {}
    waiting: dict = {}
    ready = []
    for item in items:
        p = parent(item)
        if p is not None and p in keys and p != key(item):
            children.setdefault(p, []).append(item)
            waiting[key(item)] = item
        elif p is not None and p == key(item):
            waiting[key(item)] = item
        else:
            ready.append(item)
    ordered = []
    while ready:
        item = ready.pop()
        ordered.append(item)
        for child in children.pop(key(item), []):
            waiting.pop(key(child), None)
            ready.append(child)
    ordered_keys = {key(i) for i in ordered}
    cycle = [i for i in items if key(i) not in ordered_keys]
    return ordered, cycle
