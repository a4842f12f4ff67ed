"""The outflow and durability KPIs, from one pass over the team's outflow (``outflow_figures``).

Both read the team's Uitstroom rows: those in the period, and those to work whose 6- or 12-month
point falls in it. One query reads that union (a hundred rows or so for a team) with the columns
the counts test; each count's condition is tested per row here. As FILTERed counts in SQL (twenty
of them, over repeated conditions) the query took as long to plan as to run. Exact definitions:
``docs/kpi.md``.
"""

from datetime import timedelta

from django.db.models import Q

from trajecten.models import Uitstroom
from trajecten.workflow import Contract, FollowUp, UitstroomKind

from . import statements
from .kpi import FOLLOWUP_6_DAYS, FOLLOWUP_12_DAYS, WORK, share
from .scope import in_scope

CONTRACTS = [value for value in Contract.values if value != "geen"]
KINDS = {
    UitstroomKind.WERK_VOLTIJD.value: "fulltime",
    UitstroomKind.WERK_DEELTIJD.value: "parttime",
    UitstroomKind.OPLEIDING.value: "education",
    UitstroomKind.ANDERS.value: "other",
}
UNKNOWN = frozenset(("", FollowUp.ONBEKEND.value))


def _windows(period):
    """(first, last) date of the period, and of the outflow dates whose 6- and 12-month points fall in it."""
    six, twelve = timedelta(days=FOLLOWUP_6_DAYS), timedelta(days=FOLLOWUP_12_DAYS)
    return (
        (period.start, period.end),
        (period.start - six, period.end - six),
        (period.start - twelve, period.end - twelve),
    )


def _rows(clients, period):
    (start, end), (start_6, end_6), (start_12, end_12) = _windows(period)
    work = Q(kind__in=WORK)
    in_any = (
        Q(on__gte=start, on__lte=end)
        | (work & Q(on__gte=start_6, on__lte=end_6))
        | (work & Q(on__gte=start_12, on__lte=end_12))
    )
    return (
        in_scope(Uitstroom.objects.filter(in_any), clients)
        .order_by()
        .values_list("on", "kind", "contract", "followup_6", "followup_12")
    )


def _count(rows, period):
    (start, end), (start_6, end_6), (start_12, end_12) = _windows(period)
    names = ("total", "work", *KINDS.values(), *(f"contract_{value}" for value in CONTRACTS))
    points = ("due", "off", "back", "unknown")
    figures = dict.fromkeys((*names, *(f"{p}_6" for p in points), *(f"{p}_12" for p in points)), 0)
    for on, kind, contract, followup_6, followup_12 in rows:
        work = kind in WORK
        if start <= on <= end:
            figures["total"] += 1
            if kind in KINDS:
                figures[KINDS[kind]] += 1
            if work:
                figures["work"] += 1
                if contract in CONTRACTS:
                    figures[f"contract_{contract}"] += 1
        if work and start_6 <= on <= end_6:
            figures["due_6"] += 1
            figures["off_6"] += followup_6 == FollowUp.NOG_UIT
            figures["back_6"] += followup_6 == FollowUp.TERUG
            figures["unknown_6"] += followup_6 in UNKNOWN
        if work and start_12 <= on <= end_12:
            # Back on benefit at 6 months counts as back in the year, whatever the 12-month answer says.
            back_in_year = followup_6 == FollowUp.TERUG or followup_12 == FollowUp.TERUG
            figures["due_12"] += 1
            figures["off_12"] += followup_12 == FollowUp.NOG_UIT and followup_6 != FollowUp.TERUG
            figures["back_12"] += back_in_year
            figures["unknown_12"] += not back_in_year and followup_12 in UNKNOWN
    return figures


def outflow_figures(clients, period):
    """Return (outflow, durability): what ``kpi.outflow`` and ``kpi.durability`` return."""
    key = ("reports.outflow", period.start, period.end)
    figures = _count(statements.rows(key, clients, lambda: _rows(clients, period)), period)
    outflow = {key: figures[key] for key in ("total", "work", "fulltime", "parttime", "education", "other")}
    outflow["by_contract"] = {value: figures[f"contract_{value}"] for value in CONTRACTS}
    six, twelve = ({key: figures[f"{key}_{months}"] for key in ("due", "off", "back", "unknown")} for months in (6, 12))
    for point in (six, twelve):
        point["share_off"] = share(point["off"], point["off"] + point["back"])
    twelve["share_back"] = share(twelve["back"], twelve["off"] + twelve["back"])
    return outflow, {"months_6": six, "months_12": twelve}
