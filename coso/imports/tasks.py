"""Background jobs of the imports app (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task

from coso.imports.models import ImportJob, JobStatus


@task()
def run_import_job(job_id: int) -> str:
    """Check and write one import job; its page follows the progress stored on the job row."""
    from coso.imports.services import import_job_run

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status not in (JobStatus.QUEUED,):
        return "skipped"
    return import_job_run(job).status
