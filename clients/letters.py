"""The invitation letters for an appointment: registered with the letter registry."""

from django.utils import timezone

from reintegratie.documents.letters import register
from reintegratie.documents.models import BriefKind

from .models import Afspraak


def _afspraak_context(brief):
    afspraak = Afspraak.objects.select_related("with_user").get(pk=brief.source_id)
    return {"afspraak": afspraak, "starts_at": timezone.localtime(afspraak.starts_at)}


def _accepts(client, source):
    return isinstance(source, Afspraak) and source.client_id == client.pk


def _an_appointment_of(client):
    return client.afspraken.order_by("-starts_at").first()


register(
    BriefKind.UITNODIGING_AFSPRAAK,
    template="brieven/uitnodiging_afspraak.html",
    subject="Uitnodiging voor een gesprek",
    code="UNG",
    build=_afspraak_context,
    accepts=_accepts,
    sample=_an_appointment_of,
)
register(
    BriefKind.UITNODIGING_BREDE_INTAKE,
    template="brieven/uitnodiging_brede_intake.html",
    subject="Uitnodiging voor een eerste gesprek",
    code="UNI",
    build=_afspraak_context,
    accepts=_accepts,
    sample=_an_appointment_of,
)
