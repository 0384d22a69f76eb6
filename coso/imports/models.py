"""Import jobs: one uploaded workbook, its progress, and what came of it.

A job is the unit of "all or nothing": its file is validated as a whole, and only a file without
errors (and with its possible duplicates confirmed) is written, in one transaction. The job row is
updated outside that transaction while validating, so the page polling it sees the progress.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.common.models import TimeStampedModel


class ImportKind(models.TextChoices):
    """The register's own kinds; every kind (these and other apps') is declared in `registry`."""

    MEMBERS = "members", _("Members (profiles and first fact)")
    HISTORY = "history", _("History facts of members")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    VALIDATING = "validating", _("Checking the file")
    WRITING = "writing", _("Writing")
    NEEDS_CONFIRMATION = "needs_confirmation", _("Possible duplicates to check")
    READY = "ready", _("Ready to write")
    SUCCEEDED = "succeeded", _("Imported")
    FAILED = "failed", _("Failed")


RUNNING_STATUSES = (JobStatus.QUEUED, JobStatus.VALIDATING, JobStatus.WRITING)
FINISHED_STATUSES = (JobStatus.NEEDS_CONFIRMATION, JobStatus.READY, JobStatus.SUCCEEDED, JobStatus.FAILED)
#: Checked, nothing written, waiting for the user's confirm (the dry run).
WAITING_STATUSES = (JobStatus.NEEDS_CONFIRMATION, JobStatus.READY)


class ImportJob(TimeStampedModel):
    """An uploaded workbook and its run. `organization` is the top of the uploader's write scope.

    Jobs are their uploader's own: `accounts.scoping` reaches them through `organization__path`
    (so nobody outside that subtree ever sees one) and the views also require the uploader.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20)  # a kind of `registry` (apps register their own)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    language = models.CharField(max_length=10, default="vi")
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    background = models.BooleanField(_("run in the background"), default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)  # the data rows read from the file
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(_("possible duplicates"), default=list, blank=True)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    updated_count = models.PositiveIntegerField(_("members updated"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    warning_count = models.PositiveIntegerField(default=0)
    interrupted = models.BooleanField(
        _("interrupted"), default=False, help_text=_("The worker stopped before the job finished; it may be rerun.")
    )
    file_purged_at = models.DateTimeField(_("file deleted at"), null=True, blank=True)
    duplicates_confirmed = models.BooleanField(_("possible duplicates checked"), default=False)
    write_confirmed = models.BooleanField(
        _("write confirmed"), default=False, help_text=_("The user saw the dry run and confirmed the write.")
    )
    summary = models.JSONField(_("what would be written"), default=dict, blank=True)  # kind of record -> count
    preview = models.JSONField(_("first rows"), default=dict, blank=True)  # {"headers": [...], "rows": [...]}
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["user", "-created_at"], name="importjob_user_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")), name="importjob_processed_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name or self.pk}"

    def get_kind_display(self) -> str:
        from coso.imports import registry

        return registry.label(self.kind)

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING_STATUSES

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def percent(self) -> int:
        if self.status in (JobStatus.WRITING, *FINISHED_STATUSES):
            return 100
        if not self.total_rows:
            return 0
        return min(100, int(100 * self.processed_rows / self.total_rows))
