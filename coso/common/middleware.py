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
