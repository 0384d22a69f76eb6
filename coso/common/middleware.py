from django.shortcuts import render

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
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadInput):
            return render(request, "common/bad_input.html", {"errors": exception.messages}, status=400)
        return None
