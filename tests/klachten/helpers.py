"""Build zaken through the services, as the app does; hand-build history where a past decision date is needed."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from klachten import services
from klachten.models import Maatregel, Zaak, ZaakGebeurtenis
from klachten.workflow import GebeurtenisKind, Soort, ZaakStatus
from reintegratie.documents.models import Brief
from tests.trajecten.helpers import request_as

__all__ = ["request_as"]


def today():
    return timezone.localdate()


def days_ago(n):
    return today() - timedelta(days=n)


def fresh(zaak):
    return Zaak.objects.get(pk=zaak.pk)


def letters(zaak, kind=None):
    """The letters asked for with this zaak as their source, optionally of one kind."""
    found = Brief.objects.filter(source_type=ContentType.objects.get_for_model(Zaak), source_id=str(zaak.pk))
    return found.filter(kind=kind) if kind else found


def letter_kinds(zaak):
    return sorted(letters(zaak).values_list("kind", flat=True))


def timeline(zaak, kind=None):
    rows = ZaakGebeurtenis.objects.filter(zaak=zaak)
    return rows.filter(kind=kind) if kind else rows


def status_changes(zaak):
    return list(timeline(zaak, GebeurtenisKind.STATUS).values_list("from_status", "to_status"))


# --------------------------------------------------------------------------- klacht


def register_klacht(user, client, **extra):
    fields = {
        "category": "bejegening",
        "description": "Mijn coach was onvriendelijk aan de telefoon.",
        "channel": "telefoon",
        **extra,
    }
    return services.klacht_register(request=request_as(user), client=client, **fields)


def assign_klacht(user, zaak, handler):
    return services.klacht_assign(request=request_as(user), zaak=zaak, handler=handler, expected_version=zaak.version)


def hear_klacht(user, zaak, **extra):
    fields = {"hearing_on": today(), "report": "Telefonisch gehoord; de cliënt lichtte toe.", **extra}
    return services.klacht_hearing(request=request_as(user), zaak=zaak, expected_version=zaak.version, **fields)


def decide_klacht(user, zaak, **extra):
    fields = {
        "findings": "Het gesprek is nagegaan met de coach.",
        "judgement": "gegrond",
        "conclusions": "De coach belt de cliënt om excuses te maken.",
        **extra,
    }
    return services.klacht_decide(request=request_as(user), zaak=zaak, expected_version=zaak.version, **fields)


def klacht_ready(coach, client, handler=None, **extra):
    """A complaint in behandeling, heard, ready for a decision."""
    zaak = register_klacht(coach, client, **extra)
    # Whoever handles it assigns and hears; never the person the complaint is about.
    actor = handler or coach
    zaak = assign_klacht(actor, zaak, actor)
    return hear_klacht(actor, zaak)


# --------------------------------------------------------------------------- maatregel


def intend(coach, client, rule, **extra):
    fields = {
        "breach_on": days_ago(3),
        "description": "Niet naar de afspraak gekomen en niets laten weten.",
        **extra,
    }
    return services.maatregel_intention(request=request_as(coach), client=client, rule=rule, **fields)


def zienswijze(coach, zaak, **extra):
    fields = {"zienswijze": "Ik was ziek en kon niet bellen.", **extra}
    return services.maatregel_zienswijze(request=request_as(coach), zaak=zaak, expected_version=zaak.version, **fields)


def decide_maatregel(coach, zaak, outcome="opgelegd", **extra):
    fields = {
        "outcome": outcome,
        "culpability": "volledig",
        "culpability_note": "Geen bericht gestuurd, terwijl dat wel kon.",
        "urgent_reasons": False,
        "motivation": "U kwam niet naar de afspraak en liet niets weten.",
        **extra,
    }
    if outcome == ZaakStatus.OPGELEGD:
        voorstel = services.proposal(zaak.maatregel)
        fields.setdefault("percentage", voorstel.percentage)
        fields.setdefault("duration_months", voorstel.duration_months)
        fields.setdefault("starts_on", today())
    return services.maatregel_decide(request=request_as(coach), zaak=zaak, expected_version=zaak.version, **fields)


def maatregel_ready(coach, client, rule, **extra):
    """A sanction in beoordeling: voornemen sent, zienswijze recorded."""
    return zienswijze(coach, intend(coach, client, rule, **extra))


def impose(coach, client, rule, **extra):
    """A sanction imposed through the services, today."""
    return decide_maatregel(coach, maatregel_ready(coach, client, rule, **extra))


def past_decision(client, rule, *, decided_on, status=ZaakStatus.OPGELEGD, by=None):
    """A sanction or warning decided on a past date, hand-built (the services decide today)."""
    by = by or client.coach
    zaak = Zaak.objects.create(
        soort=Soort.MAATREGEL,
        client=client,
        status=status,
        received_on=decided_on - timedelta(days=20),
        handler=by,
        decided_on=decided_on,
        decided_by=by,
        motivation="Eerder besluit.",
        created_by=by,
    )
    imposed = status in (ZaakStatus.OPGELEGD, ZaakStatus.HERROEPEN)
    Maatregel.objects.create(
        zaak=zaak,
        rule=rule,
        breach_on=decided_on - timedelta(days=25),
        breach_description="Eerdere gedraging.",
        culpability="volledig",
        urgent_reasons=False,
        percentage=rule.percentage if imposed else None,
        duration_months=rule.duration_months if imposed else None,
    )
    return zaak


# --------------------------------------------------------------------------- bezwaar


def register_bezwaar(user, against, **extra):
    fields = {"grounds": "Ik was ziek, dat heb ik ook gezegd.", "channel": "brief", **extra}
    return services.bezwaar_register(request=request_as(user), against=against, **fields)


def assign_bezwaar(user, zaak, handler):
    return services.bezwaar_assign(request=request_as(user), zaak=zaak, handler=handler, expected_version=zaak.version)


def hear_bezwaar(user, zaak, **extra):
    fields = {"hearing_on": today(), "report": "Op het stadhuis gehoord.", **extra}
    return services.bezwaar_hearing(request=request_as(user), zaak=zaak, expected_version=zaak.version, **fields)


def decide_bezwaar(user, zaak, outcome="ongegrond", **extra):
    fields = {"motivation": "Het besluit blijft staan; de ziekte is niet aangetoond.", **extra}
    return services.bezwaar_decide(
        request=request_as(user), zaak=zaak, outcome=outcome, expected_version=zaak.version, **fields
    )
