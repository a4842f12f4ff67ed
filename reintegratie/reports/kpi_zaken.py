"""KPIs on complaints, sanctions and objections (klachten.Zaak), in the style of kpi.py.

Decision time is ``decided_on − received_on`` in days (both dates). Exact
definitions: ``docs/kpi.md``.
"""

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce

from klachten.models import Zaak
from klachten.workflow import BezwaarUitkomst, Soort, ZaakStatus

from .kpi import _days, _in_scope, share

DECISION_TIME = ExpressionWrapper(F("decided_on") - F("received_on"), output_field=DurationField())


def complaints(clients, period):
    """Return complaints received and decided in the period, per category, with the mean decision time."""
    scoped = _in_scope(Zaak.objects.filter(soort=Soort.KLACHT), clients)
    received = period.dates("received_on")
    decided = period.dates("decided_on") & Q(status=ZaakStatus.AFGEHANDELD)
    counts = {
        "received": Count("pk", filter=received),
        "decided": Count("pk", filter=decided),
        "avg": Avg(DECISION_TIME, filter=decided),
    }
    rows = (
        scoped.filter(received | decided)
        .order_by()
        .values(category=F("klacht__category"))
        .annotate(**counts)
        .order_by("category")
    )

    def with_days(r):
        return {key: value for key, value in r.items() if key != "avg"} | {"avg_days": _days(r["avg"])}

    return {"by_category": [with_days(r) for r in rows], "total": with_days(scoped.aggregate(**counts))}


def sanctions(clients, period):
    """Return sanctions decided in the period per category, how they ended, and how many after a hearing.

    'Heard' means the client gave a zienswijze (Maatregel.zienswijze_on is set)
    before the decision.
    """
    scoped = _in_scope(Zaak.objects.filter(soort=Soort.MAATREGEL), clients).filter(
        period.dates("decided_on") & ~Q(status=ZaakStatus.INGETROKKEN)
    )
    counts = {
        "decided": Count("pk"),
        "imposed": Count("pk", filter=Q(status__in=[ZaakStatus.OPGELEGD, ZaakStatus.HERROEPEN])),
        "warning": Count("pk", filter=Q(status=ZaakStatus.WAARSCHUWING)),
        "none": Count("pk", filter=Q(status=ZaakStatus.GEEN_MAATREGEL)),
        "revoked": Count("pk", filter=Q(status=ZaakStatus.HERROEPEN)),
        "heard": Count("pk", filter=Q(maatregel__zienswijze_on__isnull=False)),
    }
    rows = list(
        scoped.order_by()
        .values(category=Coalesce(F("maatregel__rule__name"), Value("")))
        .annotate(**counts)
        .order_by("category")
    )
    # Every decision falls in one category: the total is the sum of the rows (no second query).
    total = {key: sum(r[key] for r in rows) for key in counts}

    def with_share(r):
        return {**r, "heard_share": share(r["heard"], r["decided"])}

    return {"by_category": [with_share(r) for r in rows], "total": with_share(total)}


def objections(clients, period):
    """Return objections received in the period (and how many of those were withdrawn), and those decided in it.

    Decided objections are counted per outcome, with the mean decision time.
    """
    scoped = _in_scope(Zaak.objects.filter(soort=Soort.BEZWAAR), clients)
    decided = period.dates("decided_on") & Q(status=ZaakStatus.AFGEHANDELD)
    figures = scoped.aggregate(
        received=Count("pk", filter=period.dates("received_on")),
        decided=Count("pk", filter=decided),
        withdrawn=Count("pk", filter=Q(status=ZaakStatus.INGETROKKEN) & period.dates("received_on")),
        avg=Avg(DECISION_TIME, filter=decided),
        **{outcome: Count("pk", filter=decided & Q(bezwaar__outcome=outcome)) for outcome in BezwaarUitkomst.values},
    )
    figures["avg_days"] = _days(figures.pop("avg"))
    figures["upheld_share"] = share(figures[BezwaarUitkomst.GEGROND], figures["decided"])
    return figures
