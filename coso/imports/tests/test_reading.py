"""Reading the rows a workbook holds, whatever its sheet's declared dimension says (security review, issue 7).

openpyxl's read-only mode stops at the `<dimension>` a sheet declares: a 50-row file declaring
`A1:AL3` imported 2 rows, dropped 48 and succeeded. Every row is read now, and the job reports
the rows read beside the rows written.
"""

import zipfile
from io import BytesIO

import pytest
from django.urls import reverse

from coso.imports.models import ImportKind, JobStatus
from coso.imports.parsing import count_rows, open_workbook
from coso.imports.services import import_job_create, import_job_run
from coso.imports.tests.factories import fill_template, many_rows, upload, with_dimension
from coso.members.models import Member

pytestmark = pytest.mark.django_db


def run(user, content: bytes, *, kind=ImportKind.MEMBERS):
    job = import_job_create(
        confirmed=True, user=user, kind=kind, file=upload(content), original_name="ds.xlsx", language="vi"
    )
    return import_job_run(job)


def test_the_rewritten_file_really_declares_three_rows(world):
    content = with_dimension(fill_template(world.board_user, members=many_rows(50)), "A1:AL3")
    xml = zipfile.ZipFile(BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:AL3"/>' in xml
    from openpyxl import load_workbook

    trusting = load_workbook(BytesIO(content), read_only=True).worksheets[0]
    assert sum(1 for _ in trusting.iter_rows(values_only=True)) == 3  # what the import used to read


@pytest.mark.parametrize("ref", ["A1:AL3", "A1:A1", "A1:C3", "A1:AL1048576"])
def test_a_lying_dimension_still_imports_every_row(world, ref):
    before = Member.objects.count()
    content = with_dimension(fill_template(world.board_user, members=many_rows(50)), ref)

    job = run(world.board_user, content)

    assert job.status == JobStatus.SUCCEEDED, job.errors[:3]
    assert (job.total_rows, job.rows_written, job.created_count) == (50, 50, 50)
    assert Member.objects.count() == before + 50
    assert Member.objects.filter(citizen_id="001190000049").exists()


def test_counting_rows_ignores_the_dimension_and_stops_early(world):
    content = with_dimension(fill_template(world.board_user, members=many_rows(50)), "A1:AL3")
    assert count_rows(open_workbook(BytesIO(content)), ImportKind.MEMBERS) == 50
    assert count_rows(open_workbook(BytesIO(content)), ImportKind.MEMBERS, up_to=10) == 11


def test_a_large_file_with_a_small_dimension_goes_to_the_job_queue(client, world, settings):
    settings.COSO_IMPORT_INLINE_MAX_ROWS = 10
    content = with_dimension(fill_template(world.board_user, members=many_rows(30)), "A1:AL3")
    client.force_login(world.board_user)
    response = client.post(reverse("imports:list"), {"kind": "members", "file": upload(content)})
    job = world.board_user.import_jobs.get()
    assert response.status_code == 302 and job.background and job.status == JobStatus.READY
    client.post(reverse("imports:confirm", kwargs={"job_id": job.pk}))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.created_count == 30


def test_the_job_page_shows_rows_read_beside_rows_written(client, world):
    job = run(world.board_user, with_dimension(fill_template(world.board_user, members=many_rows(50)), "A1:AL3"))
    client.force_login(world.board_user)
    html = client.get(reverse("imports:detail", kwargs={"job_id": job.pk})).content.decode()
    assert "Số dòng đọc từ tệp: 50 · số dòng đã ghi: 50" in html


def test_a_failed_file_reads_every_row_and_writes_none(client, world):
    rows = many_rows(50)
    rows[45]["gender"] = "unknown"
    job = run(world.board_user, with_dimension(fill_template(world.board_user, members=rows), "A1:AL3"))
    assert job.status == JobStatus.FAILED and job.total_rows == 50 and job.rows_written == 0
    assert [(e["row"], e["column"]) for e in job.errors] == [(47, "Giới tính")]
    client.force_login(world.board_user)
    html = client.get(reverse("imports:detail", kwargs={"job_id": job.pk})).content.decode()
    assert "Số dòng đọc từ tệp: 50 · số dòng đã ghi: 0" in html
