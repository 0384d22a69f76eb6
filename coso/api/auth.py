"""Who is calling the read API: a logged-in browser session or a bearer token.

Tokens let scripts and dashboards read without a password; a token acts with its user's roles, so
every answer goes through the same `accounts.scoping` door as the web pages.
"""

from ninja.security import HttpBearer, django_auth

from coso.accounts.models import ApiToken
from coso.accounts.services import api_token_touch


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`: the key's SHA-256 must match a stored token of an active user."""

    def authenticate(self, request, token: str):
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash(token.strip()), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        api_token_touch(found)
        # The views and scoping read `request.user`, as for a session.
        request.user = found.user
        request.api_token = found
        return found.user


api_token_auth = ApiTokenAuth()
API_AUTH = [api_token_auth, django_auth]
