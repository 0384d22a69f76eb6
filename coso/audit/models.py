from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One write to one record: who, when, through which service, old and new values.

    Written explicitly by services (not by signals), so bulk imports are audited too and every
    entry names the business operation that caused it.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300, blank=True)
    service = models.CharField(max_length=100)
    changes = models.JSONField(default=dict, blank=True)
    # The record this change belongs to, when it is a part of another (a history fact of a member),
    # so that record's trail shows it too.
    subject_model = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["model", "object_id", "at"], name="audit_object_idx"),
            models.Index(fields=["subject_model", "subject_id", "at"], name="audit_subject_idx"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.model}#{self.object_id}"
