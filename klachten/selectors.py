"""Reads for zaken: lists with deadlines, one zaak with its timeline, letter data, the annual overview."""

from statistics import median

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q
from django.utils import timezone

from reintegratie.expressions import RowExists

from . import deadlines
from .models import Bezwaar, Klacht, Maatregel, Zaak, ZaakGebeurtenis
from .workflow import OPEN_STATUSES, KlachtCategorie, Oordeel, Soort, ZaakStatus

DETAIL_RELATED = (
    "client",
    "client__coach",
    "handler",
    "klacht",
    "klacht__about_user",
    "maatregel",
    "maatregel__rule",
    "maatregel__previous",
    "maatregel__afspraak",
    "maatregel__signalled_by",
    "bezwaar",
    "bezwaar__against",
)


def zaken_for(user, *, client=None, open_only=False, soort=""):
    """The zaken this user may see, most urgent first, with client and handler loaded."""
    queryset = Zaak.objects.visible_to(user).select_related("client", "handler", "klacht", "maatregel", "bezwaar")
    if client is not None:
        queryset = queryset.filter(client=client)
    if open_only:
        queryset = queryset.filter(Q(status__in=OPEN_STATUSES) | Q(deadline__isnull=False))
    if soort:
        queryset = queryset.filter(soort=soort)
    return queryset.order_by("deadline", "-received_on", "-pk")


def zaak_detail(user, zaak_id):
    """One zaak with its details and timeline, or None outside the policy."""
    return (
        Zaak.objects.visible_to(user)
        .select_related(*DETAIL_RELATED)
        .prefetch_related(
            Prefetch("gebeurtenissen", queryset=ZaakGebeurtenis.objects.select_related("by")),
            Prefetch("bezwaren", queryset=Bezwaar.objects.select_related("zaak")),
        )
        .filter(pk=zaak_id)
        .first()
    )


# The zaak page: per soort, the detail row and what the page shows of its relations.
PAGE_DETAIL = {
    Soort.KLACHT: (Klacht, ("about_user",)),
    Soort.MAATREGEL: (Maatregel, ("rule", "afspraak", "signalled_by__aanbieder")),
    Soort.BEZWAAR: (Bezwaar, ("against",)),
}


def _page_zaak_fields():
    # Every column of the zaak; of its client and handler only the names the page shows (not the
    # client's BSN, address and the like, nor the handler's password hash and settings).
    return (
        *(field.name for field in Zaak._meta.concrete_fields),
        "client__first_name",
        "client__name_prefix",
        "client__last_name",
        "handler__first_name",
        "handler__last_name",
    )


PAGE_ZAAK_FIELDS = _page_zaak_fields()


def zaak_page(user, zaak_id):
    """One zaak for its page, or None outside the policy: the zaak with its client and handler, then
    its soort's detail row with what the page shows of it.

    Two narrow queries instead of one join of all three soorten and their relations (some 250
    columns, most of them always empty), and no ``ORDER BY`` for a single row: building that join
    took a third of the page's time.
    """
    rows = list(
        Zaak.objects.visible_to(user)
        .select_related("client", "handler")
        .only(*PAGE_ZAAK_FIELDS)
        .filter(pk=zaak_id)
        .order_by()[:1]
    )
    if not rows:
        return None
    zaak = rows[0]
    model, related = PAGE_DETAIL.get(zaak.soort, (None, ()))
    if model is not None:
        details = model.objects.select_related(*related).filter(zaak_id=zaak.pk).order_by()
        if model is Maatregel:
            details = details.annotate(**_sanction_flags(zaak))
        details = list(details[:1])
        if details:
            # Caches both ways: zaak.klacht (or .maatregel, .bezwaar) and detail.zaak.
            setattr(zaak, zaak.soort, details[0])
    return zaak


def _sanction_flags(zaak):
    """Two flags read with the sanction, so that its page asks no further when the answer is "none"
    (most sanctions): ``objected``, an objection against it exists; ``earlier_decided``, the client
    has an imposed sanction decided before this breach, of any date (a superset of the earlier
    decisions the page lists and the proposal counts)."""
    from .services import imposed_sanctions

    earlier = imposed_sanctions(zaak.client_id).filter(decided_on__lt=OuterRef("breach_on")).exclude(pk=zaak.pk)
    return {
        "objected": RowExists(Bezwaar.objects.filter(against_id=OuterRef("zaak_id"))),
        "earlier_decided": RowExists(earlier),
    }


def zaak_timeline(zaak):
    """The zaak's timeline, oldest first, with who did each step."""
    return list(zaak.gebeurtenissen.select_related("by"))


def objections_against(zaak):
    """The objections against this decision. Only a decided sanction can be objected to
    (``services.bezwaar_register``), so no query for any other zaak, nor when ``zaak_page`` found none."""
    if zaak.soort != Soort.MAATREGEL or zaak.decided_on is None:
        return []
    if not getattr(zaak.maatregel, "objected", True):  # read with the sanction by zaak_page
        return []
    return list(zaak.bezwaren.select_related("zaak"))


def earlier_decisions(zaak):
    """For a sanction: the client's earlier sanction decisions within the recidive window, to show next to it."""
    from .services import earlier_sanctions

    maatregel = zaak.maatregel
    months = maatregel.rule.recidive_months if maatregel.rule else 12
    return earlier_sanctions(zaak.client, breach_on=maatregel.breach_on, months=months, exclude=zaak)


def zaak_letter_context(zaak_id):
    """The data a zaak letter is made from, read at render time."""
    from .services import bezwaar_termijnen, proposal

    zaak = Zaak.objects.select_related(*DETAIL_RELATED).get(pk=zaak_id)
    context = {"zaak": zaak, "detail": zaak.detail, "gemeente": settings.GEMEENTE_NAAM, "signer": letter_signer(zaak)}
    if zaak.soort == Soort.MAATREGEL:
        context["voorstel"] = proposal(zaak.maatregel)
        if zaak.decided_on:
            context["bezwaar_termijn"] = deadlines.bezwaar_termijn(zaak.decided_on)
    if zaak.soort == Soort.KLACHT and zaak.decided_on:
        context["ombudsman_until"] = deadlines.ombudsman_termijn(decided_on=zaak.decided_on)
        context["ombudsman"] = settings.OMBUDSMAN
    if zaak.soort == Soort.BEZWAAR:
        context["against"] = zaak.bezwaar.against
        context["bezwaar_termijn"], _ = bezwaar_termijnen(zaak.bezwaar, zaak)
    return context


def letter_signer(zaak):
    """Who signs a zaak letter: its handler, or else the municipality (None); never the person involved.

    A letter about a zaak comes from whoever handles it. The person a complaint
    is about, or who took a contested decision, never signs it, not even as
    handler. Before there is a handler (the acknowledgement of a complaint or
    an objection) the letter comes from the team, with the municipality's
    number: not from the coach, who may be the one the client complains about.
    """
    barred = set()
    if zaak.soort == Soort.KLACHT and zaak.klacht.about_user_id:
        barred.add(zaak.klacht.about_user_id)
    if zaak.soort == Soort.BEZWAAR and zaak.bezwaar.against.decided_by_id:
        barred.add(zaak.bezwaar.against.decided_by_id)
    if zaak.handler_id and zaak.handler_id not in barred:
        return zaak.handler
    return None


def annual_overview(user, year):
    """The anonymised yearly overview of written complaints (Awb 9:12a), for the teamleider's team.

    Counts only: per category, per outcome, decision time and how many were
    decided within the term. No names, no client numbers.
    """
    closed = (ZaakStatus.AFGEHANDELD, ZaakStatus.INFORMEEL_OPGELOST, ZaakStatus.INGETROKKEN)
    klachten = Zaak.objects.visible_to(user).filter(soort=Soort.KLACHT, received_on__year=year)
    by_category = dict(klachten.values_list("klacht__category").annotate(n=Count("pk")))
    by_judgement = dict(
        klachten.filter(status=ZaakStatus.AFGEHANDELD).values_list("klacht__judgement").annotate(n=Count("pk"))
    )
    decided = list(
        klachten.filter(status__in=closed, decided_on__isnull=False).values_list(
            "received_on", "decided_on", "klacht__committee", "extended_on"
        )
    )
    # Days from receipt to decision; within term when decided on or before the (possibly extended) term.
    durations = [(d - r).days for r, d, _c, _e in decided]
    status_counts = dict(klachten.values_list("status").annotate(n=Count("pk")))
    totals = klachten.aggregate(
        total=Count("pk"),
        extended=Count("pk", filter=Q(extended_on__isnull=False)),
        committee=Count("pk", filter=Q(klacht__committee=True)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
    )
    in_time = sum(1 for r, d, committee, e in decided if d <= _decision_limit(r, committee, e is not None))
    return {
        "year": year,
        "total": totals["total"],
        "open": totals["open"],
        "extended": totals["extended"],
        "committee": totals["committee"],
        "settled": status_counts.get(ZaakStatus.INFORMEEL_OPGELOST, 0),
        "withdrawn": status_counts.get(ZaakStatus.INGETROKKEN, 0),
        "decided": status_counts.get(ZaakStatus.AFGEHANDELD, 0),
        "categories": [(label, by_category.get(value, 0)) for value, label in KlachtCategorie.choices],
        "judgements": [(label, by_judgement.get(value, 0)) for value, label in Oordeel.choices],
        "median_days": median(durations) if durations else None,
        "max_days": max(durations) if durations else None,
        "in_time": in_time,
        "closed": len(decided),
    }


def _decision_limit(received_on, committee, extended):
    termijn = deadlines.klacht_beslistermijn(received_on=received_on, committee=committee)
    return deadlines.klacht_verdaging(termijn).end if extended else termijn.end


def caseload_zaken_annotate(clients, today):
    """The caseload's zaak signals: a zaak waits for the coach (a provider's signal, a decision), and
    one whose term has passed (one query; the partial index of zaken with a deadline)."""
    return clients.annotate(
        zaak_open=RowExists(Zaak.objects.filter(client=OuterRef("pk"), deadline__isnull=False)),
        zaak_overdue=RowExists(Zaak.objects.filter(client=OuterRef("pk"), deadline__lt=today)),
    )


def team_zaken_overdue_annotate(coaches, today):
    """Per coach on the team overview: zaken past their term. A late decision can cost the
    municipality a dwangsom, so the teamleider sees it per coach."""
    from clients.selectors import per_coach

    return coaches.annotate(
        zaken_overdue=per_coach(Zaak.objects.filter(client__coach=OuterRef("pk"), deadline__lt=today), "client__coach")
    )


def open_zaken_counts(client_ids, today=None):
    """Per client: open zaken and overdue ones, for the caseload badges (one query)."""
    today = today or timezone.localdate()
    rows = (
        Zaak.objects.filter(client_id__in=client_ids, deadline__isnull=False)
        .values("client_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)))
    )
    return {row["client_id"]: row for row in rows}
