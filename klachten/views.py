"""Views for zaken (complaints, sanctions, objections): thin; they parse input, call one service, render.

Everything goes through the access policy (``Zaak.objects.visible_to``,
``Client.objects.visible_to``); outside it the answer is 404. A step is one
form and one service call; the workflow table decides what is allowed.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from clients.forms import add_service_error, conflict_rows
from clients.models import Afspraak, Client
from clients.services import EditConflict
from reintegratie.accounts.models import Role, User
from reintegratie.accounts.policy import casework_required, roles_required, teamleider_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.dates import datum_tijd

from . import forms, selectors, services
from .models import Zaak
from .step_messages import step_done_message
from .workflow import Soort, ZaakStatus


def _client(request, client_id):
    return get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)


def _zaak(request, zaak_id, read=selectors.zaak_detail):
    zaak = read(request.user, zaak_id)
    if zaak is None:
        other = Zaak.objects.select_related("client").filter(pk=zaak_id).first()
        if other is not None:
            access_log_write(
                request=request, client=other.client, action=AccessLog.Action.VIEW, result=AccessLog.Result.DENIED
            )
        raise Http404
    return zaak


@login_required
@casework_required
@require_safe
def zaak_list(request):
    """Open zaken first, by deadline: the coach's own clients, the teamleider's team."""
    soort = request.GET.get("soort", "")
    soort = soort if soort in Soort.values else ""
    show_all = request.GET.get("alle") == "1"
    zaken = list(selectors.zaken_for(request.user, open_only=not show_all, soort=soort)[:200])
    today = timezone.localdate()
    return render(
        request,
        "klachten/zaak_list.html",
        {
            "zaken": zaken,
            "soort": soort,
            "show_all": show_all,
            "soorten": Soort.choices,
            "today": today,
            "overdue_count": sum(1 for z in zaken if z.deadline and z.deadline < today),
        },
    )


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def klacht_create(request, client_id):
    client = _client(request, client_id)
    form = forms.KlachtForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            zaak = services.klacht_register(
                request=request,
                client=client,
                category=data["category"],
                description=data["description"],
                wish=data["wish"],
                about_user=data["about_user"],
                about_text=data["about_text"],
                channel=data["channel"],
                received_on=data["received_on"],
                committee=data["committee"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De klacht is geregistreerd. De cliënt krijgt een ontvangstbevestiging."))
            return redirect("klachten:zaak-detail", zaak_id=zaak.pk)
    return _form_page(request, form, client, _("Klacht registreren"), _("Klacht registreren"))


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def maatregel_create(request, client_id):
    """Start a sanction procedure with a voornemen; optionally about a missed appointment."""
    client = _client(request, client_id)
    afspraak = None
    afspraak_id = request.GET.get("afspraak") or request.POST.get("afspraak")
    if afspraak_id and str(afspraak_id).isdigit():
        afspraak = Afspraak.objects.filter(client=client, pk=afspraak_id).first()
    initial = {}
    if afspraak is not None:
        initial = {
            "breach_on": timezone.localtime(afspraak.starts_at).date(),
            "description": _("Niet verschenen op de afspraak van %(d)s (%(p)s), zonder bericht.")
            % {"d": datum_tijd(afspraak.starts_at), "p": afspraak.purpose},
        }
    form = forms.MaatregelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            zaak = services.maatregel_intention(
                request=request,
                client=client,
                rule=data["rule"],
                breach_on=data["breach_on"],
                description=data["description"],
                afspraak=afspraak,
                zienswijze_days=data["zienswijze_days"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het voornemen is verstuurd. De cliënt mag eerst reageren."))
            return redirect("klachten:zaak-detail", zaak_id=zaak.pk)
    return _form_page(
        request,
        form,
        client,
        _("Maatregel: voornemen versturen"),
        _("Voornemen versturen"),
        intro=_(
            "Er is nog niets besloten. De cliënt krijgt een brief met wat er is gebeurd en mag eerst zijn of haar "
            "kant vertellen. Daarna beoordeelt u de verwijtbaarheid en eventuele dringende redenen."
        ),
        extra={"afspraak": afspraak},
    )


@login_required
@roles_required(Role.AANBIEDER)
@require_http_methods(["GET", "POST"])
def signaal_create(request, client_id):
    """A provider signals a breach to the coach; it cannot impose anything."""
    client = _client(request, client_id)
    form = forms.SignaalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.maatregel_signal(
                request=request,
                client=client,
                breach_on=form.cleaned_data["breach_on"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Het signaal is doorgegeven aan de werkcoach. Die beslist wat er gebeurt."))
            return redirect("aanbieder-home")
    return _form_page(
        request,
        form,
        client,
        _("Signaal aan de werkcoach"),
        _("Signaal doorgeven"),
        intro=_(
            "Geef door wat er is gebeurd, bijvoorbeeld dat de cliënt niet kwam. U legt geen maatregel op: "
            "de werkcoach hoort de cliënt en beslist."
        ),
        cancel="aanbieder-home",
    )


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def bezwaar_create(request, client_id):
    client = _client(request, client_id)
    form = forms.BezwaarForm(request.POST or None, decisions=services.contestable_decisions(client))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            zaak = services.bezwaar_register(
                request=request,
                against=data["against"],
                grounds=data["grounds"],
                channel=data["channel"],
                received_on=data["received_on"],
                posted_on=data["posted_on"],
                committee=data["committee"],
                late_excuse=data["late_excuse"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het bezwaar is geregistreerd. De cliënt krijgt een ontvangstbevestiging."))
            return redirect("klachten:zaak-detail", zaak_id=zaak.pk)
    return _form_page(request, form, client, _("Bezwaar registreren"), _("Bezwaar registreren"))


def _form_page(request, form, client, heading, submit, *, intro="", extra=None, cancel=None, conflict=None):
    cancel_url = redirect(cancel).url if cancel else redirect("clients:client-detail", client_id=client.pk).url
    return render(
        request,
        "klachten/zaak_form.html",
        {
            "form": form,
            "client": client,
            "heading": heading,
            "submit_label": submit,
            "intro": intro,
            "cancel_url": cancel_url,
            "conflict": conflict,
            **(extra or {}),
        },
    )


@login_required
@casework_required
@require_safe
def zaak_detail(request, zaak_id):
    """One zaak: deadline and days left, details, timeline, letters and the next steps."""
    zaak = _zaak(request, zaak_id, read=selectors.zaak_page)
    access_log_write(request=request, client=zaak.client, action=AccessLog.Action.VIEW)
    context = {
        "zaak": zaak,
        "client": zaak.client,
        "detail": zaak.detail,
        "steps": available_steps(zaak, request.user),
        "involved": request.user.pk == services.involved_user_id(zaak),
        "timeline": selectors.zaak_timeline(zaak),
        "bezwaren": selectors.objections_against(zaak),
        "brieven": list(
            zaak.client.brieven.filter(source_id=str(zaak.pk), kind__in=_zaak_letter_kinds()).only(
                "client", "kind", "status", "created_at"
            )
        ),
        "today": timezone.localdate(),
        "days_left": zaak.days_left(),
    }
    if zaak.soort == Soort.MAATREGEL:
        maatregel = zaak.maatregel
        context["earlier"], context["voorstel"] = services.sanction_history(
            maatregel, any_earlier=maatregel.earlier_decided
        )
    return render(request, "klachten/zaak_detail.html", context)


def _zaak_letter_kinds():
    from .letters import ZAAK_KINDS

    return list(ZAAK_KINDS)


@dataclass(frozen=True)
class Step:
    label: str
    soorten: frozenset
    statuses: frozenset
    primary: bool = False


S = ZaakStatus
STEPS = {
    "behandelaar": Step(
        gettext_lazy("Behandelaar kiezen"), frozenset({Soort.KLACHT, Soort.BEZWAAR}), frozenset({S.ONTVANGEN}), True
    ),
    "oplossen": Step(
        gettext_lazy("Samen opgelost"), frozenset({Soort.KLACHT}), frozenset({S.ONTVANGEN, S.IN_BEHANDELING})
    ),
    "horen": Step(
        gettext_lazy("Horen vastleggen"), frozenset({Soort.KLACHT, Soort.BEZWAAR}), frozenset({S.IN_BEHANDELING}), True
    ),
    "verlengen": Step(
        gettext_lazy("Termijn verlengen"),
        frozenset({Soort.KLACHT, Soort.BEZWAAR}),
        frozenset({S.ONTVANGEN, S.IN_BEHANDELING}),
    ),
    "beslissen": Step(
        gettext_lazy("Beslissen"),
        frozenset({Soort.KLACHT, Soort.BEZWAAR, Soort.MAATREGEL}),
        frozenset({S.IN_BEHANDELING, S.BEOORDELING}),
        True,
    ),
    "voornemen": Step(
        gettext_lazy("Voornemen versturen"), frozenset({Soort.MAATREGEL}), frozenset({S.GESIGNALEERD}), True
    ),
    "zienswijze": Step(
        gettext_lazy("Zienswijze vastleggen"), frozenset({Soort.MAATREGEL}), frozenset({S.VOORNEMEN}), True
    ),
    "afzien": Step(
        gettext_lazy("Geen maatregel"), frozenset({Soort.MAATREGEL}), frozenset({S.GESIGNALEERD, S.VOORNEMEN})
    ),
    "heroverweging": Step(
        gettext_lazy("Heroverweging vastleggen"), frozenset({Soort.MAATREGEL}), frozenset({S.OPGELEGD})
    ),
    "intrekken": Step(
        gettext_lazy("Ingetrokken"),
        frozenset({Soort.KLACHT, Soort.BEZWAAR}),
        frozenset({S.ONTVANGEN, S.IN_BEHANDELING}),
    ),
}


def available_steps(zaak, user):
    """The steps this zaak's soort and status allow now, for the buttons on its page.

    None for the person a complaint is about or who took the contested decision.
    """
    if user.pk == services.involved_user_id(zaak):
        return []
    steps = []
    for slug, step in STEPS.items():
        if zaak.soort not in step.soorten or zaak.status not in step.statuses:
            continue
        if slug == "verlengen" and zaak.extended_on:
            continue
        if slug == "heroverweging" and zaak.maatregel.heroverweging_done_on:
            continue
        steps.append((slug, step))
    return steps


def _handlers(zaak):
    """Who may handle: the client's coach and the teamleiders of that coach's team."""
    coach = zaak.client.coach
    return User.objects.filter(is_active=True).filter(pk=coach.pk) | User.objects.filter(
        is_active=True, role=Role.TEAMLEIDER, team_id=coach.team_id
    )


def _step_form(slug, zaak, data):
    initial = {"version": zaak.version}
    if slug == "behandelaar":
        return forms.HandlerForm(data, initial=initial, handlers=_handlers(zaak).order_by("role", "last_name"))
    if slug == "horen":
        cls = forms.KlachtHearingForm if zaak.soort == Soort.KLACHT else forms.BezwaarHearingForm
        return cls(data, initial=initial)
    if slug == "beslissen":
        cls = {
            Soort.KLACHT: forms.KlachtDecideForm,
            Soort.MAATREGEL: forms.MaatregelDecideForm,
            Soort.BEZWAAR: forms.BezwaarDecideForm,
        }[zaak.soort]
        if zaak.soort == Soort.MAATREGEL:
            voorstel = services.proposal(zaak.maatregel)
            if voorstel:
                initial.update(percentage=voorstel.percentage, duration_months=voorstel.duration_months)
            today = timezone.localdate()
            initial["starts_on"] = (today.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
        return cls(data, initial=initial)
    if slug == "voornemen":
        m = zaak.maatregel
        initial.update(breach_on=m.breach_on, description=m.breach_description, zienswijze_days=14)
        return forms.IntentionFromSignalForm(data, initial=initial)
    cls = {
        "oplossen": forms.SettleForm,
        "verlengen": forms.ExtendForm,
        "zienswijze": forms.ZienswijzeForm,
        "afzien": forms.DropForm,
        "heroverweging": forms.ReconsiderForm,
        "intrekken": forms.WithdrawForm,
    }[slug]
    return cls(data, initial=initial)


def _run_step(request, slug, zaak, data):
    """Call the one service for this step with the form's data."""
    v = data.pop("version")
    common = {"request": request, "zaak": zaak, "expected_version": v}
    if slug == "behandelaar":
        fn = services.klacht_assign if zaak.soort == Soort.KLACHT else services.bezwaar_assign
        return fn(**common, handler=data["handler"])
    if slug == "horen":
        if zaak.soort == Soort.KLACHT:
            return services.klacht_hearing(**common, **data)
        return services.bezwaar_hearing(**common, **data)
    if slug == "verlengen":
        fn = services.klacht_extend if zaak.soort == Soort.KLACHT else services.bezwaar_extend
        return fn(**common, reason=data["reason"])
    if slug == "beslissen":
        fn = {
            Soort.KLACHT: services.klacht_decide,
            Soort.MAATREGEL: services.maatregel_decide,
            Soort.BEZWAAR: services.bezwaar_decide,
        }[zaak.soort]
        return fn(**common, **data)
    if slug == "voornemen":
        return services.maatregel_intention(
            request=request,
            client=zaak.client,
            rule=data["rule"],
            breach_on=data["breach_on"],
            description=data["description"],
            zienswijze_days=data["zienswijze_days"],
            signal=zaak,
            expected_version=v,
        )
    fn = {
        "oplossen": services.klacht_settle,
        "zienswijze": services.maatregel_zienswijze,
        "afzien": services.maatregel_drop,
        "heroverweging": services.maatregel_reconsider,
        "intrekken": services.zaak_withdraw,
    }[slug]
    return fn(**common, **data)


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def zaak_step(request, zaak_id, step):
    """One step of the procedure: a form, one service call, back to the zaak."""
    zaak = _zaak(request, zaak_id)
    if step not in STEPS or step not in dict(available_steps(zaak, request.user)):
        raise Http404
    form = _step_form(step, zaak, request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            _run_step(request, step, zaak, dict(form.cleaned_data))
        except EditConflict as error:
            add_service_error(form, error)
            conflict = [(_("Status"), error.current.get_status_display(), zaak.get_status_display())]
            form.data = form.data.copy()
            form.data["version"] = error.current.version
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            zaak.refresh_from_db()
            messages.success(request, step_done_message(step, zaak))
            return redirect("klachten:zaak-detail", zaak_id=zaak.pk)
    return render(
        request,
        "klachten/zaak_step.html",
        {
            "zaak": zaak,
            "client": zaak.client,
            "form": form,
            "step": STEPS[step],
            "slug": step,
            "conflict": conflict,
            "voorstel": services.proposal(zaak.maatregel) if zaak.soort == Soort.MAATREGEL else None,
        },
    )


EDIT_FORMS = {
    Soort.KLACHT: forms.KlachtEditForm,
    Soort.MAATREGEL: forms.MaatregelEditForm,
    Soort.BEZWAAR: forms.BezwaarEditForm,
}


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def zaak_edit(request, zaak_id):
    """Correct the description of an open zaak; two people editing: the second save is refused."""
    zaak = _zaak(request, zaak_id)
    if not zaak.is_open or request.user.pk == services.involved_user_id(zaak):
        raise Http404
    form_class = EDIT_FORMS[zaak.soort]
    detail = zaak.detail
    initial = {name: getattr(detail, name) for name in form_class.base_fields if name != "version"}
    initial["version"] = zaak.version
    form = form_class(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.zaak_update(request=request, zaak=zaak, expected_version=version, **data)
        except EditConflict as error:
            add_service_error(form, error)
            conflict = conflict_rows(form, error.current.detail)
            form.data = form.data.copy()
            form.data["version"] = error.current.version
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("klachten:zaak-detail", zaak_id=zaak.pk)
    return render(
        request,
        "klachten/zaak_form.html",
        {
            "form": form,
            "client": zaak.client,
            "zaak": zaak,
            "heading": _("%(soort)s %(ref)s wijzigen") % {"soort": zaak.get_soort_display(), "ref": zaak.reference},
            "submit_label": _("Opslaan"),
            "cancel_url": redirect("klachten:zaak-detail", zaak_id=zaak.pk).url,
            "conflict": conflict,
        },
    )


@login_required
@teamleider_required
@require_safe
def jaaroverzicht(request):
    """The anonymised yearly complaints overview (Awb 9:12a); ?formaat=csv downloads it."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("jaar", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2000), this_year)
    overview = selectors.annual_overview(request.user, year)
    if request.GET.get("formaat") == "csv":
        return _overview_csv(overview)
    return render(
        request,
        "klachten/jaaroverzicht.html",
        {"overview": overview, "years": range(this_year, this_year - 5, -1)},
    )


def _overview_csv(overview):
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="klachten-{overview["year"]}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Onderdeel"), _("Aantal")])
    for label, key in (
        (_("Klachten ontvangen"), "total"),
        (_("Nog open"), "open"),
        (_("Samen opgelost"), "settled"),
        (_("Ingetrokken"), "withdrawn"),
        (_("Beslist"), "decided"),
        (_("Termijn verlengd"), "extended"),
        (_("Op tijd afgehandeld"), "in_time"),
    ):
        writer.writerow([label, overview[key]])
    for label, n in overview["categories"]:
        writer.writerow([_("Categorie: %(c)s") % {"c": label}, n])
    for label, n in overview["judgements"]:
        writer.writerow([_("Oordeel: %(o)s") % {"o": label}, n])
    return response
