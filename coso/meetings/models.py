"""Cell meetings (sinh hoạt chi bộ): the plan, the roll, the minutes and the visits of higher levels.

A `Meeting` goes planned → notified → held → closed (DOMAIN.md §Cell meetings). Its attendance
roll is written from the cell's membership spells on the meeting date, so a member transferred in
mid-month appears from the transfer date and attached members are listed apart without a vote.
Closed minutes are read-only: a correction writes a `MinutesRevision` with its reason.
"""

from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.common.models import TimeStampedModel
from coso.members.models import Member
from coso.organizations.models import Organization


def _local_time(moment: datetime | None) -> time | None:
    return timezone.localtime(moment).time().replace(second=0, microsecond=0) if moment else None


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular meeting")
    THEMATIC = "thematic", _("Thematic meeting")
    COMBINED = "combined", _("Regular and thematic combined")


# Kinds that count as the month's regular meeting, and as the quarter's thematic one.
REGULAR_KINDS = (MeetingKind.REGULAR, MeetingKind.COMBINED)
THEMATIC_KINDS = (MeetingKind.THEMATIC, MeetingKind.COMBINED)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    NOTIFIED = "notified", _("Notified")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Minutes closed")


HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.CLOSED)
OPEN_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.NOTIFIED, MeetingStatus.HELD)


class Meeting(TimeStampedModel):
    cell = models.ForeignKey(Organization, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    planned_on = models.DateField(_("date"))
    # Times are stored as aware datetimes on the meeting date (the audit log serializes datetimes).
    planned_at = models.DateTimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    preparer = models.ForeignKey(
        Member,
        verbose_name=_("prepares the content"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    draft_resolution = models.TextField(_("draft resolution"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, db_index=True
    )
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    notified_to = models.CharField(_("notified to"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    chair = models.ForeignKey(
        Member, verbose_name=_("chair"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minute_taker = models.ForeignKey(
        Member, verbose_name=_("minute-taker"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.TextField(_("proceedings"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    dues_collected = models.PositiveBigIntegerField(_("dues collected (VND)"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text="Incremented by each edit of the plan or minutes."
    )

    class Meta:
        ordering = ["cell_id", "planned_on", "planned_at", "id"]
        verbose_name = _("cell meeting")
        verbose_name_plural = _("cell meetings")
        indexes = [models.Index(fields=["cell", "planned_on"], name="meeting_cell_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_at__isnull=True) | Q(ended_at__isnull=True) | Q(ended_at__gt=F("started_at")),
                name="meeting_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.planned_on:%d/%m/%Y}"

    @property
    def planned_time(self) -> time | None:
        return _local_time(self.planned_at)

    @property
    def started_time(self) -> time | None:
        return _local_time(self.started_at)

    @property
    def ended_time(self) -> time | None:
        return _local_time(self.ended_at)

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED

    @property
    def is_held(self) -> bool:
        return self.status in HELD_STATUSES


def document_path(instance: "MeetingDocument", filename: str) -> str:
    return f"meetings/{instance.meeting.cell_id}/{instance.meeting_id}/{filename}"


class MeetingDocument(TimeStampedModel):
    """A document sent out with the notice (draft resolution, material for the topic)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("name"), max_length=255)
    file = models.FileField(_("file"), upload_to=document_path)

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.name


class AttendanceStatus(models.TextChoices):
    UNRECORDED = "", _("Not recorded")
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Absent with reason")
    ABSENT = "absent", _("Absent without reason")


class Attendance(TimeStampedModel):
    """One member on one meeting's roll, as the membership stood on the meeting date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="meeting_attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    probationary = models.BooleanField(_("probationary"), default=False)
    voting = models.BooleanField(_("votes"), default=True)
    attached = models.BooleanField(_("temporarily attached"), default=False)
    exempt = models.BooleanField(_("exempted from activities"), default=False)
    dues_paid = models.BooleanField(_("dues paid"), null=True, blank=True)

    class Meta:
        ordering = ["meeting_id", "attached", "member__full_name", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_meeting_member_unique")]
        indexes = [models.Index(fields=["member", "status"], name="attendance_member_status_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.meeting_id} {self.status or '—'}"

    @property
    def counted(self) -> bool:
        """On the roll that attendance rates count: not attached, not exempted."""
        return not self.attached and not self.exempt


class Guest(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=255, blank=True)
    is_higher_level = models.BooleanField(_("official of a higher level"), default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["meeting_id", "-is_higher_level", "id"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def __str__(self) -> str:
        return self.name


class TaskKind(models.TextChoices):
    REVIEW = "review", _("Last month's task (review)")
    NEXT = "next", _("Next month's task")


class TaskStatus(models.TextChoices):
    OPEN = "", _("Not reviewed")
    DONE = "done", _("Done")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_DONE = "not_done", _("Not done")


class TaskItem(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices)
    text = models.CharField(_("task"), max_length=500)
    owner = models.ForeignKey(
        Member, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("result"), max_length=20, choices=TaskStatus.choices, blank=True)
    source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews", help_text="Task reviewed."
    )

    class Meta:
        ordering = ["meeting_id", "kind", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.text


class Vote(TimeStampedModel):
    """A vote taken at the meeting (on the resolution, on a proposal)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    subject = models.CharField(_("subject"), max_length=255)
    in_favour = models.PositiveSmallIntegerField(_("in favour"), default=0)
    against = models.PositiveSmallIntegerField(_("against"), default=0)
    abstained = models.PositiveSmallIntegerField(_("abstained"), default=0)

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return self.subject


class MinutesRevision(TimeStampedModel):
    """A correction of closed minutes: what changed, why, and who changed it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField(_("reason for the correction"))
    changes = models.JSONField(default=dict)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["meeting_id", "number"]
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="minutesrevision_unique")]

    def __str__(self) -> str:
        return f"{self.meeting_id} #{self.number}"


class Visit(TimeStampedModel):
    """A higher-level official attending a cell meeting to check its quality (dự sinh hoạt chi bộ)."""

    cell = models.ForeignKey(Organization, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="visits")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    committee = models.ForeignKey(
        Organization,
        verbose_name=_("visiting committee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits_made",
    )
    on = models.DateField(_("date"))
    visitor_name = models.CharField(_("visitor"), max_length=150)
    visitor_position = models.CharField(_("position"), max_length=255, blank=True)
    #: The committee member who visited, when known: the visit counts for their supervision assignment.
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("committee member"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="visits",
    )  # fmt: skip
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("visit to a cell meeting")
        verbose_name_plural = _("visits to cell meetings")
        indexes = [models.Index(fields=["cell", "on"], name="visit_cell_on_idx")]

    def __str__(self) -> str:
        return f"{self.visitor_name} {self.on:%d/%m/%Y}"


class VisitPlan(TimeStampedModel):
    """A committee's plan to attend the meetings of its cells in a year (each at least once)."""

    committee = models.ForeignKey(
        Organization, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="visit_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["committee_id", "-year"]
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="visitplan_committee_year_unique")]

    def __str__(self) -> str:
        return f"{self.committee_id} {self.year}"


class VisitPlanItem(TimeStampedModel):
    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="items")
    cell = models.ForeignKey(Organization, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="+")
    month = models.PositiveSmallIntegerField(_("month"))
    visitor_name = models.CharField(_("visitor"), max_length=150, blank=True)

    class Meta:
        ordering = ["plan_id", "month", "id"]
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        constraints = [
            models.UniqueConstraint(fields=["plan", "cell"], name="visitplanitem_plan_cell_unique"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="visitplanitem_month_range"),
        ]

    def __str__(self) -> str:
        return f"{self.cell_id} {self.month}"
