"""The letters about a plan or a traject, and the progress report: registered with the letter registry."""

from datetime import datetime, time

from django.utils import timezone

from clients.models import Client
from clients.workflow import AfspraakOutcome
from reintegratie.documents.letters import register
from reintegratie.documents.models import Brief, BriefKind

from .models import Actie, Plan, Traject
from .selectors import plan_with_details
from .workflow import ActieStatus, Owner, PlanStatus, TrajectStatus


def _plan_context(brief):
    plan = plan_with_details(Plan.objects.filter(pk=brief.source_id)).get()
    doelen = list(plan.doelen.all())
    return {
        "plan": plan,
        # Each goal with its own actions under it: what the client does, and what we do.
        "goals": [
            {
                "doel": doel,
                "mine": [a for a in doel.acties.all() if a.owner == Owner.CLIENT],
                "ours": [a for a in doel.acties.all() if a.owner != Owner.CLIENT],
            }
            for doel in doelen
        ],
    }


def _end_report_context(brief):
    traject = Traject.objects.select_related("instrument", "aanbieder", "doel").get(pk=brief.source_id)
    return {"traject": traject}


def guidance_start(client):
    """When the guidance began: the first of registration, intake, appointment or contact moment.

    An appointment or a contact moment can be recorded after it took place, so
    the registration date alone would leave them out of the first report.
    """
    moments = [client.created_at]
    for queryset, field in (
        (client.intakes.all(), "created_at"),
        (client.afspraken.all(), "starts_at"),
        (client.contactmomenten.all(), "at"),
    ):
        first = queryset.order_by(field).values_list(field, flat=True).first()
        if first is not None:
            moments.append(first)
    return min(moments)


def progress_period(brief, until):
    """The period a progress report covers, as (first moment, first day, last day).

    It starts where the previous progress report (made before this one) ended;
    the first report covers the whole guidance so far (:func:`guidance_start`).
    It ends on the day the report is made.
    """
    previous = Brief.objects.filter(client=brief.client, kind=BriefKind.VOORTGANGSRAPPORTAGE)
    if brief.pk and brief.created_at:
        previous = previous.filter(created_at__lt=brief.created_at).exclude(pk=brief.pk)
    previous_at = previous.order_by("-created_at").values_list("created_at", flat=True).first()
    if previous_at is not None:
        start = previous_at
    else:
        first_day = timezone.localtime(guidance_start(brief.client)).date()
        start = timezone.make_aware(datetime.combine(first_day, time.min))
    return start, timezone.localtime(start).date(), until


def _voortgang_context(brief):
    client = brief.client
    now = timezone.now()
    since, start, end = progress_period(brief, timezone.localdate())
    afspraken = list(client.afspraken.filter(starts_at__gte=since, starts_at__lte=now).order_by("starts_at"))
    contacts = list(client.contactmomenten.filter(at__gte=since, at__lte=now).order_by("at"))
    return {
        "period_start": start,
        "period_end": end,
        "agreements": [c for c in contacts if c.shared_with_client and c.agreements],
        "contact_count": len(contacts),
        "attended": [a for a in afspraken if a.outcome == AfspraakOutcome.VERSCHENEN],
        "missed": [a for a in afspraken if a.outcome == AfspraakOutcome.NIET_VERSCHENEN],
        "cancelled": [a for a in afspraken if a.outcome == AfspraakOutcome.AFGEZEGD],
        "upcoming": list(client.afspraken.filter(starts_at__gt=now, outcome="").order_by("starts_at")[:3]),
        "steps": list(client.treden.filter(on__gte=start).order_by("on")),
        "current_step": client.treden.order_by("-on", "-pk").first(),
        **_plan_progress(client, since),
    }


def _plan_progress(client, since):
    """What the plan says now: actions done in the period, and what is still open for whom."""
    actions = list(
        Actie.objects.filter(doel__plan__client=client, doel__plan__is_current=True)
        .select_related("doel")
        .order_by("due", "pk")
    )
    return {
        "done": [a for a in actions if a.status == ActieStatus.GEDAAN and a.done_at and a.done_at >= since],
        "open_mine": [a for a in actions if a.status == ActieStatus.OPEN and a.owner == Owner.CLIENT],
        "open_ours": [a for a in actions if a.status == ActieStatus.OPEN and a.owner != Owner.CLIENT],
    }


def _is_clients(model):
    return lambda client, source: isinstance(source, model) and source.client_id == client.pk


register(
    BriefKind.PLAN_VAN_AANPAK,
    template="brieven/plan_van_aanpak.html",
    subject="Uw plan van aanpak",
    code="PVA",
    build=_plan_context,
    accepts=_is_clients(Plan),
    sample=lambda client: client.plans.filter(status=PlanStatus.AKKOORD).first(),
)
register(
    BriefKind.EINDRAPPORTAGE_TRAJECT,
    template="brieven/eindrapportage_traject.html",
    subject="Uw traject is afgelopen",
    code="EIR",
    build=_end_report_context,
    accepts=_is_clients(Traject),
    sample=lambda client: client.trajecten.filter(status=TrajectStatus.AFGEROND).first(),
)
register(
    BriefKind.VOORTGANGSRAPPORTAGE,
    template="brieven/voortgangsrapportage.html",
    subject="Hoe gaat het met uw traject?",
    code="VGR",
    build=_voortgang_context,
    accepts=lambda client, source: isinstance(source, Client) and source.pk == client.pk,
    sample=lambda client: client,
)
