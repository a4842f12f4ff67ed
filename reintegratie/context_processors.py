from django.conf import settings


def site(request):
    """Expose the municipality's name and demo mode to every template."""
    return {"GEMEENTE_NAAM": settings.GEMEENTE_NAAM, "DEMO_MODE": settings.DEMO_MODE}
