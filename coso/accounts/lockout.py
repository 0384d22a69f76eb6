"""Login lockout by user name *and* by address (django-axes with two thresholds).

Axes counts failures per combination of `AXES_LOCKOUT_PARAMETERS` but has one threshold for all. We
lock a user name on one address after `COSO_LOGIN_FAILURE_LIMIT` failures (5) and an address alone
after `COSO_LOGIN_ADDRESS_FAILURE_LIMIT` failures whatever the user names (20: an office behind one
NAT address shares it, so it must be higher). Security review, issue 7: one address trying one
password on twenty user names was never throttled.

The address is Django's REMOTE_ADDR as axes reads it; forwarded-address headers are not trusted
(`AXES_IPWARE_META_PRECEDENCE_ORDER`), so changing them cannot move an attacker to a fresh counter.
A successful login clears only that user name's failures on that address: logging into one's own
account must not reset the address's count of guesses at others.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def address_failure_limit() -> int:
    return int(getattr(settings, "COSO_LOGIN_ADDRESS_FAILURE_LIMIT", 20))


class UserAndAddressHandler(AxesDatabaseHandler):
    """Expects `AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]` (in that order)."""

    @staticmethod
    def _failures(attempts) -> int:
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def get_failures(self, request, credentials=None) -> int:
        per_user, per_address = (self._failures(qs) for qs in self.get_user_attempts(request, credentials))
        user_limit = get_failure_limit(request, credentials)
        # On the per-user scale, so axes' single limit locks at either threshold:
        # per_address * u // a >= u  <=>  per_address >= a.
        return max(per_user, per_address * user_limit // address_failure_limit())

    def reset_user_attempts(self, request, credentials=None) -> int:
        per_user = self.filter_user_attempts(request, credentials)[0]
        count, _ = per_user.delete()
        return count
