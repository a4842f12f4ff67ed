"""Intake events for the client's timeline: completed intakes and steps on the participation ladder (two queries)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from clients.registry import TimelineEvent
from clients.timeline import CLIENT, at_day

from .models import Intake, Trede
from .workflow import IntakeKind, IntakeStatus


def intake_events(client, *, user, audience):
    audiences = frozenset({audience})
    intakes = Intake.objects.visible_to(user).filter(client=client, status=IntakeStatus.AFGEROND)
    for intake in intakes:
        if audience == CLIENT:
            title = _("Uw intake is klaar. U kunt lezen wat we samen bespraken.")
            url = reverse("portal:intake")
        else:
            title = (
                _("Herbeoordeling afgerond.")
                if intake.kind == IntakeKind.HERBEOORDELING
                else _("Brede intake afgerond.")
            )
            url = reverse("intake:intake-detail", kwargs={"client_id": client.pk, "intake_id": intake.pk})
        yield TimelineEvent(when=intake.completed_at, kind="intake", title=title, url=url, audiences=audiences)
    for trede in Trede.objects.visible_to(user).filter(client=client):
        if audience == CLIENT:
            title = _("U staat op trede %(step)s van de participatieladder: %(name)s.")
        else:
            title = _("Participatieladder: trede %(step)s (%(name)s).")
        title = title % {"step": trede.step, "name": trede.get_step_display()}
        detail = "" if audience == CLIENT else trede.note
        yield TimelineEvent(when=at_day(trede.on), kind="intake", title=title, detail=detail, audiences=audiences)
