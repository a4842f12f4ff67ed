"""The summary of a brede intake: registered with the letter registry."""

from clients.workflow import ServiceRoute
from reintegratie.documents.letters import register
from reintegratie.documents.models import BriefKind

from .models import Intake
from .selectors import intake_with_details
from .workflow import IntakeStatus

#: The service route in plain words for the client: no "route", no jargon.
ROUTE_TEXT = {
    ServiceRoute.DIRECT_NAAR_WERK: "We gaan samen meteen op zoek naar werk dat bij u past.",
    ServiceRoute.INTENSIEF: "U krijgt extra hulp op weg naar werk. We zien elkaar daarom vaker.",
    ServiceRoute.ARBEIDSPERSPECTIEF: "We zoeken eerst samen uit wat voor werk bij u past.",
    ServiceRoute.MAATSCHAPPELIJKE_PARTICIPATIE: "We kijken eerst samen hoe u mee kunt doen. Werk komt later.",
}


def _intake_context(brief):
    intake = intake_with_details(Intake.objects.filter(pk=brief.source_id)).get()
    work_on = [score for score in intake.scores.all() if score.work_on]
    # One quote once: when the client said the same about two areas, the second shows no quote.
    quoted = set()
    items = []
    for score in work_on:
        quote = " ".join(score.client_view.split())
        key = quote.casefold()
        show = bool(quote) and key not in quoted
        quoted.add(key)
        items.append({"score": score, "quote": quote if show else ""})
    return {"intake": intake, "work_on": items, "route_text": ROUTE_TEXT.get(intake.service_route, "")}


register(
    BriefKind.SAMENVATTING_INTAKE,
    template="brieven/samenvatting_intake.html",
    subject="Wat we samen hebben besproken",
    code="SIN",
    build=_intake_context,
    accepts=lambda client, source: isinstance(source, Intake) and source.client_id == client.pk,
    sample=lambda client: client.intakes.filter(status=IntakeStatus.AFGEROND).first(),
)
