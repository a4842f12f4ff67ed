"""Write access-log rows."""

from .models import AccessLog


def client_ip(request):
    """Return the client's IP address as the web server saw it.

    Behind a proxy, the proxy must set REMOTE_ADDR (gunicorn's
    --forwarded-allow-ips); X-Forwarded-For is not trusted here.
    """
    return request.META.get("REMOTE_ADDR") or None


def access_log_write(*, request, client, action, result=AccessLog.Result.ALLOWED):
    """Append one access-log row for this request and client."""
    user = request.user if request.user.is_authenticated else None
    return AccessLog.objects.create(
        user=user,
        role=getattr(user, "role", "") or "",
        client=client,
        action=action,
        result=result,
        path=request.path[:300],
        ip=client_ip(request),
    )
