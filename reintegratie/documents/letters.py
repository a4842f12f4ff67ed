"""What each kind of letter says: its template and the data it is made from.

One entry per kind in LETTERS. A letter's context is built from the database
at render time, so a letter always shows the data as it was when it was made.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from clients.models import Afspraak, Client

from .models import Brief, BriefKind


@dataclass(frozen=True)
class LetterSpec:
    template: str
    subject: str
    build: callable


def _common(brief):
    client = brief.client
    coach = client.coach
    return {
        "gemeente": settings.GEMEENTE_NAAM,
        "brief": brief,
        "client": client,
        "coach": coach,
        "today": timezone.localdate(),
        "reference": brief.reference,
        "personal_note": brief.personal_note,
    }


def _afspraak_context(brief):
    afspraak = Afspraak.objects.select_related("with_user").get(pk=brief.source_id)
    return {"afspraak": afspraak, "starts_at": timezone.localtime(afspraak.starts_at)}


def _intake_context(brief):
    from intake.models import Intake
    from intake.selectors import intake_with_details

    intake = intake_with_details(Intake.objects.filter(pk=brief.source_id)).get()
    return {"intake": intake, "work_on": [s for s in intake.scores.all() if s.work_on]}


def _plan_context(brief):
    from trajecten.models import Plan
    from trajecten.selectors import plan_with_details

    plan = plan_with_details(Plan.objects.filter(pk=brief.source_id)).get()
    doelen = list(plan.doelen.all())
    return {
        "plan": plan,
        "doelen": doelen,
        "mine": [a for d in doelen for a in d.acties.all() if a.owner == "client"],
        "ours": [a for d in doelen for a in d.acties.all() if a.owner != "client"],
    }


def _end_report_context(brief):
    from trajecten.models import Traject

    traject = Traject.objects.select_related("instrument", "aanbieder", "doel").get(pk=brief.source_id)
    return {"traject": traject}


def progress_period(client, until):
    """The period a new progress report covers: since the previous report, else since registration."""
    previous = (
        Brief.objects.filter(client=client, kind=BriefKind.VOORTGANGSRAPPORTAGE)
        .exclude(rendered_at__isnull=True)
        .order_by("-rendered_at")
        .values_list("rendered_at", flat=True)
        .first()
    )
    start = previous or client.created_at
    return timezone.localtime(start).date(), until


def _voortgang_context(brief):
    client = brief.client
    now = timezone.now()
    start, end = progress_period(client, timezone.localdate())
    since = now - timedelta(days=(end - start).days + 1)
    afspraken = list(client.afspraken.filter(starts_at__gte=since, starts_at__lte=now).order_by("starts_at"))
    return {
        "period_start": start,
        "period_end": end,
        "agreements": list(
            client.contactmomenten.filter(at__gte=since, shared_with_client=True).exclude(agreements="").order_by("at")
        ),
        "attended": [a for a in afspraken if a.outcome == "verschenen"],
        "missed": [a for a in afspraken if a.outcome == "niet_verschenen"],
        "cancelled": [a for a in afspraken if a.outcome == "afgezegd"],
        "upcoming": list(client.afspraken.filter(starts_at__gt=now, outcome="").order_by("starts_at")[:3]),
        "steps": list(client.treden.filter(on__gte=start).order_by("on")),
        "current_step": client.treden.order_by("-on", "-pk").first(),
        **_plan_progress(client, since),
    }


def _plan_progress(client, since):
    """What the plan says now: actions done in the period, and what is still open for whom."""
    from trajecten.models import Actie

    actions = list(Actie.objects.filter(doel__plan__client=client, doel__plan__is_current=True).order_by("due", "pk"))
    return {
        "done": [a for a in actions if a.status == "gedaan" and a.done_at and a.done_at >= since],
        "open_mine": [a for a in actions if a.status == "open" and a.owner == "client"],
        "open_ours": [a for a in actions if a.status == "open" and a.owner != "client"],
    }


def _zaak_context(brief):
    """A complaint, sanction or objection letter: the zaak, its details and its terms."""
    from klachten.selectors import zaak_letter_context

    return zaak_letter_context(brief.source_id)


ZAAK_KINDS = frozenset(
    {
        BriefKind.ONTVANGST_KLACHT,
        BriefKind.BESLISSING_KLACHT,
        BriefKind.VOORNEMEN_MAATREGEL,
        BriefKind.BESLUIT_MAATREGEL,
        BriefKind.WAARSCHUWING,
        BriefKind.GEEN_MAATREGEL,
        BriefKind.ONTVANGST_BEZWAAR,
        BriefKind.BESLISSING_BEZWAAR,
        BriefKind.VERDAGING,
    }
)

LETTERS = {
    BriefKind.UITNODIGING_AFSPRAAK: LetterSpec(
        "brieven/uitnodiging_afspraak.html", "Uitnodiging voor een gesprek", _afspraak_context
    ),
    BriefKind.UITNODIGING_BREDE_INTAKE: LetterSpec(
        "brieven/uitnodiging_brede_intake.html", "Uitnodiging voor een eerste gesprek", _afspraak_context
    ),
    BriefKind.SAMENVATTING_INTAKE: LetterSpec(
        "brieven/samenvatting_intake.html", "Wat we samen hebben besproken", _intake_context
    ),
    BriefKind.PLAN_VAN_AANPAK: LetterSpec("brieven/plan_van_aanpak.html", "Uw plan van aanpak", _plan_context),
    BriefKind.EINDRAPPORTAGE_TRAJECT: LetterSpec(
        "brieven/eindrapportage_traject.html", "Uw traject is afgelopen", _end_report_context
    ),
    BriefKind.VOORTGANGSRAPPORTAGE: LetterSpec(
        "brieven/voortgangsrapportage.html", "Hoe gaat het met uw traject?", _voortgang_context
    ),
    BriefKind.ONTVANGST_KLACHT: LetterSpec(
        "brieven/ontvangst_klacht.html", "We hebben uw klacht ontvangen", _zaak_context
    ),
    BriefKind.BESLISSING_KLACHT: LetterSpec(
        "brieven/beslissing_klacht.html", "Ons antwoord op uw klacht", _zaak_context
    ),
    BriefKind.VOORNEMEN_MAATREGEL: LetterSpec(
        "brieven/voornemen_maatregel.html", "We willen uw uitkering verlagen: wat vindt u?", _zaak_context
    ),
    BriefKind.BESLUIT_MAATREGEL: LetterSpec(
        "brieven/besluit_maatregel.html", "Besluit: we verlagen uw uitkering", _zaak_context
    ),
    BriefKind.WAARSCHUWING: LetterSpec("brieven/waarschuwing.html", "Een waarschuwing", _zaak_context),
    BriefKind.GEEN_MAATREGEL: LetterSpec("brieven/geen_maatregel.html", "We verlagen uw uitkering niet", _zaak_context),
    BriefKind.ONTVANGST_BEZWAAR: LetterSpec(
        "brieven/ontvangst_bezwaar.html", "We hebben uw bezwaar ontvangen", _zaak_context
    ),
    BriefKind.BESLISSING_BEZWAAR: LetterSpec(
        "brieven/beslissing_bezwaar.html", "Ons besluit over uw bezwaar", _zaak_context
    ),
    BriefKind.VERDAGING: LetterSpec("brieven/verdaging.html", "We hebben meer tijd nodig", _zaak_context),
}


def letter_context(brief):
    """Return the template name and context for this letter."""
    spec = LETTERS[brief.kind]
    context = _common(brief)
    context["subject"] = spec.subject
    context.update(spec.build(brief))
    return spec.template, context


def source_for(kind, client, source):
    """Check that a letter's source fits its kind and belongs to the client."""
    if kind in (BriefKind.UITNODIGING_AFSPRAAK, BriefKind.UITNODIGING_BREDE_INTAKE):
        return isinstance(source, Afspraak) and source.client_id == client.pk
    if kind == BriefKind.VOORTGANGSRAPPORTAGE:
        return isinstance(source, Client) and source.pk == client.pk
    if kind == BriefKind.SAMENVATTING_INTAKE:
        from intake.models import Intake

        return isinstance(source, Intake) and source.client_id == client.pk
    if kind == BriefKind.PLAN_VAN_AANPAK:
        from trajecten.models import Plan

        return isinstance(source, Plan) and source.client_id == client.pk
    if kind == BriefKind.EINDRAPPORTAGE_TRAJECT:
        from trajecten.models import Traject

        return isinstance(source, Traject) and source.client_id == client.pk
    if kind in ZAAK_KINDS:
        from klachten.models import Zaak

        return isinstance(source, Zaak) and source.client_id == client.pk
    return False
