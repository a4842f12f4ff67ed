"""The clients app's timeline sources: contacts, appointments (and their outcome and moves), tasks, handovers,
and letters (told from here because reintegratie/documents imports no app above it, clients included).

Registered in ``clients/client_sections.py``. Each function runs a fixed number
of queries (one or two) whatever the number of rows, and writes to its reader:
``staff`` in the file's words, ``client`` in plain Dutch (B1), addressed as "u".
"""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegratie.dates import datum_tijd
from reintegratie.documents.models import Brief, BriefStatus
from reintegratie.documents.wording import retell_note

from .models import Afspraak, Contactmoment, Overdracht, Taak, Verzetverzoek
from .registry import TimelineEvent
from .timeline import CLIENT, STAFF
from .workflow import AfspraakOutcome, VerzetverzoekStatus


def _short(text, words=30):
    return Truncator(text or "").words(words)


def _event(audience, **fields):
    return TimelineEvent(audiences=frozenset({audience}), **fields)


def contact_events(client, *, user, audience):
    rows = Contactmoment.objects.visible_to(user).filter(client=client).select_related("author")
    if audience == CLIENT:
        rows = rows.filter(shared_with_client=True)
    for c in rows:
        if audience == CLIENT:
            title = _("Gesprek met uw werkcoach: %(channel)s") % {"channel": c.get_channel_display().lower()}
            # Written for colleagues ("Cliënt wil …"), told to the client ("U wilt …") or quoted.
            detail = _short(retell_note(c.summary, client))
            yield _event(audience, when=c.at, kind="contactmomenten", title=title, detail=detail)
        else:
            title = _("Contactmoment: %(channel)s (%(author)s)") % {
                "channel": c.get_channel_display().lower(),
                "author": c.author.get_full_name(),
            }
            yield _event(audience, when=c.at, kind="contactmomenten", title=title, detail=_short(c.summary))


_OUTCOME_FOR_CLIENT = {
    AfspraakOutcome.VERSCHENEN: gettext_lazy("U was bij de afspraak %(purpose)s."),
    AfspraakOutcome.NIET_VERSCHENEN: gettext_lazy("U was niet bij de afspraak %(purpose)s."),
    AfspraakOutcome.AFGEZEGD: gettext_lazy("De afspraak %(purpose)s is afgezegd."),
}


def _afspraak_url(audience, afspraak):
    if audience == CLIENT:
        return reverse("portal:afspraken")
    return reverse("clients:client-detail", kwargs={"client_id": afspraak.client_id}) + "#afspraken"


def afspraak_events(client, *, user, audience):
    """Planned, confirmed, cancelled, moved, and how it went: two queries."""
    afspraken = list(
        Afspraak.objects.visible_to(user).filter(client=client).select_related("with_user", "outcome_recorded_by")
    )
    by_id = {a.pk: a for a in afspraken}
    verzoeken = Verzetverzoek.objects.filter(afspraak__in=by_id).order_by("created_at", "pk")
    for a in afspraken:
        url = _afspraak_url(audience, a)
        words = {"purpose": a.purpose, "when": datum_tijd(a.starts_at)}
        if audience == CLIENT:
            title = _("Er is een afspraak met u gemaakt: %(purpose)s, op %(when)s uur.") % words
        else:
            title = _("Afspraak gepland: %(purpose)s, op %(when)s (met %(with)s).") % {
                **words,
                "with": a.with_user.get_full_name(),
            }
        # An appointment written down after it took place is told on its own date, not later.
        yield _event(audience, when=min(a.created_at, a.starts_at), kind="afspraken", title=title, url=url)
        if a.confirmed_at:
            title = (
                _("U liet weten dat u komt naar de afspraak %(purpose)s.")
                if audience == CLIENT
                else _("Cliënt bevestigt de afspraak %(purpose)s.")
            ) % words
            yield _event(audience, when=a.confirmed_at, kind="afspraken", title=title, url=url)
        if a.outcome:
            by_client = a.outcome_recorded_by_id is not None and a.outcome_recorded_by_id == client.user_id
            if audience == CLIENT:
                title = (
                    _("U heeft de afspraak %(purpose)s afgezegd.") if by_client else _OUTCOME_FOR_CLIENT[a.outcome]
                ) % words
                detail = ""
            else:
                title = _("Afspraak %(purpose)s: %(outcome)s%(who)s.") % {
                    **words,
                    "outcome": a.get_outcome_display().lower(),
                    "who": _(" door de cliënt") if by_client else "",
                }
                detail = _short(a.outcome_note)
            yield _event(audience, when=a.outcome_recorded_at, kind="afspraken", title=title, detail=detail, url=url)
    for v in verzoeken:
        a = by_id[v.afspraak_id]
        url = _afspraak_url(audience, a)
        words = {"purpose": a.purpose, "old": datum_tijd(v.old_starts_at), "new": datum_tijd(v.new_starts_at)}
        if audience == CLIENT:
            title = _("U vroeg om een andere tijd voor de afspraak %(purpose)s van %(old)s uur.") % words
        else:
            title = _("Cliënt vraagt een andere tijd voor de afspraak %(purpose)s van %(old)s.") % words
        yield _event(audience, when=v.created_at, kind="afspraken", title=title, detail=_short(v.reason), url=url)
        if v.status == VerzetverzoekStatus.GEACCEPTEERD:
            title = (
                _("Uw afspraak %(purpose)s is verzet naar %(new)s uur.")
                if audience == CLIENT
                else _("Afspraak %(purpose)s verzet van %(old)s naar %(new)s (moment van de cliënt).")
            ) % words
            yield _event(audience, when=v.decided_at, kind="afspraken", title=title, url=url)
        elif v.status == VerzetverzoekStatus.ANDER_VOORSTEL:
            title = (
                _("Uw werkcoach stelt een andere tijd voor de afspraak %(purpose)s voor: %(new)s uur.")
                if audience == CLIENT
                else _("Andere tijd voorgesteld voor de afspraak %(purpose)s: %(new)s (was %(old)s).")
            ) % words
            yield _event(audience, when=v.decided_at, kind="afspraken", title=title, url=url)


def taak_events(client, *, user, audience):
    """What the client asked through the portal and when it was handled (staff only: the client's own
    requests are told by the source they are about)."""
    if audience != STAFF:
        return
    url = reverse("clients:client-detail", kwargs={"client_id": client.pk}) + "#van-de-client"
    # A cancellation or a request for another time is told by the appointments' source.
    for t in Taak.objects.visible_to(user).filter(client=client, afspraak__isnull=True):
        yield _event(
            audience,
            when=t.created_at,
            kind="taken",
            title=_("Van de cliënt: %(kind)s.") % {"kind": t.get_kind_display()},
            detail=_short(t.text),
            url=url,
        )
        if t.done_at:
            title = _("Afgehandeld: %(kind)s.") % {"kind": t.get_kind_display()}
            yield _event(audience, when=t.done_at, kind="taken", title=title)


def overdracht_events(client, *, user, audience):
    rows = Overdracht.objects.visible_to(user).filter(client=client).select_related("from_coach", "to_coach")
    for o in rows:
        to = o.to_coach.get_full_name()
        if audience == CLIENT:
            title = _("Uw werkcoach is nu %(to)s.") % {"to": to}
            yield _event(audience, when=o.at, kind="overdrachten", title=title)
        elif o.is_handover:
            title = _("Overgedragen van %(from)s aan %(to)s: %(reason)s.") % {
                "from": o.from_coach.get_full_name(),
                "to": to,
                "reason": o.get_reason_display().lower(),
            }
            yield _event(audience, when=o.at, kind="overdrachten", title=title, detail=_short(o.note))
        else:
            yield _event(audience, when=o.at, kind="overdrachten", title=_("Eerste werkcoach: %(to)s.") % {"to": to})


def brief_events(client, *, user, audience):
    """Finished letters; the client sees those shared with them (``Brief.objects.visible_to``). One query."""
    for brief in Brief.objects.visible_to(user).filter(client=client, status=BriefStatus.KLAAR):
        kind = brief.get_kind_display()
        if audience == CLIENT:
            title, url = _("U heeft een brief gekregen: %(kind)s.") % {"kind": kind.lower()}, reverse("portal:brieven")
        else:
            title = _("Brief: %(kind)s (versie %(v)s).") % {"kind": kind, "v": brief.version}
            url = reverse("documents:brief-download", kwargs={"brief_id": brief.pk})
        yield _event(audience, when=brief.created_at, kind="brieven", title=title, url=url)
