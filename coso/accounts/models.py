import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.accounts.actions import Action, Reach
from coso.common.models import TimeStampedModel
from coso.organizations.models import OrgKind


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


class Competence(TimeStampedModel):
    """Who may take an action where: a role held on a node of some kind reaches some organizations.

    A row reads "the `role` held on an organization of kind `holder_kind` (any kind when blank) may
    take `action` on the organizations at `reach` from that node, from `valid_from` until
    `valid_to`". The rows are data because the Party's regulations fix the competent level and
    change it (Statute art. 4.3 and 21; QĐ 24-QĐ/TW 2021, replaced by QĐ 294-QĐ/TW 2025); each
    row cites its regulation, and `note` says where a value is local practice (configurable).
    A system administrator may take every action.
    """

    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    holder_kind = models.CharField(
        _("kind of the role's organization"),
        max_length=30,
        blank=True,
        choices=OrgKind.choices,
        help_text=_("Blank: a role on an organization of any kind."),
    )
    reach = models.CharField(_("reach"), max_length=10, choices=Reach.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until (exclusive)"), null=True, blank=True)
    regulation = models.CharField(_("regulation"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["action", "role", "holder_kind", "valid_from"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="competence_valid_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["action", "role", "holder_kind", "reach", "valid_from"], name="competence_unique"
            ),
        ]

    def __str__(self) -> str:
        holder = self.get_holder_kind_display() if self.holder_kind else "*"
        return f"{self.get_action_display()} — {self.get_role_display()} @{holder} — {self.get_reach_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role == Role.MEMBER:
            raise ValidationError({"role": _("The member role reaches one record and takes no action.")})
