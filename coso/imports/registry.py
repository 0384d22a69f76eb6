"""Every kind of workbook the imports take, each declared once as an `Importer`.

The job runner (`services`), the upload form's choices, the template downloads and the job pages
know nothing of a kind beyond this registry: a kind brings its template, its row count, its check
and its write, and the machinery around them (upload limits, rate limit, background job with the
progress bar, the dry run "ready to write" with summary and preview, the confirm, the
all-or-nothing write, the error report) is the same for every kind.

**Registering an importer from another app.** Put a module `coso/<app>/importer.py`: it is imported
when the imports app is ready (`autodiscover_modules("importer")` in `ImportsConfig.ready`, as the
reports app does for `figures.py`), and at its end call::

    from coso.imports.registry import Importer, ImportPlan, WriteConflict, WriteResult, register

    class ClassesImporter(Importer):
        kind = "admission_classes"            # stored on the job (max 20 characters), unique
        label = _("Admission classes with their students")
        template_name = "mau-nhap-lop-cam-tinh.xlsx"
        order = 40                            # position in the upload form

        def template(self, user) -> bytes: ...          # xlsx bytes (`workbooks.build_template`)
        def count_rows(self, wb, *, up_to=None) -> int: ...  # data rows, read (`rows.count_sheet_rows`)
        def validate(self, wb, *, user, progress) -> ImportPlan: ...  # writes nothing
        def write(self, plan, *, actor) -> WriteResult: ...  # inside the runner's transaction

    register(ClassesImporter())

A one-sheet kind reads its rows with `coso.imports.rows.SheetReader` (columns declared as
`columns.Column`, typed cells, the same Vietnamese messages; `rows.topological` orders rows that name
a parent row); `coso/organizations/importer.py` and `coso/targets/importer.py` are worked examples.
`validate` reads the whole file, collects every error (`ImportPlan.error(...)`: sheet, row,
column, value, reason in the user's language), calls `progress.start(total)` and
`progress.advance(n)` as it goes, and fills `plan.summary` ({"Lớp": 2, "Học viên": 57}: what would
be written per kind of record, the label translated) and `plan.preview` (`plan.set_preview(headers,
rows)`: the first `PREVIEW_ROWS` rows as they would be written). It sets `total_rows` (rows read)
and `rows_planned` (rows it will write): the runner writes only if the two agree and there is no
error. `write` runs inside one transaction opened by the runner, after a fresh `validate` of the
same file (the register may have changed since the dry run); it writes through the app's services
(audit rows included) and raises `WriteConflict(message)` if the register no longer allows it —
everything then rolls back and the job fails with that message.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

PREVIEW_ROWS = 10
MAX_STORED_ERRORS = 500
MAX_STORED_WARNINGS = 500
MAX_VALUE_CHARS = 120  # a cell value echoed in the report
MAX_PREVIEW_CHARS = 80


def shorten(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    """A value as the report echoes it: a 32,000-character cell is not copied into every error."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class WriteConflict(Exception):
    """The register changed between the check and the write: nothing is written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


@dataclass
class WriteResult:
    created: int = 0  # records created
    updated: int = 0  # records changed


@dataclass
class ImportPlan:
    """What a checked file would write, or the errors that stop it (the dry run shows it)."""

    errors: list[dict] = field(default_factory=list)  # the first MAX_STORED_ERRORS
    warnings: list[dict] = field(default_factory=list)  # the first MAX_STORED_WARNINGS
    error_count: int = 0  # all of them
    warning_count: int = 0
    total_rows: int = 0  # data rows read from the file
    summary: dict[str, int] = field(default_factory=dict)  # translated kind of record -> count
    preview: dict = field(default_factory=dict)  # {"headers": [...], "rows": [[...], ...]}
    planned: int = 0  # rows that will be written (importers may compute `rows_planned` instead)

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def rows_planned(self) -> int:
        return self.planned

    def error(self, sheet, row, column, value, reason, **extra) -> None:
        """Count an error; keep it (value shortened) while fewer than MAX_STORED_ERRORS are kept."""
        from coso.imports.parsing import display

        self.error_count += 1
        if len(self.errors) >= MAX_STORED_ERRORS:
            return
        header = str(getattr(column, "header", column))
        item = {
            "sheet": str(sheet),
            "row": row,
            "column": header,
            "value": shorten(display(value)),
            "reason": str(reason),
        }
        item.update(extra)
        self.errors.append(item)

    def set_preview(self, headers: Iterable, rows: Iterable[Iterable]) -> None:
        """The first PREVIEW_ROWS rows as they will be written, every value as display text."""
        from coso.imports.parsing import display

        shown = []
        for row in rows:
            if len(shown) >= PREVIEW_ROWS:
                break
            shown.append([shorten(display(v), MAX_PREVIEW_CHARS) for v in row])
        self.preview = {"headers": [str(h) for h in headers], "rows": shown}


class Importer:
    """One kind of workbook. Subclasses set the attributes and implement the four methods."""

    kind: str = ""
    label = ""
    template_name: str = "mau-nhap.xlsx"
    order: int = 100

    def template(self, user) -> bytes:  # pragma: no cover - interface
        raise NotImplementedError

    def count_rows(self, wb, *, up_to: int | None = None) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def validate(self, wb, *, user, progress) -> ImportPlan:  # pragma: no cover - interface
        raise NotImplementedError

    def write(self, plan: ImportPlan, *, actor) -> WriteResult:  # pragma: no cover - interface
        raise NotImplementedError


_importers: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    if not importer.kind or len(importer.kind) > 20:
        raise ValueError(f"Importer kind {importer.kind!r} must have 1 to 20 characters")
    if importer.kind in _importers and type(_importers[importer.kind]) is not type(importer):
        raise ValueError(f"Importer kind {importer.kind!r} is registered twice")
    _importers[importer.kind] = importer
    return importer


def get(kind: str) -> Importer:
    """The importer of `kind`; KeyError for a kind no app registers (an old job of a removed kind)."""
    return _importers[kind]


def importers() -> list[Importer]:
    """Every importer, in the upload form's order."""
    return sorted(_importers.values(), key=lambda i: (i.order, i.kind))


def choices() -> list[tuple[str, str]]:
    return [(i.kind, i.label) for i in importers()]


def label(kind: str) -> str:
    importer = _importers.get(kind)
    return str(importer.label) if importer else _("Unknown kind of import (%(kind)s)") % {"kind": kind}
