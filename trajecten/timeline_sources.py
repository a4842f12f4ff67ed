"""Timeline sources of the trajecten app: plan versions and agreement; trajecten, their reports and outflow.

Each function runs a fixed number of queries (two or three) whatever the number of rows.
"""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.registry import TimelineEvent
from clients.timeline import CLIENT, STAFF, at_day

from .models import Plan, PlanStatusChange, Traject, TrajectStatusChange, Uitstroom, Voortgangsrapportage
from .workflow import PlanStatus, TrajectStatus


def plan_events(client, *, user, audience):
    """Versions made (staff), proposed to the client, agreed."""
    audiences = frozenset({audience})
    plans = {p.pk: p for p in Plan.objects.visible_to(user).filter(client=client)}
    url = (
        reverse("portal:plan")
        if audience == CLIENT
        else reverse("trajecten:plan-detail", kwargs={"client_id": client.pk})
    )
    if audience == STAFF:
        for plan in plans.values():
            title = _("Plan van aanpak versie %(v)s gemaakt.") % {"v": plan.version}
            yield TimelineEvent(when=plan.created_at, kind="plan", title=title, url=url, audiences=audiences)
    for change in PlanStatusChange.objects.filter(plan_id__in=list(plans)).select_related("by"):
        plan = plans[change.plan_id]
        words = {"v": plan.version}
        if change.to_status == PlanStatus.VOORGELEGD:
            if audience == CLIENT:
                title = _("Uw werkcoach heeft versie %(v)s van uw plan klaargezet. Lees het en geef antwoord.") % words
            else:
                title = _("Plan versie %(v)s voorgelegd aan de cliënt.") % words
        elif change.to_status == PlanStatus.AKKOORD:
            title = (
                _("U bent akkoord met versie %(v)s van uw plan.")
                if audience == CLIENT
                else _("Cliënt akkoord met plan versie %(v)s.")
            ) % words
        elif audience == STAFF:
            title = _("Plan versie %(v)s: %(status)s.") % {**words, "status": change.get_to_status_display().lower()}
        else:
            continue
        detail = Truncator(change.note).words(30) if audience == STAFF else ""
        yield TimelineEvent(when=change.at, kind="plan", title=title, detail=detail, url=url, audiences=audiences)


_CLIENT_TRAJECT_WORDS = {
    TrajectStatus.LOPEND: gettext_lazy("U bent begonnen met %(name)s."),
    TrajectStatus.AFGEROND: gettext_lazy("U heeft %(name)s afgerond."),
    TrajectStatus.VOORTIJDIG_BEEINDIGD: gettext_lazy("%(name)s is eerder gestopt."),
}


def traject_events(client, *, user, audience):
    """Trajecten started and their status changes; the providers' progress reports (staff); outflow."""
    audiences = frozenset({audience})
    trajecten = {t.pk: t for t in Traject.objects.visible_to(user).filter(client=client).select_related("instrument")}
    for traject in trajecten.values():
        words = {"name": traject.instrument.name}
        if audience == CLIENT:
            title, url = _("U bent aangemeld voor %(name)s.") % words, None
        else:
            title = _("Traject %(name)s aangemeld.") % words
            url = reverse("trajecten:traject-detail", kwargs={"traject_id": traject.pk})
        # A traject recorded after it started (an import, a late entry) is told on its start date.
        when = min(traject.created_at, at_day(traject.started_on)) if traject.started_on else traject.created_at
        yield TimelineEvent(when=when, kind="trajecten", title=title, url=url, audiences=audiences)
    for change in TrajectStatusChange.objects.filter(traject_id__in=list(trajecten)):
        traject = trajecten[change.traject_id]
        words = {"name": traject.instrument.name}
        if audience == CLIENT:
            if change.to_status not in _CLIENT_TRAJECT_WORDS:
                continue
            title, url = _CLIENT_TRAJECT_WORDS[change.to_status] % words, None
        else:
            title = _("Traject %(name)s: %(status)s.") % {**words, "status": change.get_to_status_display().lower()}
            url = reverse("trajecten:traject-detail", kwargs={"traject_id": traject.pk})
        yield TimelineEvent(when=change.at, kind="trajecten", title=title, url=url, audiences=audiences)
    if audience == STAFF:
        reports = Voortgangsrapportage.objects.filter(traject_id__in=list(trajecten)).select_related("author")
        for report in reports:
            traject = trajecten[report.traject_id]
            title = _("Voortgangsrapportage %(name)s (%(author)s).") % {
                "name": traject.instrument.name,
                "author": report.author.get_full_name(),
            }
            url = reverse("trajecten:traject-detail", kwargs={"traject_id": traject.pk})
            detail = Truncator(report.text).words(30)
            yield TimelineEvent(
                when=report.created_at, kind="trajecten", title=title, detail=detail, url=url, audiences=audiences
            )
    for uitstroom in Uitstroom.objects.visible_to(user).filter(client=client):
        kind = uitstroom.get_kind_display().lower()
        title = (
            _("U heeft geen uitkering meer nodig: %(kind)s.") if audience == CLIENT else _("Uitstroom: %(kind)s.")
        ) % {"kind": kind}
        yield TimelineEvent(when=at_day(uitstroom.on), kind="trajecten", title=title, audiences=audiences)
