from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from coso.common.dates import BadInput


class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose another language (the language cookie of `set_language`).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office computer with
    an English Windows would show the English UI. The product is Vietnamese first: the browser's
    preference is ignored and only an explicit choice counts. Must run before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class BadInputMiddleware:
    """A refused request parameter (`coso.common.dates.BadInput`, e.g. `?on=31/12/9999`) is a 400 page
    that says, in the user's language, what was refused — never a 500 (security review, issue 7)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = nul_parameter(request)
        if refused is not None:
            message = _("The parameter “%(name)s” contains a NUL character, which no value may hold.") % {
                "name": refused.replace("\x00", "\\0")
            }
            if request.path.startswith("/api/"):
                error = {"field": refused, "code": "null_character", "message": message}
                return JsonResponse({"detail": message, "errors": [error]}, status=400)
            return render(request, "common/bad_input.html", {"errors": [message]}, status=400)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadInput):
            return render(request, "common/bad_input.html", {"errors": exception.messages}, status=400)
        return None


def nul_parameter(request) -> str | None:
    """The name of the first query parameter holding a NUL character, if any.

    PostgreSQL refuses NUL in any text it is given, so such a value would reach the database only to
    fail there as a 500 (the API fuzz found it in a filter). Refused here once for every page and API
    call, rather than in each parameter's type."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name
    return None
