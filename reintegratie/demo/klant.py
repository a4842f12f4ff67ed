"""The portal demo login `klant` (seed_demo): her earlier traject and her letters, each dated on its day."""

from datetime import datetime, time, timedelta

from django.test import RequestFactory
from django.utils import timezone

from clients.models import Afspraak, Client
from clients.workflow import AfspraakOutcome
from intake.workflow import IntakeStatus
from reintegratie.documents.models import Brief, BriefKind
from reintegratie.documents.services import brief_request, kenmerk
from reintegratie.werkdagen import is_working_day
from trajecten.models import Instrument, Traject
from trajecten.workflow import PlanStatus, TrajectResult, TrajectStatus


def working_day(day, step=1):
    """The day itself when it is a working day, else the nearest one in the direction of ``step``."""
    while not is_working_day(day):
        day += timedelta(days=step)
    return day


def _klant():
    return Client.objects.get(user__username="klant")


def klant_letters(client=None):
    """The portal demo login (or ``client``, a full file for the benchmark) has every letter its file
    gave cause to (rendered by the worker)."""
    client = client or _klant()
    request = RequestFactory().post("/")
    request.user = client.coach
    past = _intake_appointment(client)
    ahead = client.afspraken.filter(outcome="").order_by("starts_at").first()
    intake = client.intakes.filter(status=IntakeStatus.AFGEROND).first()
    plan = client.plans.filter(status=PlanStatus.AKKOORD).first()
    ended = client.trajecten.filter(status=TrajectStatus.AFGEROND).order_by("ended_on").first()
    local = timezone.localtime
    # Each letter is dated on the day its cause happened (an invitation: a week before the appointment).
    sources = [
        (BriefKind.UITNODIGING_BREDE_INTAKE, past, past and local(past.starts_at).date() - timedelta(days=7)),
        (BriefKind.SAMENVATTING_INTAKE, intake, intake and local(intake.completed_at).date()),
        (BriefKind.PLAN_VAN_AANPAK, plan, plan and local(plan.agreed_at).date()),
        (BriefKind.EINDRAPPORTAGE_TRAJECT, ended, ended and ended.ended_on),
        (BriefKind.VOORTGANGSRAPPORTAGE, client, None),
        (BriefKind.UITNODIGING_AFSPRAAK, ahead, None),
    ]
    for kind, source, day in sources:
        if source is None:
            continue
        brief = brief_request(request=request, client=client, kind=kind, source=source)
        if day is not None:
            # Sent on the next working day: never before its cause (an invitation: never after the talk).
            step = -1 if kind == BriefKind.UITNODIGING_BREDE_INTAKE else 1
            at = timezone.make_aware(datetime.combine(working_day(day, step=step), time(11, 0)))
            Brief.objects.filter(pk=brief.pk).update(created_at=at)


def _intake_appointment(client):
    """The first talk, on the day the brede intake began: the invitation letter is about it."""
    intake = client.intakes.order_by("created_at").first()
    if intake is None:
        return client.afspraken.exclude(outcome="").order_by("starts_at").first()
    day = working_day(timezone.localtime(intake.created_at).date())
    when = timezone.make_aware(datetime.combine(day, time(10, 0)))
    return Afspraak.objects.create(
        client=client,
        with_user=client.coach,
        starts_at=when,
        place="Stadswinkel, Werkplein 1",
        purpose="Brede intake: kennismaken",
        outcome=AfspraakOutcome.VERSCHENEN,
        outcome_recorded_at=when + timedelta(hours=1),
        outcome_recorded_by=client.coach,
        created_by=client.coach,
    )


def klant_letters_in_order(client=None):
    """Number the portal login's (or ``client``'s) letters in the order they were sent, as a real file
    would have them."""
    client = client or _klant()
    letters = list(Brief.objects.filter(client=client).order_by("created_at", "number"))
    offset = len(letters) + max((b.number for b in letters), default=0)
    for brief in letters:  # first out of the way, then in place: (client, number) stays unique
        Brief.objects.filter(pk=brief.pk).update(number=brief.number + offset, reference=f"{brief.reference}-x")
    for n, brief in enumerate(letters, start=1):
        Brief.objects.filter(pk=brief.pk).update(number=n, reference=kenmerk(client, brief.kind, n))


def klant_earlier_traject():
    """Before her running traject the portal login `klant` did a short application training that ended."""
    client = _klant()
    running = client.trajecten.filter(status=TrajectStatus.LOPEND).select_related("doel__plan").first()
    tool = Instrument.objects.filter(name="Sollicitatietraining").first()
    if running is None or tool is None or client.trajecten.filter(status=TrajectStatus.AFGEROND).exists():
        return
    agreed = timezone.localtime(running.doel.plan.agreed_at).date()
    started = working_day(agreed + timedelta(days=1))
    ended = working_day(running.started_on - timedelta(days=2), step=-1)
    Traject.objects.create(
        client=client,
        instrument=tool,
        aanbieder=tool.aanbieder,
        doel=running.doel,
        reason="Eerst een korte training: zo kan de cliënt zelf brieven schrijven en gesprekken voeren.",
        status=TrajectStatus.AFGEROND,
        started_on=started,
        planned_end=ended,
        ended_on=ended,
        end_report=(
            "De cliënt schreef twee sollicitatiebrieven en oefende drie gesprekken. "
            "Ze wil nu ervaring opdoen op een werkplek; daarom volgt jobcoaching."
        ),
        result=TrajectResult.DEELS_BEREIKT,
        created_by=client.coach,
    )
