"""Letters in the client's timeline (one query). Imports clients only, never a feature app."""

from django.urls import reverse
from django.utils.translation import gettext as _

from clients.registry import TimelineEvent
from clients.timeline import CLIENT

from .models import Brief, BriefStatus


def brief_events(client, *, user, audience):
    """Finished letters; the client sees those shared with them (``Brief.objects.visible_to``)."""
    audiences = frozenset({audience})
    for brief in Brief.objects.visible_to(user).filter(client=client, status=BriefStatus.KLAAR):
        kind = brief.get_kind_display()
        if audience == CLIENT:
            title, url = _("U heeft een brief gekregen: %(kind)s.") % {"kind": kind.lower()}, reverse("portal:brieven")
        else:
            title = _("Brief: %(kind)s (versie %(v)s).") % {"kind": kind, "v": brief.version}
            url = reverse("documents:brief-download", kwargs={"brief_id": brief.pk})
        when = brief.rendered_at or brief.created_at
        yield TimelineEvent(when=when, kind="brieven", title=title, url=url, audiences=audiences)
