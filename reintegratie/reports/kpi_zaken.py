"""KPIs on complaints, sanctions and objections (klachten.Zaak), in the style of kpi.py.

Decision time is ``decided_on − received_on`` in days (both dates). Exact
definitions: ``docs/kpi.md``.

The dashboard reads all three from one pass over the team's zaken (``zaken_figures``): the zaken
any count reads (a few dozen for a team), ordered by soort, complaint category and sanction
category, with the columns the counts test; each count's condition is tested per row here and the
rows grouped by soort and category (``_group``). A mean decision time is the group's sum of
decision times divided by its count: whole days, so the quotient is the one ``AVG`` gives (a mean
of whole days is a multiple of 1/n day; rounding it to the microsecond cannot move it across a
tenth of a day). Counted in SQL (a dozen ``COUNT … FILTER`` of repeated conditions over four
joined tables) the query took longer to plan than to run. ``complaints``, ``sanctions`` and
``objections`` (one query each) remain for other callers and as the tests' reference.
"""

from datetime import timedelta

from django.db.models import Avg, Case, CharField, Count, DurationField, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Coalesce

from klachten.models import Zaak
from klachten.workflow import BezwaarUitkomst, Soort, ZaakStatus

from . import statements
from .kpi import _days, share
from .scope import in_scope

DECISION_TIME = ExpressionWrapper(F("decided_on") - F("received_on"), output_field=DurationField())


def complaints(clients, period):
    """Return complaints received and decided in the period, per category, with the mean decision time."""
    scoped = in_scope(Zaak.objects.filter(soort=Soort.KLACHT), clients)
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
    scoped = in_scope(Zaak.objects.filter(soort=Soort.MAATREGEL), clients).filter(
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
    scoped = in_scope(Zaak.objects.filter(soort=Soort.BEZWAAR), clients)
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


def _mean_days(total, count):
    return _days(total / count) if count and total is not None else None


def _rows_condition(period):
    """The zaken any count reads: complaints and objections received or decided in the period, sanctions decided."""
    received = period.dates("received_on")
    decided = period.dates("decided_on") & Q(status=ZaakStatus.AFGEHANDELD)
    sanction = Q(soort=Soort.MAATREGEL) & period.dates("decided_on") & ~Q(status=ZaakStatus.INGETROKKEN)
    return (Q(soort=Soort.KLACHT) & (received | decided)) | sanction | (Q(soort=Soort.BEZWAAR) & (received | decided))


def zaken_figures(clients, period):
    """Return what complaints, sanctions and objections return, from one query over the team's zaken."""
    key = ("reports.zaken", period.start, period.end)
    rows = _group(statements.rows(key, clients, lambda: _zaken_rows(clients, period)), period)
    return _complaints_from(rows), _sanctions_from(rows), _objections_from(rows)


def _zaken_rows(clients, period):
    return (
        in_scope(Zaak.objects.filter(_rows_condition(period)), clients)
        .annotate(
            # Each soort's own category; the other soorten's is the same constant, so it never splits them.
            k_category=Case(When(soort=Soort.KLACHT, then=F("klacht__category")), output_field=CharField()),
            m_category=Case(
                When(soort=Soort.MAATREGEL, then=Coalesce(F("maatregel__rule__name"), Value(""))),
                output_field=CharField(),
            ),
        )
        .order_by("soort", "k_category", "m_category")
        .values_list(
            "soort",
            "k_category",
            "m_category",
            "status",
            "received_on",
            "decided_on",
            "maatregel__zienswijze_on",
            "bezwaar__outcome",
        )
    )


OUTCOMES = tuple(BezwaarUitkomst.values)
GROUP_COUNTS = (
    *(f"k_{name}" for name in ("received", "decided")),
    *(f"m_{name}" for name in ("decided", "imposed", "warning", "none", "revoked", "heard")),
    *(f"b_{name}" for name in ("received", "decided", "withdrawn", *OUTCOMES)),
)
IMPOSED = frozenset((ZaakStatus.OPGELEGD.value, ZaakStatus.HERROEPEN.value))


def _group(rows, period):
    """One dict per soort and category, in the rows' order, with every count and sum of decision times."""
    start, end = period.start, period.end
    groups, group, last = [], None, None
    for soort, k_category, m_category, status, received_on, decided_on, heard_on, outcome in rows:
        if (soort, k_category, m_category) != last:
            last = (soort, k_category, m_category)
            group = {"soort": soort, "k_category": k_category, "m_category": m_category}
            group.update(dict.fromkeys(GROUP_COUNTS, 0), k_days=None, b_days=None)
            groups.append(group)
        # As the SQL conditions: a comparison with no date is not true.
        received = start <= received_on <= end
        in_period = decided_on is not None and start <= decided_on <= end
        decided = in_period and status == ZaakStatus.AFGEHANDELD
        if soort == Soort.MAATREGEL:
            if in_period and status != ZaakStatus.INGETROKKEN:
                group["m_decided"] += 1
                group["m_imposed"] += status in IMPOSED
                group["m_warning"] += status == ZaakStatus.WAARSCHUWING
                group["m_none"] += status == ZaakStatus.GEEN_MAATREGEL
                group["m_revoked"] += status == ZaakStatus.HERROEPEN
                group["m_heard"] += heard_on is not None
            continue
        prefix = "k" if soort == Soort.KLACHT else "b"
        group[f"{prefix}_received"] += received
        if soort == Soort.BEZWAAR:
            group["b_withdrawn"] += received and status == ZaakStatus.INGETROKKEN
        if decided:
            group[f"{prefix}_decided"] += 1
            days = f"{prefix}_days"
            group[days] = (group[days] or timedelta()) + (decided_on - received_on)
            if soort == Soort.BEZWAAR and outcome in OUTCOMES:
                group[f"b_{outcome}"] += 1
    return groups


def _complaints_from(rows):
    keys = ("received", "decided")
    by_category = [
        {
            "category": r["k_category"],
            **{key: r[f"k_{key}"] for key in keys},
            "avg_days": _mean_days(r["k_days"], r["k_decided"]),
        }
        for r in rows
        if r["soort"] == Soort.KLACHT
    ]
    total = {key: sum(r[f"k_{key}"] for r in rows) for key in keys}
    days = [r["k_days"] for r in rows if r["k_days"] is not None]
    total["avg_days"] = _mean_days(sum(days, timedelta()) if days else None, total["decided"])
    return {"by_category": by_category, "total": total}


SANCTION_COUNTS = ("decided", "imposed", "warning", "none", "revoked", "heard")


def _sanctions_from(rows):
    by_category = [
        {"category": r["m_category"], **{key: r[f"m_{key}"] for key in SANCTION_COUNTS}}
        for r in rows
        if r["soort"] == Soort.MAATREGEL
    ]
    total = {key: sum(r[key] for r in by_category) for key in SANCTION_COUNTS}

    def with_share(r):
        return {**r, "heard_share": share(r["heard"], r["decided"])}

    return {"by_category": [with_share(r) for r in by_category], "total": with_share(total)}


def _objections_from(rows):
    keys = ("received", "decided", "withdrawn", *BezwaarUitkomst.values)
    figures = {key: sum(r[f"b_{key}"] for r in rows) for key in keys}
    days = [r["b_days"] for r in rows if r["b_days"] is not None]
    figures["avg_days"] = _mean_days(sum(days, timedelta()) if days else None, figures["decided"])
    figures["upheld_share"] = share(figures[BezwaarUitkomst.GEGROND], figures["decided"])
    return figures
