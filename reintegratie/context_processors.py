from django.conf import settings


def site(request):
    """Expose the municipality's name and demo mode to every template."""
    return {"GEMEENTE_NAAM": settings.GEMEENTE_NAAM, "DEMO_MODE": settings.DEMO_MODE}


def portal_pages(request):
    """The portal pages feature apps registered (clients/registry.py), for the client's menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(user, "role", "") != "client":
        return {"registered_portal_pages": []}
    from clients import registry

    return {"registered_portal_pages": registry.ordered(registry.PORTAL_PAGES)}
