"""Import jobs and workbooks for tests (also used by the access matrix: `make_import_job`)."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from coso.imports.columns import HISTORY_COLUMNS, MEMBER_COLUMNS
from coso.imports.models import ImportJob, ImportKind, JobStatus
from coso.imports.workbooks import template_workbook


def make_import_job(*, user, organization=None, **fields) -> ImportJob:
    """A finished job owned by `user`, hung under `organization` (the top of the user's write scope)."""
    values = {
        "kind": ImportKind.MEMBERS,
        "original_name": "danh-sach.xlsx",
        "status": JobStatus.SUCCEEDED,
        "total_rows": 3,
        "processed_rows": 3,
        "created_count": 3,
    }
    values.update(fields)
    return ImportJob.objects.create(user=user, organization=organization, **values)


def member_row(**overrides) -> dict:
    """A valid Members row for cell C01-01 of the test world (keys are column keys)."""
    row = {
        "full_name": "Lê Thị Mai",
        "gender": "female",
        "date_of_birth": "14/05/1990",
        "ethnicity": "01",
        "religion": "none",
        "citizen_id": "001190000101",
        "general_education": "12/12",
        "first_event": "admitted",
        "event_on": "02/03/2015",
        "organization": "C01-01",
        "decision_number": "125-QĐ/HU",
        "decision_date": "25/02/2015",
        "decision_issuer": "Ban Thường vụ Huyện ủy",
    }
    row.update(overrides)
    return row


def fill_template(user, *, members: list[dict] | None = None, history: list[dict] | None = None, kind=None) -> bytes:
    """A workbook made from the downloadable template, its example row replaced by `rows`.

    With both members and history, the History sheet is added to the members template.
    """
    kind = kind or (ImportKind.MEMBERS if members is not None else ImportKind.HISTORY)
    wb = load_workbook(BytesIO(template_workbook(kind, user)))
    if kind == ImportKind.MEMBERS:
        _fill(wb.worksheets[0], MEMBER_COLUMNS, members or [])
        if history is not None:
            hist_template = load_workbook(BytesIO(template_workbook(ImportKind.HISTORY, user))).worksheets[0]
            ws = wb.create_sheet(hist_template.title, 1)
            for index, cell in enumerate(hist_template[1], start=1):
                ws.cell(row=1, column=index, value=cell.value)
            _fill(ws, HISTORY_COLUMNS, history)
    else:
        _fill(wb.worksheets[0], HISTORY_COLUMNS, history or [])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _fill(ws, columns, rows: list[dict]) -> None:
    ws.delete_rows(2, ws.max_row)
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            ws.cell(row=number, column=index, value=row.get(column.key))


def upload(content: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def with_dimension(content: bytes, ref: str) -> bytes:
    """The same workbook with every sheet's `<dimension ref>` rewritten to `ref` (a lying file)."""
    import re
    import zipfile

    source = zipfile.ZipFile(BytesIO(content))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), data)
                assert n == 1, f"{item.filename} has no dimension element to rewrite"
            target.writestr(item, data)
    return out.getvalue()


def many_rows(n: int, **overrides) -> list[dict]:
    """`n` valid and distinct Members rows."""
    return [
        member_row(
            full_name=f"Đảng Viên Số {i}",
            citizen_id=f"0011900{i:05d}",
            date_of_birth=f"{i % 28 + 1:02d}/{i % 12 + 1:02d}/1990",
            **overrides,
        )
        for i in range(n)
    ]


def fill_kind(kind: str, user, rows: list[dict]) -> bytes:
    """A workbook from the downloadable template of any registered kind, its example replaced by `rows`.

    The rows' keys are the column keys; the columns are read back from the template's header, so
    the test fills exactly what a person filling the download would.
    """
    from coso.imports import registry
    from coso.imports.columns import header_text

    importer = registry.get(kind)
    wb = load_workbook(BytesIO(importer.template(user)))
    ws = wb.worksheets[0]
    columns = _columns_of(importer)
    assert [c.value for c in ws[1]] == [header_text(c) for c in columns]
    _fill(ws, columns, rows)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _columns_of(importer):
    import importlib

    module = importlib.import_module(type(importer).__module__)
    return {
        "org_tree": getattr(module, "TREE_COLUMNS", None),
        "residential_units": getattr(module, "UNIT_COLUMNS", None),
        "admission_targets": getattr(module, "TARGET_COLUMNS", None),
    }[importer.kind]


def run_kind(user, kind: str, content: bytes, *, confirmed: bool = True):
    """Create and run a job of `kind` as the page would, confirmed (written) unless told otherwise."""
    from coso.imports.services import import_job_create, import_job_run

    job = import_job_create(
        user=user, kind=kind, file=upload(content), original_name="tep.xlsx", language="vi", confirmed=confirmed
    )
    return import_job_run(job)
