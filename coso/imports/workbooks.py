"""The downloadable import templates, and the error report as a workbook.

A template has the data sheet (headers in the user's language, required ones starred and
commented, one example row that the parser skips while it is untouched) and a second sheet listing
the allowed values of every coded column; the coded columns get drop-downs pointing at it. The
organization codes offered are those the downloading user may write to, as the import will check.
"""

from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from coso.accounts.actions import Action
from coso.accounts.scoping import scope
from coso.common.xlsx import put, workbook_bytes, workbook_to_bytes
from coso.imports.columns import (
    CITIZEN_ID,
    CODE,
    DATE,
    ETHNICITY,
    HISTORY_COLUMNS,
    KEY,
    MEMBER_COLUMNS,
    ORG,
    RELIGION,
    SHEET_HISTORY,
    SHEET_MEMBERS,
    SHEET_VALUES,
    TEXT,
    UNIT,
    Column,
    example_display,
    header_text,
)
from coso.imports.models import ImportKind
from coso.members.models import Ethnicity, Religion
from coso.organizations.models import CELL_KINDS, Organization, ResidentialUnit

VALIDATED_ROWS = 5000
CODES_SHOWN = (ORG, UNIT, ETHNICITY)
HEADER_FILL = PatternFill("solid", fgColor="B3151B")
REQUIRED_FILL = PatternFill("solid", fgColor="7A0E12")
EXAMPLE_FONT = Font(italic=True, color="7F7F7F")


def _values(column: Column, user) -> list[tuple[str, str]]:
    """(code, meaning) pairs a coded column accepts."""
    if column.type == CODE:
        return [(code, str(label)) for code, label in column.choices]
    if column.type == ETHNICITY:
        return list(Ethnicity.objects.order_by("code").values_list("code", "name"))
    if column.type == RELIGION:
        return list(Religion.objects.values_list("code", "name"))
    if column.type == ORG:
        qs = scope(Organization.objects.filter(dissolved_on__isnull=True), user, action=Action.IMPORT)
        return list(qs.order_by("path").values_list("code", "name"))
    if column.type == UNIT:
        qs = scope(ResidentialUnit.objects.filter(dissolved_on__isnull=True), user, action=Action.IMPORT)
        return list(qs.order_by("commune__path", "name").values_list("code", "name"))
    return []


def _note(column: Column) -> str:
    parts = []
    if column.required:
        parts.append(_("Required."))
    if column.note:
        parts.append(str(column.note))
    if column.is_coded:
        parts.append(_("Allowed values: sheet “%(sheet)s” (the code or its meaning).") % {"sheet": SHEET_VALUES})
    return " ".join(parts)


def _header(ws, index: int, column: Column) -> str:
    """The header cell of a data sheet's column (red when required, the note as a comment); its letter."""
    letter = get_column_letter(index)
    cell = put(ws, row=1, column=index, value=header_text(column))
    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    note = _note(column)
    if note:
        cell.comment = Comment(note, "Cơ Sở")
    ws.column_dimensions[letter].width = column.width
    return letter


def _drop_down(ws, letter: str, column: Column, formula: str) -> None:
    """A warning-only list on the column's data rows: the import, not Excel, has the last word."""
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=str(column.header),
        error=_("Not in the list of allowed values: the import will check it."),
    )
    dv.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    ws.add_data_validation(dv)


def template_workbook(kind: str, user) -> bytes:
    """The template of a registered kind (`registry`), as the download serves it."""
    from coso.imports import registry

    return registry.get(kind).template(user)


def members_template(kind: str, user) -> bytes:
    columns = MEMBER_COLUMNS if kind == ImportKind.MEMBERS else HISTORY_COLUMNS
    title = SHEET_MEMBERS if kind == ImportKind.MEMBERS else SHEET_HISTORY
    return build_template(title, columns, user)


def build_template(title, columns: list[Column], user, *, values=None) -> bytes:
    """A data sheet `title` with `columns`, and the allowed-values sheet with drop-downs.

    `values(column, user)` may give the (code, meaning) pairs of a coded column itself (a list, or
    None to fall back on the usual lists): importers of other kinds use it for their own codes.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = str(title)
    values_ws = wb.create_sheet(str(SHEET_VALUES))
    values_ref = quote_sheetname(values_ws.title)

    put(values_ws, row=1, column=1, value=_("Allowed values of the coded columns: write the code or its meaning."))
    values_ws.cell(row=1, column=1).font = Font(bold=True)
    block = 1
    for index, column in enumerate(columns, start=1):
        letter = _header(ws, index, column)
        if column.type in (TEXT, CITIZEN_ID, KEY, CODE, ORG, UNIT, ETHNICITY, RELIGION):
            ws.column_dimensions[letter].number_format = "@"
        pairs = None
        if column.is_coded:
            pairs = values(column, user) if values is not None else None
            if pairs is None:
                pairs = _values(column, user)
        example = put(ws, row=2, column=index, value=example_display(column, pairs or []))
        example.font = EXAMPLE_FONT
        if hasattr(column.example, "year"):
            example.number_format = "DD/MM/YYYY"
        if not column.is_coded:
            continue
        code_col, label_col = get_column_letter(block), get_column_letter(block + 1)
        put(values_ws, row=3, column=block, value=str(column.header)).font = Font(bold=True)
        # Codes the user types are listed (organizations, units, ethnicity numbers); the programme's own
        # codes are not (they are English words): those columns are written by their meaning.
        with_code = column.type in CODES_SHOWN
        if with_code:
            put(values_ws, row=4, column=block, value=_("Code")).font = Font(bold=True, italic=True)
        put(values_ws, row=4, column=block + 1, value=_("Meaning")).font = Font(bold=True, italic=True)
        for offset, (code, label) in enumerate(pairs):
            if with_code:
                put(values_ws, row=5 + offset, column=block, value=code).number_format = "@"
            put(values_ws, row=5 + offset, column=block + 1, value=label)
        values_ws.column_dimensions[code_col].width = 14 if with_code else 2
        values_ws.column_dimensions[label_col].width = 34
        if pairs:
            last = 4 + len(pairs)
            # Organizations are picked by code (names repeat across communes); other lists by meaning.
            source = code_col if column.type in (ORG, UNIT) else label_col
            _drop_down(ws, letter, column, f"{values_ref}!${source}$5:${source}${last}")
        block += 3
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 42
    return workbook_to_bytes(wb)


def errors_workbook(job) -> bytes:
    headers = [_("Sheet"), _("Row"), _("Column"), _("Value"), _("Reason")]
    rows = [[e.get("sheet"), e.get("row"), e.get("column"), e.get("value"), e.get("reason")] for e in job.errors]
    return workbook_bytes(title=_("Errors"), headers=headers, rows=rows)


def allowed_values(column: Column, user, action: Action) -> list[tuple[str, str]]:
    """(code, meaning) pairs a coded column accepts; organizations are those the user may import into
    for `action`, dissolved ones included (a past year's book names cells that no longer exist)."""
    if column.type == CODE:
        return [(code, str(label)) for code, label in column.choices]
    if column.type == ORG:
        qs = Organization.objects.all()
        if user is not None:
            qs = scope(scope(qs, user, action=Action.IMPORT), user, action=action)
        if column.key == "cell":
            qs = qs.filter(kind__in=CELL_KINDS)
        return list(qs.order_by("path").values_list("code", "name"))
    return []


def sheets_template(sheets: list[tuple[object, list[Column]]], user, action: Action) -> bytes:
    """A template: one data sheet per (title, columns), with the example row the parser skips, and
    the allowed-values sheet the coded columns' drop-downs point at (as the member templates)."""
    wb = Workbook()
    first = wb.active
    values_ws = None
    block = 1
    for position, (title, columns) in enumerate(sheets):
        ws = first if position == 0 else wb.create_sheet()
        ws.title = str(title)
        for index, column in enumerate(columns, start=1):
            letter = _header(ws, index, column)
            if column.type != DATE:
                ws.column_dimensions[letter].number_format = "@"
            pairs = allowed_values(column, user, action) if column.is_coded else []
            # A coded example is shown by its meaning: no English code reaches the template.
            example = put(ws, row=2, column=index, value=example_display(column, pairs))
            example.font = Font(italic=True, color="7F7F7F")
            if isinstance(column.example, date):
                example.number_format = "DD/MM/YYYY"
            if not column.is_coded:
                continue
            if values_ws is None:
                values_ws = wb.create_sheet(str(SHEET_VALUES))
                put(
                    values_ws,
                    row=1,
                    column=1,
                    value=_("Allowed values of the coded columns: write the code or its meaning."),
                )
                values_ws.cell(row=1, column=1).font = Font(bold=True)
            code_col, label_col = get_column_letter(block), get_column_letter(block + 1)
            put(values_ws, row=3, column=block, value=f"{ws.title}: {column.header}").font = Font(bold=True)
            with_code = column.type == ORG  # the programme's own codes are English words: meanings only
            if with_code:
                put(values_ws, row=4, column=block, value=_("Code")).font = Font(bold=True, italic=True)
            put(values_ws, row=4, column=block + 1, value=_("Meaning")).font = Font(bold=True, italic=True)
            for offset, (code, label) in enumerate(pairs):
                if with_code:
                    put(values_ws, row=5 + offset, column=block, value=code).number_format = "@"
                put(values_ws, row=5 + offset, column=block + 1, value=label)
            values_ws.column_dimensions[code_col].width = 14 if with_code else 2
            values_ws.column_dimensions[label_col].width = 34
            if pairs:
                source = code_col if column.type == ORG else label_col
                _drop_down(
                    ws, letter, column, f"{quote_sheetname(values_ws.title)}!${source}$5:${source}${4 + len(pairs)}"
                )
            block += 3
        ws.freeze_panes = "A2"
        ws.row_dimensions[1].height = 42
    if values_ws is not None:  # after the data sheets, as in the member templates
        wb.move_sheet(values_ws, offset=len(wb.worksheets) - 1 - wb.worksheets.index(values_ws))
    return workbook_to_bytes(wb)
