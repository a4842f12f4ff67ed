"""The Werk zoeken block in the client file, without touching the client file's view."""

from django import template

from clients import registry
from clients.compiled import client_rows

from ..matching import vacatures_for_client
from ..models import Zichtbaarheid

register = template.Library()

SHOWN_IN_FILE = 3


def _visibility(client_id):
    return Zichtbaarheid.objects.filter(client_id=client_id).select_related("coach_consent_by").order_by("pk")[:1]


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
    matches = [(v, m) for v, m in vacatures_for_client(client) if not m.blocked]
    return {"visible": bool(record and record.is_visible), "matches": matches[:SHOWN_IN_FILE]}
