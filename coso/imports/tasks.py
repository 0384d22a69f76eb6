"""Background jobs of the imports app (django-tasks; `manage.py db_worker` runs them)."""

import logging

from django_tasks import task

from coso.imports.models import ImportJob, JobStatus

logger = logging.getLogger(__name__)


@task()
def run_import_job(job_id: int) -> str:
    """Check and write one import job; its page follows the progress stored on the job row.

    Before it, the worker does the imports' housekeeping: jobs left running by a worker that died
    are marked failed (so a restarted worker clears them), and workbooks past their retention are
    deleted (`services.import_jobs_mark_stale`, `services.import_files_purge`).
    """
    from coso.imports.services import import_files_purge, import_job_run, import_jobs_mark_stale

    try:
        import_jobs_mark_stale()
        import_files_purge()
    except Exception:  # housekeeping must never stop an import
        logger.exception("Import housekeeping failed")
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status not in (JobStatus.QUEUED,):
        return "skipped"
    return import_job_run(job).status
