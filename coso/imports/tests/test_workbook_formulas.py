"""The import's own workbooks never turn someone's text into a formula (issue 7: formula injection).

The error report echoes the cells of an uploaded file, and the template lists organization
names: both go through `coso.common.xlsx`, so `=HYPERLINK(...)`, `@SUM(A1)` or `-1+2` stay text.
"""

import re
import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.imports.columns import MEMBER_COLUMNS
from coso.imports.models import ImportKind, JobStatus
from coso.imports.services import import_job_create, import_job_run
from coso.imports.tests.factories import fill_template, member_row, upload
from coso.organizations.models import Organization

pytestmark = pytest.mark.django_db

TEXTS = ['=HYPERLINK("http://x")', "@SUM(A1)", "-1+2"]


def formulas(content: bytes) -> list[str]:
    archive = zipfile.ZipFile(BytesIO(content))
    xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    return re.findall(r"<f[ >].*?</f>", xml)


def as_text_cells(content: bytes) -> bytes:
    """The uploaded file as a person would type it after an apostrophe: text, not formulas."""
    wb = load_workbook(BytesIO(content))
    ws = wb.worksheets[0]
    gender = next(i for i, c in enumerate(MEMBER_COLUMNS, start=1) if c.key == "gender")
    for row, text in enumerate(TEXTS, start=2):
        cell = ws.cell(row=row, column=gender)
        cell.value = text
        cell.data_type = "s"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_the_error_report_echoes_formula_like_cells_as_text(client, world):
    rows = [member_row(citizen_id=f"00119000010{i}", full_name=f"Người Thứ {i}") for i in range(3)]
    content = as_text_cells(fill_template(world.board_user, members=rows))
    job = import_job_create(
        confirmed=True, user=world.board_user, kind=ImportKind.MEMBERS, file=upload(content), original_name="x.xlsx"
    )
    job = import_job_run(job)
    assert job.status == JobStatus.FAILED
    assert [e["value"] for e in job.errors] == TEXTS

    client.force_login(world.board_user)
    response = client.get(reverse("imports:errors_xlsx", kwargs={"job_id": job.pk}))
    assert formulas(response.content) == []
    ws = load_workbook(BytesIO(response.content)).active
    values = [(c.value, c.data_type, c.quotePrefix) for c in ws["D"][1:]]
    assert values == [(t, "s", True) for t in TEXTS]


def test_the_template_lists_a_formula_like_organization_name_as_text(client, world):
    Organization.objects.filter(pk=world.cell.pk).update(name='=HYPERLINK("http://x")')
    client.force_login(world.board_user)
    response = client.get(reverse("imports:template_members"))
    assert formulas(response.content) == []
    values = load_workbook(BytesIO(response.content)).worksheets[1]
    cells = [c for row in values.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
