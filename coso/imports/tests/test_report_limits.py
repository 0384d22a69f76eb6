"""Bounds of one import (security review, issue 7: "storage amplification").

A 26 KB upload stored 21 MB of error text and a 21 MB job page: every row's error repeated a huge
cell, and every copy of a repeated name listed all the rows before it. The report keeps the first
errors and possible duplicates with their totals, shortens echoed values, and uploads are bounded
in size (COSO_IMPORT_MAX_UPLOAD_MB) and rows (COSO_IMPORT_MAX_ROWS).
"""

import json

import pytest
from django.urls import reverse

from coso.imports.models import ImportJob, ImportKind, JobStatus
from coso.imports.services import import_job_create, import_job_run
from coso.imports.tests.factories import fill_template, many_rows, member_row, upload
from coso.imports.validation import MAX_MATCHES, MAX_STORED_ERRORS, MAX_STORED_WARNINGS, MAX_VALUE_CHARS

pytestmark = pytest.mark.django_db


def run(user, content: bytes):
    job = import_job_create(
        confirmed=True, user=user, kind=ImportKind.MEMBERS, file=upload(content), original_name="ds.xlsx"
    )
    return import_job_run(job)


def test_errors_are_counted_in_full_but_only_the_first_are_kept_short(client, world):
    huge = "X" * 30000
    rows = many_rows(700, decision_issuer=huge)  # 700 errors, each echoing a 30,000-character cell
    job = run(world.board_user, fill_template(world.board_user, members=rows))

    assert job.status == JobStatus.FAILED and job.error_count == 700
    assert len(job.errors) == MAX_STORED_ERRORS == 500
    assert all(len(e["value"]) <= MAX_VALUE_CHARS for e in job.errors)
    assert len(json.dumps(job.errors)) < 200_000
    client.force_login(world.board_user)
    page = client.get(reverse("imports:detail", kwargs={"job_id": job.pk}))
    assert len(page.content) < 500_000
    assert "hiển thị 500 trên tổng số 700" in page.content.decode()
    errors_xlsx = client.get(reverse("imports:errors_xlsx", kwargs={"job_id": job.pk}))
    assert len(errors_xlsx.content) < 200_000


def test_repeated_names_list_a_bounded_number_of_matches(world):
    rows = many_rows(600)
    for row in rows:
        row.update(full_name="Nguyễn Văn Trùng", date_of_birth="02/02/1990")
    job = run(world.board_user, fill_template(world.board_user, members=rows))

    assert job.status == JobStatus.READY
    assert job.warning_count == 599 and len(job.warnings) == MAX_STORED_WARNINGS
    assert all(len(w["matches"]) <= MAX_MATCHES for w in job.warnings)
    last = job.warnings[-1]  # row 501 repeats the 499 rows before it
    assert last["row"] == 502 and len(last["matches"]) == MAX_MATCHES and last["more"] == 500 - MAX_MATCHES
    assert len(json.dumps(job.warnings)) < 1_000_000  # 500 × 10 matches; unbounded it was ~12 MB


def test_an_upload_over_the_size_limit_is_refused_naming_the_limit(client, world, settings):
    settings.COSO_IMPORT_MAX_UPLOAD_MB = 1
    client.force_login(world.board_user)
    big = upload(b"PK" + b"\0" * (1024 * 1024), name="lon.xlsx")
    response = client.post(reverse("imports:list"), {"kind": "members", "file": big})
    assert response.status_code == 400
    assert "Tệp lớn hơn 1 MB, mức tối đa của một lần nhập" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_with_more_rows_than_allowed_is_refused_before_checking_them(world, settings):
    settings.COSO_IMPORT_MAX_ROWS = 5
    job = run(world.board_user, fill_template(world.board_user, members=many_rows(6)))
    assert job.status == JobStatus.FAILED and job.error_count == 1
    assert job.errors[0]["reason"] == (
        "Trang tính có hơn 5 dòng dữ liệu, mức tối đa của một lần nhập: hãy chia tệp ra."
    )
    ok = run(world.board_user, fill_template(world.board_user, members=many_rows(5)))
    assert ok.status == JobStatus.SUCCEEDED, ok.errors


def test_members_and_history_rows_together_are_bounded(world, settings):
    settings.COSO_IMPORT_MAX_ROWS = 3
    history = [{"member_key": "001190000101", "kind": "recognized", "on": "02/03/2016"}] * 2
    job = run(
        world.board_user,
        fill_template(world.board_user, members=[member_row(), member_row(citizen_id="001190000102")], history=history),
    )
    assert job.status == JobStatus.FAILED
    assert job.errors[0]["reason"].startswith("Tệp có hơn 3 dòng dữ liệu")


def test_a_small_file_that_unpacks_to_too_much_is_refused_before_it_is_read(world, settings):
    import zipfile
    from io import BytesIO

    settings.COSO_IMPORT_MAX_UPLOAD_MB = 1  # unpacked: at most 15 MB
    content = BytesIO(fill_template(world.board_user, members=[member_row()]))
    with zipfile.ZipFile(content, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (16 * 1024 * 1024))
    assert len(content.getvalue()) < 100_000
    job = run(world.board_user, content.getvalue())
    assert job.status == JobStatus.FAILED
    assert job.errors[0]["reason"].startswith("Tệp Excel khi giải nén lớn hơn 15 MB")
    settings.COSO_IMPORT_MAX_UPLOAD_MB = 2  # 30 MB unpacked: the same file is read
    assert run(world.board_user, content.getvalue()).status == JobStatus.SUCCEEDED
