"""Zaken and their steps in the client's timeline (two queries). The client sees only steps meant for them."""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from clients.registry import TimelineEvent
from clients.timeline import CLIENT

from .models import Zaak, ZaakGebeurtenis
from .portal_views import event_words, zaken_shown_to_client


def zaak_events(client, *, user, audience):
    audiences = frozenset({audience})
    if audience == CLIENT:
        zaken = {z.pk: z for z in zaken_shown_to_client(user, client)}
        steps = ZaakGebeurtenis.objects.filter(zaak_id__in=list(zaken), for_client=True)
    else:
        zaken = {z.pk: z for z in Zaak.objects.visible_to(user).filter(client=client)}
        steps = ZaakGebeurtenis.objects.filter(zaak_id__in=list(zaken))
    for step in steps:
        zaak = zaken[step.zaak_id]
        name = f"{zaak.get_soort_display()} {zaak.reference}"
        if audience == CLIENT:
            _event, what, text = event_words(step)
            url = reverse("portal:zaak-detail", kwargs={"zaak_id": zaak.pk})
            title = _("%(zaak)s: %(what)s") % {"zaak": name, "what": what}
        else:
            url = reverse("klachten:zaak-detail", kwargs={"zaak_id": zaak.pk})
            what = step.get_kind_display()
            if step.to_status:
                what = f"{what}: {step.get_to_status_display().lower()}"
            title, text = _("%(zaak)s: %(what)s") % {"zaak": name, "what": what}, step.text
        detail = Truncator(text or "").words(30)
        yield TimelineEvent(when=step.at, kind="zaken", title=title, detail=detail, url=url, audiences=audiences)
