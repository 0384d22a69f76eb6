"""A job whose worker died is marked failed and can be rerun (security review, issue 7: "stuck job").

After the worker was killed mid-import the job showed "writing" forever, even after a restart.
The worker's death is reproduced for real: the write is interrupted by a BaseException (what a
signal does to the process), so its transaction rolls back and the job row is left as the dead
worker left it. A job with no heartbeat (`updated_at`) for COSO_IMPORT_STALE_MINUTES is failed
when its page is viewed, when the worker takes its next job, and by `manage.py imports_mark_stale`.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coso.imports import services
from coso.imports.models import ImportJob, ImportKind, JobStatus
from coso.imports.services import (
    RerunRefused,
    import_job_create,
    import_job_rerun,
    import_job_run,
    import_jobs_mark_stale,
)
from coso.imports.tests.factories import fill_template, many_rows, upload
from coso.members.models import Member

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """What SIGKILL/SIGTERM does to a worker: nothing after it runs, no `except Exception` catches it."""


def killed_while_writing(world, monkeypatch, rows: int = 4) -> ImportJob:
    job = import_job_create(
        confirmed=True,
        user=world.board_user,
        kind=ImportKind.MEMBERS,
        file=upload(fill_template(world.board_user, members=many_rows(rows))),
        original_name="ds.xlsx",
    )

    real_write = services.bulk_register

    def die(*args, **kwargs):
        real_write(*args, **kwargs)  # members, facts, spells and audit rows are inserted...
        raise WorkerKilled  # ...and the process dies before the transaction commits

    with monkeypatch.context() as patch:
        patch.setattr(services, "bulk_register", die)
        with pytest.raises(WorkerKilled):
            import_job_run(job)
    job.refresh_from_db()
    return job


def age(job: ImportJob, minutes: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=minutes))


def test_a_killed_worker_leaves_the_job_writing_with_nothing_written(world, monkeypatch):
    before = Member.objects.count()
    job = killed_while_writing(world, monkeypatch)
    assert job.status == JobStatus.WRITING
    assert Member.objects.count() == before


def test_the_job_page_fails_a_stale_job_and_offers_a_rerun_that_imports_it(client, world, monkeypatch, settings):
    settings.COSO_IMPORT_STALE_MINUTES = 30
    before = Member.objects.count()
    job = killed_while_writing(world, monkeypatch)
    client.force_login(world.board_user)
    url = reverse("imports:detail", kwargs={"job_id": job.pk})

    age(job, 10)  # the worker may still be busy: left alone
    assert "Đang ghi dữ liệu" in client.get(url).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.WRITING

    age(job, 31)
    html = client.get(url).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.interrupted and job.rows_written == 0
    assert "Lần nhập đã dừng: tiến trình xử lý kết thúc trước khi nhập xong" in html
    assert 'id="rerun-form"' in html and "hx-trigger" not in html
    assert Member.objects.count() == before

    response = client.post(reverse("imports:rerun", kwargs={"job_id": job.pk}))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and not job.interrupted
    assert (job.total_rows, job.rows_written, job.created_count) == (4, 4, 4)
    assert Member.objects.count() == before + 4


def test_the_progress_partial_also_stops_polling_a_stale_job(client, world, monkeypatch):
    job = killed_while_writing(world, monkeypatch)
    age(job, 120)
    client.force_login(world.board_user)
    html = client.get(reverse("imports:progress", kwargs={"job_id": job.pk})).content.decode()
    assert "hx-trigger" not in html and "Chạy lại lần nhập" in html


def test_the_worker_and_the_command_fail_stale_jobs(world, monkeypatch):
    checking = import_job_create(
        confirmed=True,
        user=world.board_user,
        kind=ImportKind.MEMBERS,
        file=upload(fill_template(world.board_user, members=many_rows(2))),
        original_name="a.xlsx",
    )
    ImportJob.objects.filter(pk=checking.pk).update(status=JobStatus.VALIDATING)
    age(checking, 45)
    writing = killed_while_writing(world, monkeypatch)
    age(writing, 45)
    fresh = killed_while_writing(world, monkeypatch)  # still within the timeout

    out = StringIO()
    call_command("imports_mark_stale", stdout=out)
    assert "Đã đánh dấu không nhập được 2 lần nhập" in out.getvalue()
    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses[checking.pk] == statuses[writing.pk] == JobStatus.FAILED
    assert statuses[fresh.pk] == JobStatus.WRITING

    # The worker's next job clears the rest before it runs.
    age(fresh, 45)
    from coso.imports.tasks import run_import_job

    queued = import_job_create(
        confirmed=True,
        user=world.board_user,
        kind=ImportKind.MEMBERS,
        file=upload(fill_template(world.board_user, members=many_rows(1))),
        original_name="b.xlsx",
    )
    run_import_job.enqueue(queued.pk)
    assert ImportJob.objects.get(pk=fresh.pk).status == JobStatus.FAILED
    assert ImportJob.objects.get(pk=queued.pk).status == JobStatus.SUCCEEDED


def test_only_an_interrupted_job_can_be_rerun_and_a_job_never_runs_twice(world, monkeypatch):
    job = killed_while_writing(world, monkeypatch)
    with pytest.raises(RerunRefused):
        import_job_rerun(job=job, actor=world.board_user)  # still writing: not (yet) taken for dead
    age(job, 60)
    import_jobs_mark_stale()
    job.refresh_from_db()
    requeued = import_job_rerun(job=job, actor=world.board_user)
    assert requeued.status == JobStatus.QUEUED
    assert import_job_run(requeued).status == JobStatus.SUCCEEDED
    again = ImportJob.objects.get(pk=job.pk)
    assert import_job_run(again).status == JobStatus.SUCCEEDED  # not queued: not run again
    with pytest.raises(RerunRefused):
        import_job_rerun(job=again, actor=world.board_user)


def test_a_failed_file_is_not_rerunnable_from_the_page(client, world):
    job = import_job_create(
        confirmed=True, user=world.board_user, kind=ImportKind.MEMBERS, file=upload(b"nope"), original_name="x.xlsx"
    )
    import_job_run(job)
    client.force_login(world.board_user)
    html = client.get(reverse("imports:detail", kwargs={"job_id": job.pk})).content.decode()
    assert 'id="rerun-form"' not in html
    response = client.post(reverse("imports:rerun", kwargs={"job_id": job.pk}), follow=True)
    assert "Chỉ chạy lại được lần nhập bị gián đoạn" in response.content.decode()
