"""Running an import: create the job, check the whole file, then write it all in one transaction.

The same `import_job_run` serves the page (small files, inside the request), the job queue (large
files, `tasks.run_import_job`) and the `import_members` command, so all three check and write alike.
Validation updates the job's progress row by row in its own committed statements (the page polls
it); the write phase is one transaction, so a failure leaves the register as it was.
"""

import logging
from collections import defaultdict
from zipfile import BadZipFile

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from coso.accounts.actions import Action
from coso.accounts.scoping import competent_nodes, is_admin, require
from coso.audit.services import audit_bulk_create, audit_bulk_update, snapshot
from coso.imports.models import ImportJob, JobStatus
from coso.imports.parsing import count_rows, open_workbook
from coso.imports.validation import MAX_STORED_ERRORS, Plan, Progress, merge_facts, validate_workbook
from coso.members.bulk import bulk_register
from coso.members.history import HistoryError, derive_spells, facts_from_events
from coso.members.models import Member, MemberEvent, MembershipSpell
from coso.members.services import apply_state, spell_rows

logger = logging.getLogger(__name__)

SERVICE_MEMBERS = "import_members"
SERVICE_HISTORY = "import_history"
CACHE_FIELDS = ["status", "organization", "admitted_on", "official_on", "updated_at"]


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


def write_root(user):
    """The top organization of the user's write scope: the job hangs there for `accounts.scoping`."""
    if user is None or is_admin(user):
        return None
    orgs = [org for org, _reach in competent_nodes(user, Action.IMPORT)]
    return min(orgs, key=lambda o: (len(o.path), o.path)) if orgs else None


@transaction.atomic
def import_job_create(
    *, user, kind: str, file, original_name: str, confirm_duplicates: bool = False, language: str | None = None
) -> ImportJob:
    """Store the uploaded workbook under MEDIA_ROOT and queue a job for it (nothing is checked yet).

    The job is its own record of the upload; the audit log gets the register rows the job writes.
    """
    if user is not None:
        require(user, Action.IMPORT)
    job = ImportJob(
        user=user,
        organization=write_root(user),
        kind=kind,
        original_name=original_name[:255],
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        duplicates_confirmed=confirm_duplicates,
    )
    job.file.save(original_name or "import.xlsx", file if isinstance(file, File) else File(file), save=False)
    job.save()
    return job


def import_job_start(job: ImportJob) -> ImportJob:
    """Run a small file now; queue a larger one on the job queue (its page shows the progress)."""
    from coso.imports.tasks import run_import_job

    try:
        with job.file.open("rb") as handle:
            rows = count_rows(open_workbook(handle), job.kind)
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


@transaction.atomic
def import_job_confirm(*, job: ImportJob, actor) -> ImportJob:
    """The user has looked at the possible duplicates: run the job again, allowed to write.

    The job row itself is the record of who confirmed (its user); the members it then writes are audited.
    """
    job.duplicates_confirmed = True
    job.status = JobStatus.QUEUED
    job.errors, job.warnings, job.error_count = [], [], 0
    job.processed_rows = 0
    job.save()
    return job


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


def _finish(job: ImportJob, status: str, *, errors=None, warnings=None, error_count=None, created=0, updated=0):
    errors = errors or []
    job.status = status
    job.errors = errors[:MAX_STORED_ERRORS]
    job.error_count = error_count if error_count is not None else len(errors)
    job.warnings = warnings or []
    job.created_count, job.updated_count = created, updated
    job.finished_at = timezone.now()
    job.processed_rows = min(job.processed_rows, job.total_rows)
    job.save()


def _run(job: ImportJob) -> ImportJob:
    job.status = JobStatus.VALIDATING
    job.started_at, job.finished_at = timezone.now(), None
    job.errors, job.warnings, job.error_count, job.processed_rows = [], [], 0, 0
    job.save(
        update_fields=[
            "status",
            "started_at",
            "finished_at",
            "errors",
            "warnings",
            "error_count",
            "processed_rows",
            "updated_at",
        ]
    )
    with job.file.open("rb") as handle:
        try:
            wb = open_workbook(handle)
        except (OSError, BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
            logger.info("Import job %s: unreadable file (%s)", job.pk, exc)
            _finish(job, JobStatus.FAILED, errors=[_error(_("The file cannot be read as an Excel workbook (.xlsx)."))])
            return job
        plan = validate_workbook(wb, kind=job.kind, user=job.user, progress=JobProgress(job))
    if not plan.ok:
        _finish(job, JobStatus.FAILED, errors=plan.errors, warnings=plan.warnings, error_count=len(plan.errors))
        return job
    if plan.warnings and not job.duplicates_confirmed:
        _finish(job, JobStatus.NEEDS_CONFIRMATION, warnings=plan.warnings)
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.WRITING, updated_at=timezone.now())
    job.status = JobStatus.WRITING
    try:
        with transaction.atomic():
            created, updated = write_plan(plan, actor=job.user)
            _finish(job, JobStatus.SUCCEEDED, warnings=plan.warnings, created=created, updated=updated)
    except HistoryError as exc:  # the register changed between checking and writing
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
