import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.common.models import TimeStampedModel


class Role(models.TextChoices):
    BOARD = "board", _("Organization board staff")
    SECRETARY = "secretary", _("Committee or cell secretary")
    OBSERVER = "observer", _("Read-only observer")
    MEMBER = "member", _("Party member (own record)")


WRITE_ROLES = (Role.BOARD, Role.SECRETARY)
# The roles that reach an organization's subtree (the member role reaches one record only).
READ_ROLES = (Role.BOARD, Role.SECRETARY, Role.OBSERVER)


class RoleAssignment(TimeStampedModel):
    """A user's role on an organization node; it reaches the node's whole subtree.

    The member role points at the member's own record instead of a node.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="user_assignments",
    )

    class Meta:
        ordering = ["user_id", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="member") & Q(member__isnull=False))
                | (~Q(role="member") & Q(organization__isnull=False)),
                name="roleassignment_target_matches_role",
            ),
            models.UniqueConstraint(fields=["user", "role", "organization", "member"], name="roleassignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization or self.member}"


class ApiToken(TimeStampedModel):
    """A bearer token for the read API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)
