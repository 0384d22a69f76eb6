"""Uploaded workbooks (personal data) are deleted after COSO_IMPORT_RETENTION_DAYS (issue 7).

They used to stay under media/ forever. `import_files_purge` (cron: `manage.py imports_purge`,
also run by the job worker) deletes the files and the cell values copied into the job's report,
keeps the job row and its counts, and leaves running jobs alone.
"""

import os
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coso.imports.models import ImportJob, ImportKind, JobStatus
from coso.imports.services import import_files_purge, import_job_create, import_job_run
from coso.imports.tests.factories import fill_template, member_row, upload

pytestmark = pytest.mark.django_db


def uploaded(world, *, days_old: int, run: bool = True, rows=None) -> ImportJob:
    content = fill_template(world.board_user, members=rows or [member_row(gender="??")])
    job = import_job_create(
        confirmed=True, user=world.board_user, kind=ImportKind.MEMBERS, file=upload(content), original_name="ds.xlsx"
    )
    if run:
        job = import_job_run(job)
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    job.refresh_from_db()
    return job


def on_disk(job: ImportJob) -> Path:
    return Path(default_storage.path(job.file.name))


def test_files_past_the_retention_are_deleted_with_the_values_they_showed(world, settings):
    settings.COSO_IMPORT_RETENTION_DAYS = 30
    old = uploaded(world, days_old=31)
    recent = uploaded(world, days_old=29)
    running = uploaded(world, days_old=40, run=False)  # queued: its worker still needs the file
    old_path, recent_path, running_path = on_disk(old), on_disk(recent), on_disk(running)
    assert old_path.exists() and old.errors and old.error_count == 1

    assert import_files_purge() == 1

    assert not old_path.exists() and recent_path.exists() and running_path.exists()
    old.refresh_from_db()
    assert not old.file and old.file_purged_at is not None
    assert old.errors == [] and old.warnings == [] and old.error_count == 1  # the counts stay
    assert old.status == JobStatus.FAILED and old.original_name == "ds.xlsx"
    assert import_files_purge() == 0  # idempotent


def test_files_no_job_holds_are_deleted_once_old(world, settings):
    settings.COSO_IMPORT_RETENTION_DAYS = 30
    orphan = default_storage.save("imports/2020/01/mo-coi.xlsx", upload(b"PK"))
    fresh_orphan = default_storage.save("imports/2020/01/moi.xlsx", upload(b"PK"))
    past = (timezone.now() - timedelta(days=31)).timestamp()
    os.utime(default_storage.path(orphan), (past, past))
    kept = uploaded(world, days_old=1)
    os.utime(on_disk(kept), (past, past))  # an old mtime alone does not make a job's file go

    assert import_files_purge() == 1
    assert not default_storage.exists(orphan) and default_storage.exists(fresh_orphan)
    assert on_disk(kept).exists()


def test_the_command_reports_and_the_job_page_says_the_file_is_gone(client, world, settings):
    settings.COSO_IMPORT_RETENTION_DAYS = 7
    job = uploaded(world, days_old=8)
    out = StringIO()
    call_command("imports_purge", stdout=out)
    assert out.getvalue().strip() == "Đã xóa 1 tệp tải lên cũ hơn 7 ngày."
    client.force_login(world.board_user)
    html = client.get(reverse("imports:detail", kwargs={"job_id": job.pk})).content.decode()
    assert 'id="job-purged"' in html and 'id="errors"' not in html


def test_the_purge_runs_with_the_worker(world, settings):
    settings.COSO_IMPORT_RETENTION_DAYS = 30
    old = uploaded(world, days_old=31)
    path = on_disk(old)
    from coso.imports.tasks import run_import_job

    queued = uploaded(world, days_old=0, run=False, rows=[member_row()])
    run_import_job.enqueue(queued.pk)
    assert not path.exists()
    assert ImportJob.objects.get(pk=queued.pk).status == JobStatus.SUCCEEDED
