"""Cross-cutting HTTP behaviour."""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Forbid caching of every page shown to a logged-in user.

    Such pages may show client data (ASVS 8.2.1); a shared or back-button
    cache must not keep them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response
