"""The Werk zoeken block in the client file, without touching the client file's view."""

from django import template
from django.utils import timezone

from clients import registry
from clients.compiled import client_rows, plain_rows

from ..matching import open_vacatures, vacatures_for_client
from ..models import Zichtbaarheid

register = template.Library()

SHOWN_IN_FILE = 3


def _visibility(client_id):
    return Zichtbaarheid.objects.filter(client_id=client_id).select_related("coach_consent_by").order_by("pk")[:1]


def _open_vacatures():
    """The open vacancies of today, from SQL compiled once per connection and day."""
    today = timezone.localdate()
    return plain_rows(("file.open_vacatures", today), lambda: open_vacatures(today))


@register.simple_tag
def client_vacatures_summary(client):
    """The best open vacancies without a blocker, and whether the profile is visible (three queries)."""
    # Whether the consent was given by the current coach: the giver read with the record, the client
    # (and its coach) is the file's own (``client_rows`` sets it).
    # No record at all (the client file's probe, read with the client): no query.
    records = []
    if registry.file_has(client, "zichtbaarheid"):
        records = client_rows("file.zichtbaarheid", _visibility, client)
    record = records[0] if records else None
    matches = [(v, m) for v, m in vacatures_for_client(client, _open_vacatures) if not m.blocked]
    return {"visible": bool(record and record.is_visible), "matches": matches[:SHOWN_IN_FILE]}
