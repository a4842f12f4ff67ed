"""Mijn re-integratie: the client's complaints, objections and sanctions (namespace ``portal``).

Registered in the portal from ``klachten/client_sections.py`` (``registry.portal_urls``).

The client files a complaint or an objection here and follows each zaak:
status in plain words, the date we answer by, the timeline entries meant for
the client, and the letters.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from clients.forms import add_service_error
from clients.portal_views import client_view
from clients.portal_views import portal_client as _client
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.documents.models import Brief, BriefStatus

from . import deadlines
from .models import Bezwaar, Zaak, ZaakGebeurtenis
from .portal_forms import BezwaarForm, KlachtForm
from .services import bezwaar_file, contestable_decisions, klacht_file
from .workflow import CONTESTABLE, GebeurtenisKind, Soort, ZaakStatus

ZAAK_STATUS_WORDS = {
    ZaakStatus.ONTVANGEN: gettext_lazy("Ontvangen. We kiezen iemand die het behandelt."),
    ZaakStatus.IN_BEHANDELING: gettext_lazy("In behandeling"),
    ZaakStatus.INFORMEEL_OPGELOST: gettext_lazy("Samen opgelost"),
    ZaakStatus.AFGEHANDELD: gettext_lazy("Klaar. U kreeg een brief met ons antwoord."),
    ZaakStatus.INGETROKKEN: gettext_lazy("U heeft dit ingetrokken"),
    ZaakStatus.VOORNEMEN: gettext_lazy("We willen uw uitkering verlagen. U kunt eerst reageren."),
    ZaakStatus.BEOORDELING: gettext_lazy("We lezen uw reactie. Daarna beslissen we."),
    ZaakStatus.GEEN_MAATREGEL: gettext_lazy("We verlagen uw uitkering niet"),
    ZaakStatus.WAARSCHUWING: gettext_lazy("U kreeg een schriftelijke waarschuwing"),
    ZaakStatus.OPGELEGD: gettext_lazy("We verlagen uw uitkering"),
    ZaakStatus.HERROEPEN: gettext_lazy("Teruggedraaid na uw bezwaar"),
}


def client_zaken(request, client):
    """The client's own complaints, objections and sanctions, as far as the client may see them."""
    return zaken_shown_to_client(request.user, client)


def zaken_shown_to_client(user, client):
    """The zaken of this client that the client sees (also what the client's timeline tells).

    A provider's signal is internal until the coach acts on it with a voornemen
    (which the client gets as a letter); a signal dropped without one never
    reached the client either.
    """
    return shown_to_client(Zaak.objects.visible_to(user).filter(client=client))


def shown_to_client(zaken):
    """Of these zaken, those a client sees of their own (see :func:`zaken_shown_to_client`)."""
    # A complaint or objection the client filed; a sanction once its intention letter went out.
    told = Q(soort__in=(Soort.KLACHT, Soort.BEZWAAR))
    told |= Q(soort=Soort.MAATREGEL, maatregel__intention_sent_on__isnull=False)
    return zaken.filter(told).exclude(status=ZaakStatus.GESIGNALEERD)


def _open_to_objection(client):
    """The client's decisions that can still get an objection: contestable, and none filed (or withdrawn)."""
    filed = Bezwaar.objects.exclude(zaak__status=ZaakStatus.INGETROKKEN).values("against_id")
    return contestable_decisions(client).exclude(pk__in=filed).select_related("maatregel__rule")


def _days_left_words(days):
    if days is None:
        return ""
    if days > 0:
        return ngettext("nog %(n)s dag", "nog %(n)s dagen", days) % {"n": days}
    if days == 0:
        return _("vandaag is de laatste dag")
    return _("deze datum is voorbij")


def _deadline_label(zaak):
    """What the date on an open zaak means for the client."""
    if zaak.status == ZaakStatus.VOORNEMEN:
        return _("U kunt reageren tot en met")
    if zaak.soort == Soort.MAATREGEL:
        return _("Wij beslissen uiterlijk op")
    return _("Wij antwoorden uiterlijk op")


def _zaak_what(zaak):
    """What the zaak is, in a few words."""
    if zaak.soort == Soort.KLACHT:
        return _("Klacht: %(about)s") % {"about": zaak.klacht.get_category_display().lower()}
    if zaak.soort == Soort.BEZWAAR:
        against = zaak.bezwaar.against
        return _("Bezwaar tegen het besluit van %(date)s") % {"date": date_format(against.decided_on, "j F Y")}
    rule = zaak.maatregel.rule
    if rule is None:
        return _("Maatregel")
    return _("Maatregel: %(rule)s") % {"rule": rule.name.lower()}


def _zaak_row(zaak, today):
    days = zaak.days_left(today) if zaak.is_open else None
    return {
        "zaak": zaak,
        "what": _zaak_what(zaak),
        "status": ZAAK_STATUS_WORDS.get(zaak.status, zaak.get_status_display()),
        "deadline": zaak.deadline if zaak.is_open else None,
        "deadline_label": _deadline_label(zaak),
        "days_left": days,
        "days_left_words": _days_left_words(days),
        "late": days is not None and days < 0,
    }


@client_view
@require_safe
def zaken(request):
    """Klachten en bezwaren: my complaints, objections and sanctions, with how to complain or object."""
    client = _client(request)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    today = timezone.localdate()
    rows = [
        _zaak_row(zaak, today)
        for zaak in client_zaken(request, client).select_related(
            "handler", "klacht", "maatregel__rule", "bezwaar__against"
        )
    ]
    sections = [
        {
            "id": "lopend",
            "title": _("Nog bezig"),
            "rows": [row for row in rows if row["zaak"].is_open],
            "empty": _("U heeft nu geen klachten of bezwaren die nog bezig zijn."),
        },
        {
            "id": "klaar",
            "title": _("Klaar"),
            "rows": [row for row in rows if not row["zaak"].is_open],
            "empty": _("Er is nog niets klaar."),
        },
    ]
    return render(
        request,
        "portal/zaken.html",
        {"client": client, "sections": sections, "can_object": _open_to_objection(client).exists()},
    )


@client_view
@require_safe
def zaak_detail(request, zaak_id):
    """One of my zaken: what it is about, what happened so far (never internal notes), the letters."""
    client = _client(request)
    zaak = get_object_or_404(
        client_zaken(request, client)
        .select_related("handler", "klacht", "maatregel__rule", "bezwaar__against__maatregel__rule")
        .prefetch_related(
            Prefetch(
                "gebeurtenissen",
                queryset=ZaakGebeurtenis.objects.filter(for_client=True).order_by("at", "pk"),
                to_attr="client_timeline",
            ),
            Prefetch(
                "bezwaren",
                queryset=Bezwaar.objects.exclude(zaak__status=ZaakStatus.INGETROKKEN).select_related("zaak"),
                to_attr="open_bezwaren",
            ),
        ),
        pk=zaak_id,
    )
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    letters = list(
        Brief.objects.visible_to(request.user)
        .filter(client=client, source_type=ContentType.objects.get_for_model(Zaak), source_id=str(zaak.pk))
        .order_by("-created_at")
    )
    bezwaar_termijn = None
    if zaak.status in CONTESTABLE and zaak.decided_on:
        bezwaar_termijn = deadlines.bezwaar_termijn(zaak.decided_on)
    return render(
        request,
        "portal/zaak_detail.html",
        {
            "client": client,
            "zaak": zaak,
            "row": _zaak_row(zaak, timezone.localdate()),
            "timeline": [event_words(event) for event in zaak.client_timeline],
            "letters": [b for b in letters if b.status == BriefStatus.KLAAR],
            "letters_coming": any(b.status != BriefStatus.KLAAR for b in letters),
            "bezwaar_termijn": bezwaar_termijn,
            "bezwaar_late": bezwaar_termijn is not None and bezwaar_termijn.end < timezone.localdate(),
            "bezwaar": zaak.open_bezwaren[0].zaak if zaak.open_bezwaren else None,
        },
    )


def event_words(event):
    """A timeline entry in the client's words, as (event, what happened, its text): a status change says the new
    status. Only entries marked for the client reach this."""
    if event.kind == GebeurtenisKind.STATUS and event.to_status:
        return event, ZAAK_STATUS_WORDS.get(event.to_status, event.get_to_status_display()), event.text
    if event.kind == GebeurtenisKind.AANGEMAAKT:
        return event, event.text or _("Ontvangen"), ""
    return event, event.get_kind_display(), event.text


@client_view
@require_http_methods(["GET", "POST"])
def klacht_create(request):
    """Klacht indienen: what happened and what I would like; about my coach or someone else."""
    client = _client(request)
    form = KlachtForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            zaak = klacht_file(
                request=request,
                category=data["category"],
                description=data["description"],
                wish=data["wish"],
                about_coach=data["about_coach"],
                about_text=data["about_text"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Dank u. We hebben uw klacht ontvangen. U krijgt een brief dat wij uw klacht hebben. "
                    "Binnen 6 weken krijgt u ons antwoord."
                ),
            )
            return redirect("portal:zaak-detail", zaak_id=zaak.pk)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return render(request, "portal/klacht_form.html", {"client": client, "form": form})


@client_view
@require_http_methods(["GET", "POST"])
def bezwaar_create(request):
    """Bezwaar maken against one of my own decisions, within 6 weeks (or say why I am late)."""
    client = _client(request)
    decisions = _open_to_objection(client).order_by("-decided_on", "-pk")
    initial = {}
    if request.method == "GET" and request.GET.get("besluit", "").isdigit():
        initial["against"] = int(request.GET["besluit"])
    form = BezwaarForm(request.POST or None, decisions=decisions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            zaak = bezwaar_file(
                request=request,
                against=data["against"],
                grounds=data["grounds"],
                late_excuse=data.get("late_excuse", ""),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Dank u. We hebben uw bezwaar ontvangen. U krijgt een brief dat wij uw bezwaar hebben. "
                    "Op deze pagina ziet u wanneer wij uiterlijk beslissen."
                ),
            )
            return redirect("portal:zaak-detail", zaak_id=zaak.pk)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return render(
        request,
        "portal/bezwaar_form.html",
        {"client": client, "form": form, "has_decisions": bool(form.decisions)},
    )
