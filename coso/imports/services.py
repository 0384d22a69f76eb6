"""Running an import: create the job, check the whole file, then write it all in one transaction.

The same `import_job_run` serves the page (small files, inside the request), the job queue (large
files, `tasks.run_import_job`) and the `import_members` command, so all three check and write alike.
Validation updates the job's progress row by row in its own committed statements (the page polls
it); the write phase is one transaction, so a failure leaves the register as it was.

A job's `updated_at` is its heartbeat: every checked chunk and every change of state moves it. A
job left "checking" or "writing" with no heartbeat for `COSO_IMPORT_STALE_MINUTES` belongs to a
worker (or request) that died: `import_jobs_mark_stale` marks it failed — nothing was written,
since the write is one transaction — and `import_job_rerun` queues it again. It runs when a job
page is opened, when the worker picks up a job, and from `manage.py imports_mark_stale`.

Uploaded workbooks hold personal data: `import_files_purge` deletes them (and the cell values
copied into the error report) `COSO_IMPORT_RETENTION_DAYS` after the upload (`manage.py
imports_purge`, also run by the worker).
"""

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from zipfile import BadZipFile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from coso.accounts.actions import Action
from coso.accounts.scoping import competent_nodes, is_admin, require
from coso.audit.services import audit_bulk_create, audit_bulk_update, snapshot
from coso.common.text import format_int
from coso.imports import registry
from coso.imports.models import FINISHED_STATUSES, WAITING_STATUSES, ImportJob, JobStatus
from coso.imports.parsing import TooLargeUnpacked, open_workbook
from coso.imports.registry import MAX_STORED_ERRORS, MAX_STORED_WARNINGS, WriteConflict
from coso.imports.validation import Plan, Progress, merge_facts
from coso.members.bulk import bulk_register
from coso.members.history import derive_spells, facts_from_events
from coso.members.models import Member, MemberEvent, MembershipSpell
from coso.members.services import apply_state, spell_rows

logger = logging.getLogger(__name__)

SERVICE_MEMBERS = "import_members"
SERVICE_HISTORY = "import_history"
CACHE_FIELDS = ["status", "organization", "admitted_on", "official_on", "updated_at"]
UPLOAD_DIR = "imports"


class ImportRefused(ValidationError):
    """An upload refused before anything is stored (too large, too many checks this hour)."""


class JobProgress(Progress):
    """Writes the checked-rows counter to the job row (committed at once, so the page sees it)."""

    def __init__(self, job: ImportJob):
        self.job = job

    def start(self, total: int) -> None:
        self.job.total_rows, self.job.processed_rows = total, 0
        ImportJob.objects.filter(pk=self.job.pk).update(total_rows=total, processed_rows=0, updated_at=timezone.now())

    def advance(self, rows: int) -> None:
        self.job.processed_rows = min(self.job.total_rows, self.job.processed_rows + rows)
        ImportJob.objects.filter(pk=self.job.pk).update(
            processed_rows=self.job.processed_rows, updated_at=timezone.now()
        )

    def beat(self) -> None:
        ImportJob.objects.filter(pk=self.job.pk).update(updated_at=timezone.now())


def write_root(user):
    """The top organization of the user's write scope: the job hangs there for `accounts.scoping`."""
    if user is None or is_admin(user):
        return None
    orgs = [org for org, _reach in competent_nodes(user, Action.IMPORT)]
    return min(orgs, key=lambda o: (len(o.path), o.path)) if orgs else None


@transaction.atomic
def import_job_create(
    *,
    user,
    kind: str,
    file,
    original_name: str,
    confirm_duplicates: bool = False,
    language: str | None = None,
    confirmed: bool = False,
) -> ImportJob:
    """Store the uploaded workbook under MEDIA_ROOT and queue a job for it (nothing is checked yet).

    The job is its own record of the upload; the audit log gets the register rows the job writes.
    A user (not the command line, not an administrator who sees everything anyway) may start at
    most `COSO_IMPORT_CHECKS_PER_HOUR` jobs an hour: each check answers whether the file's citizen
    IDs are on the register (`validation`, "membership oracle").

    A job first only checks (the dry run): it stops "ready to write" with what it would write, and
    writes once the user confirms (`import_job_confirm`). `confirmed` skips that stop, for the
    command line, where the person running it has chosen to write (`import_members --dry-run`
    stops there too).
    """
    registry.get(kind)  # a kind no app registers is refused before anything is stored
    if user is not None:
        require(user, Action.IMPORT)
        check_upload_size(getattr(file, "size", None))
        check_rate(user)
    job = ImportJob(
        user=user,
        organization=write_root(user),
        kind=kind,
        original_name=original_name[:255],
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        duplicates_confirmed=confirm_duplicates,
        write_confirmed=confirmed,
    )
    job.file.save(original_name or "import.xlsx", file if isinstance(file, File) else File(file), save=False)
    job.save()
    return job


def check_upload_size(size: int | None) -> None:
    limit = settings.COSO_IMPORT_MAX_UPLOAD_MB
    if size is not None and size > limit * 1024 * 1024:
        raise ImportRefused(
            _("The file is larger than %(n)s MB, the most one import takes: split it into several files.")
            % {"n": format_int(limit)},
            code="too_large",
        )


def checks_left(user, *, now: datetime | None = None) -> tuple[int, datetime | None]:
    """(imports the user may still start this hour, when the next one frees up)."""
    limit = settings.COSO_IMPORT_CHECKS_PER_HOUR
    if user is None or is_admin(user):
        return limit, None
    since = (now or timezone.now()) - timedelta(hours=1)
    recent = list(
        ImportJob.objects.filter(user=user, created_at__gt=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)[: limit + 1]
    )
    left = max(0, limit - len(recent))
    return left, (recent[0] + timedelta(hours=1) if recent and not left else None)


def check_rate(user) -> None:
    left, free_at = checks_left(user)
    if left:
        return
    at = timezone.localtime(free_at).strftime("%H:%M") if free_at else ""
    raise ImportRefused(
        _(
            "You have checked %(n)s files in the last hour, the most allowed: try again after %(time)s. "
            "(Each check looks citizen IDs up in the whole register, so their number is limited.)"
        )
        % {"n": format_int(settings.COSO_IMPORT_CHECKS_PER_HOUR), "time": at},
        code="rate_limited",
    )


def import_job_start(job: ImportJob) -> ImportJob:
    """Run a small file now; queue a larger one on the job queue (its page shows the progress)."""
    from coso.imports.tasks import run_import_job

    try:
        with job.file.open("rb") as handle:
            wb = open_workbook(handle)
            rows = registry.get(job.kind).count_rows(wb, up_to=settings.COSO_IMPORT_INLINE_MAX_ROWS)
    except Exception:  # an unreadable upload is reported by the run itself
        rows = 0
    if rows > settings.COSO_IMPORT_INLINE_MAX_ROWS:
        job.background = True
        job.status = JobStatus.QUEUED
        job.save(update_fields=["background", "status", "updated_at"])
        run_import_job.enqueue(job.pk)
        job.refresh_from_db()
        return job
    return import_job_run(job)


class ConfirmRefused(ValueError):
    pass


@transaction.atomic
def import_job_confirm(*, job: ImportJob, actor) -> ImportJob:
    """The user has looked at the dry run (and the possible duplicates): run the job again, to write.

    The file is checked again before the write, inside the run (the register may have changed
    since the dry run), and the write stays all or nothing. Only a job waiting for its confirm
    may be confirmed, once (the row is locked, so two clicks queue one run). The job row itself
    is the record of who confirmed (its user); the records it then writes are audited.
    """
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in WAITING_STATUSES:
        raise ConfirmRefused(_("This import is not waiting for a confirmation."))
    job.duplicates_confirmed = True
    job.write_confirmed = True
    _requeue(job)
    return job


def _requeue(job: ImportJob) -> None:
    job.status = JobStatus.QUEUED
    job.errors, job.warnings, job.error_count, job.warning_count = [], [], 0, 0
    job.processed_rows, job.rows_written, job.interrupted = 0, 0, False
    job.summary, job.preview = {}, {}
    job.save()


class RerunRefused(ValueError):
    pass


@transaction.atomic
def import_job_rerun(*, job: ImportJob, actor) -> ImportJob:
    """Queue again a job whose worker died (`import_jobs_mark_stale`); the caller starts it.

    Only such a job: any other failure would fail the same way, and a job still running must not
    run twice. Its file must still be kept (`COSO_IMPORT_RETENTION_DAYS`). The job row records
    who runs it (its uploader, the only one who may open it); what it writes is audited.
    """
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.FAILED or not job.interrupted:
        raise RerunRefused(_("Only an import interrupted by a stopped worker can be run again."))
    if not job.file:
        raise RerunRefused(_("The uploaded file has been deleted: upload it again."))
    _requeue(job)
    return job


def stale_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(minutes=settings.COSO_IMPORT_STALE_MINUTES)


def import_jobs_mark_stale(*, now: datetime | None = None, job_ids=None) -> int:
    """Mark failed (and rerunnable) the jobs checking or writing without a heartbeat since the cutoff.

    Nothing of theirs is on the register: the write is one transaction, which died with its
    worker. Each row is changed only if it is still stale when updated, so a job that has just
    moved on is left alone. Returns how many were marked.
    """
    now = now or timezone.now()
    cutoff = stale_cutoff(now)
    running = (JobStatus.VALIDATING, JobStatus.WRITING)
    stale = ImportJob.objects.filter(status__in=running, updated_at__lt=cutoff)
    if job_ids is not None:
        stale = stale.filter(pk__in=job_ids)
    marked = 0
    for pk, language in list(stale.values_list("pk", "language")):
        with translation.override(language or settings.LANGUAGE_CODE):
            message = _(
                "The import stopped: the worker running it ended before it finished (for example on a "
                "restart). Nothing was written. Run it again."
            )
        marked += ImportJob.objects.filter(pk=pk, status__in=running, updated_at__lt=cutoff).update(
            status=JobStatus.FAILED,
            interrupted=True,
            errors=[_error(message)],
            error_count=1,
            rows_written=0,
            finished_at=now,
            updated_at=now,
        )
    if marked:
        logger.warning("Marked %s stale import job(s) failed", marked)
    return marked


def import_files_purge(*, now: datetime | None = None) -> int:
    """Delete the uploaded workbooks older than `COSO_IMPORT_RETENTION_DAYS`; returns how many files.

    An uploaded file is personal data, kept only as long as the board may need to look at it. The
    job row stays (who imported what, when, with which result and counts), but the cell values it
    copied (errors, possible duplicates) go with the file. Files in the upload folder that no job
    holds (an upload whose job was never saved) go too once older than the limit. Running jobs
    are skipped. Safe to run at any time, from cron or from the job worker.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.COSO_IMPORT_RETENTION_DAYS)
    deleted = 0
    old = ImportJob.objects.filter(created_at__lt=cutoff, file_purged_at__isnull=True, status__in=FINISHED_STATUSES)
    for job in old.iterator():
        if job.file:
            job.file.delete(save=False)
            deleted += 1
        ImportJob.objects.filter(pk=job.pk).update(file="", errors=[], warnings=[], file_purged_at=now, updated_at=now)
    kept = set(ImportJob.objects.exclude(file="").values_list("file", flat=True))
    for name in _stored_uploads(UPLOAD_DIR):
        if name in kept:
            continue
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                deleted += 1
        except (OSError, NotImplementedError):
            continue
    return deleted


def _stored_uploads(folder: str):
    """Every file name under `folder` of the storage (none if the folder does not exist)."""
    try:
        dirs, files = default_storage.listdir(folder)
    except (OSError, NotImplementedError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from _stored_uploads(f"{folder}/{sub}")


def import_job_run(job: ImportJob) -> ImportJob:
    """Check the job's file; if it is clean (and its possible duplicates confirmed), write it all."""
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            return _run(job)
        except Exception:
            logger.exception("Import job %s failed", job.pk)
            _finish(
                job,
                JobStatus.FAILED,
                errors=[_error(_("The import stopped on an unexpected error; nothing was written."))],
            )
            return job


def _error(reason: str) -> dict:
    return {"sheet": "", "row": "", "column": "", "value": "", "reason": reason}


def _finish(
    job: ImportJob,
    status: str,
    *,
    errors=None,
    warnings=None,
    error_count=None,
    warning_count=None,
    created=0,
    updated=0,
    rows_written=0,
    summary=None,
    preview=None,
):
    """Store the outcome; the report keeps the first errors and possible duplicates, and their totals."""
    errors, warnings = errors or [], warnings or []
    job.status = status
    job.errors = errors[:MAX_STORED_ERRORS]
    job.error_count = error_count if error_count is not None else len(errors)
    job.warnings = warnings[:MAX_STORED_WARNINGS]
    job.warning_count = warning_count if warning_count is not None else len(warnings)
    job.created_count, job.updated_count, job.rows_written = created, updated, rows_written
    if summary is not None:
        job.summary = summary
    if preview is not None:
        job.preview = preview
    job.interrupted = False
    job.finished_at = timezone.now()
    job.processed_rows = min(job.processed_rows, job.total_rows)
    job.save()


def _claim(job: ImportJob) -> bool:
    """Move a queued job to "checking"; False if another run has taken it (a job never runs twice)."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.VALIDATING,
        started_at=now,
        finished_at=None,
        errors=[],
        warnings=[],
        error_count=0,
        warning_count=0,
        processed_rows=0,
        rows_written=0,
        interrupted=False,
        updated_at=now,
    )
    job.refresh_from_db()
    return bool(claimed)


def _run(job: ImportJob) -> ImportJob:
    if not _claim(job):
        logger.info("Import job %s is not queued (%s): not run", job.pk, job.status)
        return job
    if not job.file:
        _finish(job, JobStatus.FAILED, errors=[_error(_("The uploaded file has been deleted: upload it again."))])
        return job
    with job.file.open("rb") as handle:
        try:
            wb = open_workbook(handle)
        except TooLargeUnpacked as exc:
            _finish(
                job,
                JobStatus.FAILED,
                errors=[
                    _error(
                        _("The workbook unpacks to more than %(n)s MB, more than a register file holds: split it.")
                        % {"n": format_int(exc.limit_mb)}
                    )
                ],
            )
            return job
        except (OSError, BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
            logger.info("Import job %s: unreadable file (%s)", job.pk, exc)
            _finish(job, JobStatus.FAILED, errors=[_error(_("The file cannot be read as an Excel workbook (.xlsx)."))])
            return job
        importer = registry.get(job.kind)
        plan = importer.validate(wb, user=job.user, progress=JobProgress(job))
    report = {"warnings": plan.warnings, "warning_count": plan.warning_count}
    if not plan.ok:
        _finish(job, JobStatus.FAILED, errors=plan.errors, error_count=plan.error_count, **report)
        return job
    if plan.rows_planned != plan.total_rows:  # every row read must be written, or none
        logger.error("Import job %s: %s rows read, %s planned", job.pk, plan.total_rows, plan.rows_planned)
        _finish(
            job,
            JobStatus.FAILED,
            errors=[
                _error(
                    _("%(read)s rows were read but %(planned)s would be written: nothing was written.")
                    % {"read": format_int(plan.total_rows), "planned": format_int(plan.rows_planned)}
                )
            ],
        )
        return job
    described = {"summary": plan.summary, "preview": plan.preview, **report}
    if not job.write_confirmed or (plan.warning_count and not job.duplicates_confirmed):
        _finish(job, JobStatus.READY, **described)  # the dry run: nothing written until confirmed
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.WRITING, updated_at=timezone.now())
    job.status = JobStatus.WRITING
    try:
        with transaction.atomic():
            result = importer.write(plan, actor=job.user)
            _finish(
                job,
                JobStatus.SUCCEEDED,
                created=result.created,
                updated=result.updated,
                rows_written=plan.rows_planned,
                **described,
            )
    except WriteConflict as exc:  # the register changed between checking and writing
        job.refresh_from_db(fields=["processed_rows", "total_rows"])
        _finish(job, JobStatus.FAILED, errors=[_error(exc.message)])
    return job


@transaction.atomic
def write_plan(plan: Plan, *, actor) -> tuple[int, int]:
    """Write a checked plan: new members (audited by `bulk_register`), then facts for existing members."""
    created = 0
    if plan.new_members:
        created = len(bulk_register(plan.new_members, actor=actor, service=SERVICE_MEMBERS))
    updated = write_history(plan.updates, actor=actor) if plan.updates else 0
    return created, updated


def write_history(updates: dict[int, list[MemberEvent]], *, actor) -> int:
    """Insert the new facts and rebuild each affected member's spells and cached state, audited.

    The members are locked and their facts re-read inside the transaction, so a fact recorded
    by someone else since the check is replayed too (and a contradiction rolls everything back).
    """
    ids = sorted(updates)
    members = {m.pk: m for m in Member.objects.select_for_update().filter(pk__in=ids)}
    existing = defaultdict(list)
    for event in MemberEvent.objects.filter(member_id__in=ids).order_by("member_id", "on", "id"):
        existing[event.member_id].append(event)
    before = {pk: snapshot(m) for pk, m in members.items()}
    spells, events = [], []
    for pk in ids:
        member, new = members[pk], updates[pk]
        state = derive_spells(facts_from_events(merge_facts(existing[pk], new)))
        apply_state(member, state)
        spells.extend(spell_rows(member, state))
        events.extend(new)
    now = timezone.now()
    for member in members.values():
        member.updated_at = now
    MemberEvent.objects.bulk_create(events, batch_size=2000)
    MembershipSpell.objects.filter(member_id__in=ids).delete()
    MembershipSpell.objects.bulk_create(spells, batch_size=2000)
    Member.objects.bulk_update(list(members.values()), CACHE_FIELDS, batch_size=2000)
    audit_bulk_create(actor=actor, objs=events, service=SERVICE_HISTORY, subject_attr="member")
    audit_bulk_update(actor=actor, objs=members.values(), before=before, service=SERVICE_HISTORY)
    return len(ids)
