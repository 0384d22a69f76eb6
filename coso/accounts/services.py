"""Writes on accounts: API tokens. Each write is audited like any other business operation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.accounts.models import ApiToken
from coso.audit.services import audit_create, audit_delete

TOKEN_NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


@transaction.atomic
def api_token_create(*, user, name: str, actor) -> tuple[ApiToken, str]:
    """Issue a bearer token for the read API and return it with its raw key.

    Only the SHA-256 of the key is stored, so the raw key is returned once, here, and cannot be
    shown again; a lost key is revoked and replaced.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("The token name is required.")})
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("The token name has at most %(n)d characters.") % {"n": TOKEN_NAME_MAX_LENGTH}}
        )
    if not user.is_active:
        raise ValidationError({"user": _("User %(user)s is inactive.") % {"user": user.get_username()}})
    raw_key = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash(raw_key), prefix=raw_key[:8])
    audit_create(actor=actor, obj=token, service="api_token_create")
    return token, raw_key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> None:
    """Delete a token: requests bearing its key are refused from now on (the audit keeps who and when)."""
    audit_delete(actor=actor, obj=token, service="api_token_revoke")
    token.delete()


def api_token_touch(token: ApiToken) -> None:
    """Stamp the token's last use, so an administrator can spot and revoke forgotten tokens.

    Not audited: it runs on every API request and changes nothing the token may do; the audit
    keeps the token's issue and revocation.
    """
    token.last_used_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
