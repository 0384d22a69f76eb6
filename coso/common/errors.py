"""Our own error pages (400, 403, 404, CSRF failure), in the user's language, whenever DEBUG is off.

Django's defaults are bare English lines. A user who follows an old link, or a link to a record
outside their part of the tree (the scoping door answers 404 so that the record's existence does not
leak), should read what happened and find a way back: the home page, and the page they came from
when the browser says which one it was and it is on this site. The 500 page is Django's own
`server_error` rendering `500.html`, which needs neither context processors nor the database.
"""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def back_url(request) -> str:
    """The page the user came from, if it is on this site and is not the failing page itself."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    if referer.endswith(request.get_full_path()):
        return ""
    return referer


def _page(request, template: str, status: int, **extra):
    return render(request, template, {"back_url": back_url(request), **extra}, status=status)


def bad_request(request, exception=None):
    return _page(request, "400.html", 400)


def permission_denied(request, exception=None):
    """The reason a service gave (`PermissionDenied(_("You may not revoke this role."))`), if any:
    services raise it in the user's language; a bare PermissionDenied shows the general sentence."""
    reason = str(exception) if exception is not None and exception.args else ""
    return _page(request, "403.html", 403, reason=reason)


def page_not_found(request, exception=None):
    return _page(request, "404.html", 404)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: most often a form left open past the session, or cookies turned off."""
    return _page(request, "403_csrf.html", 403)
