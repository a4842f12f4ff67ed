"""Write access-log rows."""

from django.db import connections, router
from django.utils import timezone

from .models import AccessLog

# What a row holds besides its id, in the order of the INSERT below.
_FIELDS = ("at", "user", "role", "client", "action", "result", "path", "ip")


def client_ip(request):
    """Return the client's IP address as the web server saw it.

    Behind a proxy, the proxy must set REMOTE_ADDR (gunicorn's
    --forwarded-allow-ips); X-Forwarded-For is not trusted here.
    """
    return request.META.get("REMOTE_ADDR") or None


def access_log_write(*, request, client, action, result=AccessLog.Result.ALLOWED):
    """Append one access-log row for this request and client; return it (saved).

    Every view of a client file writes one, before the file is read: it is the one write of a page
    that otherwise only reads. On PostgreSQL the row goes in as one plain ``INSERT … RETURNING id``
    built once per process from the model's fields, with the values Django's ``save()`` would send
    (the same ``get_db_prep_save``): ``save()`` itself spent twice the database's time in Python
    (issue #17). Still one statement in its own transaction, committed before the page is built.
    """
    user = request.user if request.user.is_authenticated else None
    row = AccessLog(
        at=timezone.now(),
        user=user,
        role=getattr(user, "role", "") or "",
        client=client,
        action=action,
        result=result,
        path=request.path[:300],
        ip=client_ip(request),
    )
    connection = connections[router.db_for_write(AccessLog)]
    if connection.vendor != "postgresql":
        row.save()
        return row
    sql, fields = _insert(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields])
        row.pk = cursor.fetchone()[0]
    row._state.adding, row._state.db = False, connection.alias
    return row


_INSERTS = {}


def _insert(connection):
    found = _INSERTS.get(connection.alias)
    if found is None:
        quote, meta = connection.ops.quote_name, AccessLog._meta
        fields = [meta.get_field(name) for name in _FIELDS]
        columns = ", ".join(quote(field.column) for field in fields)
        marks = ", ".join(["%s"] * len(fields))
        # The table and column names are the model's own, quoted.
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}) RETURNING {quote(meta.pk.column)}"  # noqa: S608  # nosec B608
        found = _INSERTS[connection.alias] = (sql, fields)
    return found
