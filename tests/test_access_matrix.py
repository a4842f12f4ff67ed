"""Every URL pattern against every role: the authorization matrix.

A new URL pattern fails ``test_every_url_pattern_is_in_the_matrix`` until it
is added to MATRIX with the roles that may use it. Client-scoped patterns are
also requested for a client outside the user's scope: that must answer 404
and change nothing.
"""

from datetime import timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.db.models import Count, Q, Sum
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clients.models import Afspraak, Contactmoment, Overdracht, Taak, Verzetverzoek
from intake.models import Intake, Trede
from klachten.models import Zaak
from reintegratie.audit.models import AccessLog
from reintegratie.berichten.models import Bericht
from reintegratie.documents.models import Brief
from reintegratie.documents.services import brief_request
from reintegratie.dossier.models import Document
from reintegratie.privacy.models import FgRaadpleging, InzageVerzoek
from reintegratie.reports.models import Export
from tests.auth import login, login_password_only
from tests.factories import AanbiederFactory, AfspraakFactory, ClientFactory
from trajecten.models import Actie, Doel, Plan, Traject, Uitstroom, Voortgangsrapportage

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "coach",
    "other_coach",
    "teamleider",
    "other_teamleider",
    "beheerder",
    "aanbieder",
    "client",
    "fg",
)
# What kind of user each test role is. The "other_" roles are of the same kind
# but work in the other team: our client is outside their scope.
KIND = {
    "anonymous": "anonymous",
    "coach": "werkcoach",
    "other_coach": "werkcoach",
    "teamleider": "teamleider",
    "other_teamleider": "teamleider",
    "beheerder": "beheerder",
    "aanbieder": "aanbieder",
    "client": "client",
    "fg": "fg",
}
OUT_OF_SCOPE = {"other_coach", "other_teamleider"}
CASEWORK = {"werkcoach", "teamleider"}
STAFF = {"werkcoach", "teamleider", "beheerder", "aanbieder", "fg"}
LOGGED_IN = {"werkcoach", "teamleider", "beheerder", "aanbieder", "client", "fg"}
PUBLIC = LOGGED_IN | {"anonymous"}


def _own(world):
    return {"client_id": world["client"].pk}


def _own_afspraak(world):
    return {"client_id": world["client"].pk, "afspraak_id": world["afspraak"].pk}


def _own_overdracht(world):
    return {"client_id": world["client"].pk, "overdracht_id": world["overdracht"].pk}


def _own_coach(world):
    return {"user_id": world["users"]["coach"].pk}


def _foreign_coach(world):
    return {"user_id": world["users"]["other_coach"].pk}


def _own_brief(world):
    return {"brief_id": world["brief"].pk}


def _foreign_brief(world):
    return {"brief_id": world["foreign_brief"].pk}


def _own_intake(world):
    return {"client_id": world["client"].pk, "intake_id": world["intake"].pk}


def _foreign_intake(world):
    return {"client_id": world["foreign"].pk, "intake_id": world["foreign_intake"].pk}


def _ids(prefix, *names):
    def build(world):
        kwargs = {"client_id": world[prefix or "client"].pk if prefix else world["client"].pk}
        for name in names:
            kwargs[f"{name}_id"] = world[f"{prefix}_{name}" if prefix else name].pk
        return kwargs

    return build


def _own_traject(world):
    return {"traject_id": world["traject"].pk}


def _foreign_traject(world):
    return {"traject_id": world["foreign_traject"].pk}


def _own_followup(world):
    return {"client_id": world["client"].pk, "uitstroom_id": world["uitstroom"].pk, "months": 6}


def _foreign_followup(world):
    return {"client_id": world["foreign"].pk, "uitstroom_id": world["foreign_uitstroom"].pk, "months": 6}


def _portal_afspraak(world):
    return {"afspraak_id": world["afspraak"].pk}


def _foreign_portal_afspraak(world):
    return {"afspraak_id": world["foreign_afspraak"].pk}


def _own_afspraak_asked_to_move(world):
    return {"client_id": world["client"].pk, "afspraak_id": world["moved_afspraak"].pk}


def _afspraak_asked_to_move(person):
    """An appointment with an open request from the client for another time."""
    afspraak = AfspraakFactory(client=person)
    taak = Taak.objects.create(client=person, kind="afspraak_verzetten", text="Kan wel", afspraak=afspraak)
    moment = (afspraak.starts_at + timedelta(days=1)).astimezone(ZoneInfo("Europe/Amsterdam")).replace(second=0)
    Verzetverzoek.objects.create(
        afspraak=afspraak, taak=taak, preferred=[moment.isoformat()], old_starts_at=afspraak.starts_at
    )
    return afspraak


def _bogus_token(world):
    return {"uidb64": "MTIz", "token": "abc-def"}


def _portal_actie(world):
    """The client's own action in the agreed version (the concept v2 was never proposed)."""
    return {"actie_id": Actie.objects.get(doel__plan=world["plan"].based_on, owner="client").pk}


def _foreign_portal_actie(world):
    return {"actie_id": world["foreign_actie"].pk}


def _preview(world):
    return {"kind": "voortgangsrapportage"}


def _foreign(world):
    return {"client_id": world["foreign"].pk}


def _foreign_afspraak(world):
    return {"client_id": world["foreign"].pk, "afspraak_id": world["foreign_afspraak"].pk}


def _foreign_overdracht(world):
    return {"client_id": world["foreign"].pk, "overdracht_id": world["foreign_overdracht"].pk}


def _vacature(world):
    from tests.vacatures.helpers import matrix_vacature

    return {"vacature_id": matrix_vacature(world).pk}


def _own_vacature_client(world):
    return {**_vacature(world), **_own(world)}


def _own_voordracht(world):
    from tests.vacatures.helpers import matrix_voordracht

    return {"voordracht_id": matrix_voordracht(world, "client").pk}


def _foreign_voordracht(world):
    from tests.vacatures.helpers import matrix_voordracht

    return {"voordracht_id": matrix_voordracht(world, "foreign").pk}


def _own_export(world):
    return {"export_id": world["export"].pk}


def _foreign_export(world):
    return {"export_id": world["foreign_export"].pk}


def _own_zaak(world):
    return {"zaak_id": world["zaak"].pk}


def _foreign_zaak(world):
    return {"zaak_id": world["foreign_zaak"].pk}


def _own_zaak_step(world):
    return {"zaak_id": world["zaak"].pk, "step": "behandelaar"}


def _foreign_zaak_step(world):
    return {"zaak_id": world["foreign_zaak"].pk, "step": "behandelaar"}


def _vernietigingslijst(world):
    """A destruction list in its first state, with our client on it (the beheerder sees its number only)."""
    from reintegratie.bewaren.models import VernietigingItem, Vernietigingslijst

    lijst, _ = Vernietigingslijst.objects.get_or_create(period="2031-01")
    item, _ = VernietigingItem.objects.get_or_create(
        lijst=lijst,
        client=world["client"],
        defaults={
            "client_number": world["client"].client_number,
            "ended_on": world["client"].created_at.date(),
            "term_ended_on": world["client"].created_at.date(),
        },
    )
    return {"lijst_id": lijst.pk, "item_id": item.pk}


def _lijst(world):
    return {"lijst_id": _vernietigingslijst(world)["lijst_id"]}


def _own_document(world):
    from tests.dossier.helpers import matrix_document

    return {"document_id": matrix_document(world, "client").pk}


def _foreign_document(world):
    from tests.dossier.helpers import matrix_document

    return {"document_id": matrix_document(world, "foreign").pk}


def _own_bericht(world):
    from tests.berichten.helpers import matrix_bericht

    return {"bericht_id": matrix_bericht(world, "client").pk}


def _foreign_bericht(world):
    from tests.berichten.helpers import matrix_bericht

    return {"bericht_id": matrix_bericht(world, "foreign").pk}


def _own_inzage(world):
    return {"verzoek_id": world["inzage"].pk}


def _foreign_inzage(world):
    return {"verzoek_id": world["foreign_inzage"].pk}


def _fg_consult(world):
    return {"raadpleging_id": world["fg_consult"].pk}


# name: (kwargs for an object in scope, kwargs for an object out of scope or None, roles allowed, methods)
MATRIX = {
    "home": (None, None, LOGGED_IN, ("GET",)),
    "health": (None, None, PUBLIC, ("GET",)),
    "accounts:login": (None, None, PUBLIC, ("GET", "POST")),
    "accounts:logout": (None, None, PUBLIC, ("POST",)),
    "accounts:password-reset": (None, None, PUBLIC, ("GET", "POST")),
    "accounts:password-reset-done": (None, None, PUBLIC, ("GET",)),
    "accounts:activate": (_bogus_token, None, PUBLIC, ("GET", "POST")),
    "accounts:password-set-done": (None, None, PUBLIC, ("GET",)),
    "clients:portal-invite": (_own, _foreign, CASEWORK, ("POST",)),
    "accounts:otp-verify": (None, None, STAFF, ("GET", "POST")),
    "accounts:otp-setup": (None, None, STAFF, ("GET", "POST")),
    "accounts:account-unlock": (_own_coach, _foreign_coach, {"teamleider", "beheerder"}, ("POST",)),
    "portal:home": (None, None, {"client"}, ("GET",)),
    "portal:plan": (None, None, {"client"}, ("GET", "POST")),
    "portal:actie-done": (_portal_actie, _foreign_portal_actie, {"client"}, ("GET", "POST")),
    "portal:afspraken": (None, None, {"client"}, ("GET",)),
    "portal:tijdlijn": (None, None, {"client"}, ("GET",)),
    "portal:afspraak-confirm": (_portal_afspraak, _foreign_portal_afspraak, {"client"}, ("POST",)),
    "portal:afspraak-cancel": (_portal_afspraak, _foreign_portal_afspraak, {"client"}, ("GET", "POST")),
    "portal:afspraak-move-request": (_portal_afspraak, _foreign_portal_afspraak, {"client"}, ("GET", "POST")),
    "portal:afspraak-ics": (_portal_afspraak, _foreign_portal_afspraak, {"client"}, ("GET",)),
    "portal:brieven": (None, None, {"client"}, ("GET",)),
    "portal:intake": (None, None, {"client"}, ("GET", "POST")),
    "portal:inzage": (None, None, {"client"}, ("GET",)),
    "portal:zaken": (None, None, {"client"}, ("GET",)),
    "portal:zaak-detail": (_own_zaak, _foreign_zaak, {"client"}, ("GET",)),
    "portal:klacht-create": (None, None, {"client"}, ("GET", "POST")),
    "portal:bezwaar-create": (None, None, {"client"}, ("GET", "POST")),
    "aanbieder-home": (None, None, {"aanbieder"}, ("GET",)),
    "clients:caseload": (None, None, CASEWORK, ("GET", "POST")),
    "clients:client-create": (None, None, CASEWORK, ("GET", "POST")),
    "clients:client-detail": (_own, _foreign, CASEWORK, ("GET",)),
    "clients:client-update": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "clients:contactmoment-create": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "clients:afspraak-create": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "clients:afspraak-outcome": (_own_afspraak, _foreign_afspraak, CASEWORK, ("GET", "POST")),
    "clients:client-timeline": (_own, _foreign, CASEWORK, ("GET",)),
    "clients:afspraak-move": (_own_afspraak_asked_to_move, _foreign_afspraak, CASEWORK, ("GET", "POST")),
    "clients:afspraak-ics": (_own_afspraak, _foreign_afspraak, CASEWORK, ("GET",)),
    "clients:overdracht-acknowledge": (_own_overdracht, _foreign_overdracht, CASEWORK, ("POST",)),
    "clients:client-reassign": (_own, _foreign, {"teamleider"}, ("GET", "POST")),
    "clients:team-overview": (None, None, {"teamleider"}, ("GET", "POST")),
    "clients:taak-done": (_ids(None, "taak"), _ids("foreign", "taak"), CASEWORK, ("POST",)),
    "clients:afspraak-invite": (_own_afspraak, _foreign_afspraak, CASEWORK, ("GET", "POST")),
    "clients:progress-report": (_own, _foreign, CASEWORK, ("POST",)),
    "documents:brief-download": (_own_brief, _foreign_brief, CASEWORK | {"client"}, ("GET",)),
    "documents:brief-retry": (_own_brief, _foreign_brief, CASEWORK, ("POST",)),
    "intake:intake-start": (_own, _foreign, CASEWORK, ("POST",)),
    "intake:intake-edit": (_own_intake, _foreign_intake, CASEWORK, ("GET", "POST")),
    "intake:intake-detail": (_own_intake, _foreign_intake, CASEWORK, ("GET",)),
    "intake:trede-create": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "trajecten:plan-detail": (_own, _foreign, CASEWORK, ("GET",)),
    "trajecten:plan-create": (_own, _foreign, CASEWORK, ("POST",)),
    "trajecten:plan-edit": (_ids(None, "plan"), _ids("foreign", "plan"), CASEWORK, ("GET", "POST")),
    "trajecten:plan-status": (_ids(None, "plan"), _ids("foreign", "plan"), CASEWORK, ("POST",)),
    "trajecten:plan-version": (_ids(None, "plan"), _ids("foreign", "plan"), CASEWORK, ("POST",)),
    "trajecten:doel-create": (_ids(None, "plan"), _ids("foreign", "plan"), CASEWORK, ("GET", "POST")),
    "trajecten:doelen-from-intake": (_ids(None, "plan"), _ids("foreign", "plan"), CASEWORK, ("POST",)),
    "trajecten:doel-edit": (_ids(None, "plan", "doel"), _ids("foreign", "plan", "doel"), CASEWORK, ("GET", "POST")),
    "trajecten:doel-delete": (_ids(None, "plan", "doel"), _ids("foreign", "plan", "doel"), CASEWORK, ("GET", "POST")),
    "trajecten:actie-create": (_ids(None, "plan", "doel"), _ids("foreign", "plan", "doel"), CASEWORK, ("GET", "POST")),
    "trajecten:actie-edit": (_ids(None, "plan", "actie"), _ids("foreign", "plan", "actie"), CASEWORK, ("GET", "POST")),
    "trajecten:actie-delete": (
        _ids(None, "plan", "actie"),
        _ids("foreign", "plan", "actie"),
        CASEWORK,
        ("GET", "POST"),
    ),
    "trajecten:actie-done": (_ids(None, "plan", "actie"), _ids("foreign", "plan", "actie"), CASEWORK, ("GET", "POST")),
    "trajecten:traject-create": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "trajecten:traject-detail": (_own_traject, _foreign_traject, CASEWORK | {"aanbieder"}, ("GET",)),
    "trajecten:traject-status": (_own_traject, _foreign_traject, CASEWORK | {"aanbieder"}, ("GET", "POST")),
    "trajecten:report-create": (_own_traject, _foreign_traject, CASEWORK | {"aanbieder"}, ("GET", "POST")),
    "trajecten:uitstroom-create": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "trajecten:uitstroom-followup": (_own_followup, _foreign_followup, CASEWORK, ("GET", "POST")),
    "vacatures:vacature-list": (None, None, CASEWORK, ("GET",)),
    # Recording vacancies needs the vacatures.manage_vacature permission, which no matrix user has
    # (tests/vacatures/test_views.py checks a werkgeversdienstverlener gets in).
    "vacatures:vacature-create": (None, None, set(), ("GET", "POST")),
    "vacatures:vacature-update": (_vacature, None, set(), ("GET", "POST")),
    "vacatures:vacature-detail": (_vacature, None, CASEWORK, ("GET",)),
    "vacatures:vacature-overview": (_vacature, None, CASEWORK, ("GET",)),
    "vacatures:voordracht-create": (_own_vacature_client, None, CASEWORK, ("POST",)),
    "vacatures:voordracht-detail": (_own_voordracht, _foreign_voordracht, CASEWORK, ("GET", "POST")),
    "vacatures:voordracht-start-work": (_own_voordracht, _foreign_voordracht, CASEWORK, ("GET", "POST")),
    "vacatures:client-vacatures": (_own, _foreign, CASEWORK, ("GET",)),
    "vacatures:coach-consent": (_own, _foreign, CASEWORK, ("POST",)),
    "vacatures:portal": (None, None, {"client"}, ("GET",)),
    "vacatures:portal-consent": (None, None, {"client"}, ("POST",)),
    "reports:dashboard": (None, None, {"teamleider"}, ("GET",)),
    "reports:dashboard-pdf": (None, None, {"teamleider"}, ("GET",)),
    "reports:municipality": (None, None, {"teamleider"}, ("GET",)),
    "reports:table-export": (None, None, {"teamleider"}, ("GET",)),
    "reports:export-create": (None, None, {"teamleider"}, ("POST",)),
    "reports:export-detail": (_own_export, _foreign_export, {"teamleider"}, ("GET",)),
    "reports:export-status": (_own_export, _foreign_export, {"teamleider"}, ("GET",)),
    "reports:export-download": (_own_export, _foreign_export, {"teamleider"}, ("GET",)),
    "klachten:zaak-list": (None, None, CASEWORK, ("GET",)),
    "klachten:jaaroverzicht": (None, None, {"teamleider"}, ("GET",)),
    "klachten:zaak-detail": (_own_zaak, _foreign_zaak, CASEWORK, ("GET",)),
    "klachten:zaak-edit": (_own_zaak, _foreign_zaak, CASEWORK, ("GET", "POST")),
    "klachten:zaak-step": (_own_zaak_step, _foreign_zaak_step, CASEWORK, ("GET", "POST")),
    "klachten:klacht-create": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "klachten:maatregel-create": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "klachten:bezwaar-create": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "klachten:signaal-create": (_own, _foreign, {"aanbieder"}, ("GET", "POST")),
    # Retention: the functioneel beheerder's destruction lists (client numbers only).
    "bewaren:lijst-list": (None, None, {"beheerder"}, ("GET",)),
    "bewaren:lijst-detail": (_lijst, None, {"beheerder"}, ("GET",)),
    "bewaren:lijst-check": (_lijst, None, {"beheerder"}, ("POST",)),
    "bewaren:lijst-approve": (_lijst, None, {"beheerder"}, ("POST",)),
    "bewaren:item-exclude": (_vernietigingslijst, None, {"beheerder"}, ("POST",)),
    "bewaren:item-include": (_vernietigingslijst, None, {"beheerder"}, ("POST",)),
    "dossier:client-documents": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "dossier:portal-documents": (None, None, {"client"}, ("GET", "POST")),
    "dossier:document-download": (_own_document, _foreign_document, CASEWORK | {"client"}, ("GET",)),
    "berichten:client-thread": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "berichten:portal-thread": (None, None, {"client"}, ("GET", "POST")),
    "berichten:bericht-contactmoment": (_own_bericht, _foreign_bericht, CASEWORK, ("POST",)),
    "berichten:bericht-close": (_own_bericht, _foreign_bericht, CASEWORK, ("POST",)),
    "berichten:group-create": (None, None, CASEWORK, ("GET", "POST")),
    "berichten:team-queue": (None, None, {"teamleider"}, ("GET",)),
    "privacy:client-history": (_own, _foreign, CASEWORK, ("GET",)),
    "privacy:staff-inzage": (_own, _foreign, CASEWORK, ("GET", "POST")),
    "privacy:inzage-detail": (_own_inzage, _foreign_inzage, CASEWORK | {"client"}, ("GET",)),
    "privacy:inzage-status": (_own_inzage, _foreign_inzage, CASEWORK | {"client"}, ("GET",)),
    "privacy:inzage-download": (_own_inzage, _foreign_inzage, CASEWORK | {"client"}, ("GET",)),
    "privacy:portal-gegevens": (None, None, {"client"}, ("GET", "POST")),
    "privacy:portal-history": (None, None, {"client"}, ("GET",)),
    # The FG names a client in the POST body; the result page is theirs only (tests/privacy).
    "privacy:fg-search": (None, None, {"fg"}, ("GET", "POST")),
    "privacy:fg-result": (_fg_consult, None, {"fg"}, ("GET",)),
    # LETTER_PREVIEWS only: off in tests, so nobody gets it.
    "documents:brief-preview": (_preview, None, set(), ("GET",)),
}
# Routes that need a query string to mean anything.
QUERY = {"trajecten:traject-status": "?to=afgerond", "reports:table-export": "?tabel=caseload&formaat=csv"}
# Routes whose id names an object that is not client data: every allowed user may open it.
UNSCOPED = {"vacatures:vacature-detail", "vacatures:vacature-overview"}
# Logged-in users are sent on from the login page; that is access, not refusal.
REDIRECT_OK = {"home", "accounts:login", "accounts:logout", "accounts:otp-verify", "accounts:otp-setup"}


def assert_security_headers(response, *, logged_in):
    """The headers every HTML page carries (ASVS 14.4, 8.2.1)."""
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    if logged_in:
        assert "no-store" in response["Cache-Control"]


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry.pattern}>"


def test_every_url_pattern_is_in_the_matrix():
    names = {n for n in _url_names() if not n.startswith("admin:")}
    assert names - MATRIX.keys() == set(), "add these URL patterns to MATRIX"
    assert MATRIX.keys() - names == set(), "these MATRIX entries no longer exist"


@pytest.fixture
def world(
    coach, other_coach, teamleider, other_teamleider, beheerder, aanbieder_user, client_obj, client_user, fg_user
):
    foreign = ClientFactory(coach=other_coach, first_name="Zeynep", last_name="Vreemdeling")
    own_plan, own_traject = _plan_and_traject(client_obj, coach, aanbieder_user.aanbieder)
    other_plan, other_traject = _plan_and_traject(foreign, other_coach, AanbiederFactory())
    made = {
        "plan": own_plan,
        "doel": own_plan.doelen.first(),
        "actie": Actie.objects.filter(doel__plan=own_plan).first(),
        "traject": own_traject,
        "uitstroom": _uitstroom(client_obj, coach),
        "foreign_plan": other_plan,
        "foreign_doel": other_plan.doelen.first(),
        "foreign_actie": Actie.objects.filter(doel__plan=other_plan).first(),
        "foreign_traject": other_traject,
        "foreign_uitstroom": _uitstroom(foreign, other_coach),
        "taak": Taak.objects.create(client=client_obj, kind="intake_klopt_niet", text="Mijn adres klopt niet."),
        "foreign_taak": Taak.objects.create(client=foreign, kind="intake_klopt_niet", text="x"),
        "brief": _ready_letter(client_obj, coach),
        "intake": Intake.objects.create(client=client_obj, kind="eerste", created_by=coach),
        "foreign_intake": Intake.objects.create(client=foreign, kind="eerste", created_by=other_coach),
        "foreign_brief": _ready_letter(foreign, other_coach),
        "users": {
            "coach": coach,
            "other_coach": other_coach,
            "teamleider": teamleider,
            "other_teamleider": other_teamleider,
            "beheerder": beheerder,
            "aanbieder": aanbieder_user,
            "client": client_user,
            "fg": fg_user,
        },
        "client": client_obj,
        "afspraak": AfspraakFactory(client=client_obj),
        "moved_afspraak": _afspraak_asked_to_move(client_obj),
        "overdracht": Overdracht.objects.get(client=client_obj),
        "foreign": foreign,
        "foreign_afspraak": AfspraakFactory(client=foreign),
        "foreign_overdracht": Overdracht.objects.get(client=foreign),
        "export": _ready_export(teamleider),
        "foreign_export": _ready_export(other_teamleider),
        "zaak": _klacht(client_obj, coach),
        "foreign_zaak": _klacht(foreign, other_coach),
        "inzage": _ready_inzage(client_obj, coach),
        "foreign_inzage": _ready_inzage(foreign, other_coach),
        "fg_consult": FgRaadpleging.objects.create(
            user=fg_user, client=client_obj, reason="klacht", note="Klacht 12 over inzage."
        ),
    }
    # A document and a message on each side, made before any request so the row counts see them.
    for make in (_own_document, _foreign_document, _own_bericht, _foreign_bericht):
        make(made)
    return made


def _ready_inzage(person, user):
    """A finished inzage zip; making it is tested in tests/privacy."""
    from django.utils import timezone

    verzoek = InzageVerzoek(client=person, requested_by=user, via="papier", status="klaar", percent=100)
    verzoek.file.save(f"{verzoek.pk}.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    verzoek.finished_at = timezone.now()
    verzoek.save()
    return verzoek


def _ready_export(user):
    """A finished export of the team's client list, owned by user. Making exports is tested in tests/reports."""
    export = Export(requested_by=user, kind="clienten_csv", status="klaar", done=1, total=1)
    export.file.save(f"{export.pk}.csv", ContentFile(b"\xef\xbb\xbfnummer\n"), save=False)
    export.save()
    return export


def _klacht(person, author):
    """A complaint just received; the services are tested in tests/klachten."""
    from django.utils import timezone

    from klachten.models import Klacht, Zaak

    zaak = Zaak.objects.create(
        soort="klacht", client=person, status="ontvangen", received_on=timezone.localdate(), created_by=author
    )
    Klacht.objects.create(zaak=zaak, category="bereikbaarheid", description="Ik kon niemand bereiken.")
    return zaak


def _ready_letter(client_obj, author):
    """A letter in state 'klaar'. Rendering is tested in tests/documents; here only access matters."""
    request = RequestFactory().post("/")
    request.user = author
    with mock.patch("reintegratie.documents.services.brief_publish"):
        brief = brief_request(request=request, client=client_obj, kind="voortgangsrapportage", source=client_obj)
    brief.pdf.save(f"{brief.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    brief.sha256, brief.status = "0" * 64, "klaar"
    brief.save()
    return brief


def _plan_and_traject(person, coach, aanbieder):
    """A concept plan with a goal and an action, and a running traject at the given provider."""
    from tests.trajecten.helpers import agreed_plan, instrument
    from trajecten import services as traject_services
    from trajecten.services import plan_new_version

    with mock.patch("reintegratie.documents.services.brief_publish"):
        agreed = agreed_plan(coach, person)
        request = RequestFactory().post("/")
        request.user = coach
        traject = traject_services.traject_start(
            request=request,
            client=person,
            instrument=instrument(aanbieder=aanbieder),
            doel=agreed.doelen.first(),
            reason="Past bij het doel.",
        )
        traject_services.traject_transition(request=request, traject=traject, to_status="lopend")
        concept = plan_new_version(request=request, plan=agreed)
    return concept, traject


def _uitstroom(person, coach):
    from django.utils import timezone

    return Uitstroom.objects.create(
        client=person,
        on=timezone.localdate() - timedelta(days=200),
        kind="opleiding",
        contract="geen",
        created_by=coach,
    )


def _request(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, {})


def _row_counts():
    return (
        Contactmoment.objects.count(),
        Afspraak.objects.count(),
        Overdracht.objects.count(),
        Brief.objects.count(),
        Brief.objects.filter(status="klaar").count(),
        Intake.objects.count(),
        Trede.objects.count(),
        Plan.objects.count(),
        Plan.objects.filter(status="concept").count(),
        Doel.objects.count(),
        Actie.objects.filter(status="open").count(),
        Traject.objects.filter(status="lopend").count(),
        Voortgangsrapportage.objects.count(),
        Uitstroom.objects.filter(followup_6="").count(),
        Taak.objects.filter(done_at__isnull=True).count(),
        Afspraak.objects.filter(confirmed_at__isnull=False).count(),
        Afspraak.objects.filter(outcome="afgezegd").count(),
        Verzetverzoek.objects.filter(status="open").count(),
        Export.objects.count(),
        Document.objects.count(),
        *Bericht.objects.aggregate(n=Count("pk"), open=Count("pk", filter=Q(answered_at__isnull=True))).values(),
        InzageVerzoek.objects.count(),
        FgRaadpleging.objects.count(),
        *Zaak.objects.aggregate(n=Count("pk"), v=Sum("version")).values(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_gets_exactly_the_access_the_matrix_gives(client, world, name, role):
    own_kwargs, _foreign_kwargs, allowed, methods = MATRIX[name]
    url = reverse(name, kwargs=own_kwargs(world) if own_kwargs else None) + QUERY.get(name, "")
    if role != "anonymous":
        login(client, world["users"][role])
    before = _row_counts()
    for method in methods:
        response = _request(client, method, url)
        body = "" if response.streaming else response.content.decode(errors="replace")
        if KIND[role] not in allowed:
            if role == "anonymous":
                assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
            else:
                assert response.status_code in (403, 404), (method, response.status_code)
        elif own_kwargs and name not in UNSCOPED and role in OUT_OF_SCOPE and allowed is not PUBLIC:
            # The right kind of user, but our client is not theirs: 404.
            assert response.status_code == 404, (method, response.status_code)
        else:
            assert response.status_code < 400, (method, response.status_code)
            if response.status_code == 302 and method == "GET" and name not in REDIRECT_OK:
                pytest.fail(f"{role} was redirected away from {name}: {response['Location']}")
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                assert_security_headers(response, logged_in=role != "anonymous")
            continue
        # A refusal never shows the client's data and never changes anything.
        assert world["client"].bsn not in body
        assert world["client"].last_name not in body
    if KIND[role] not in allowed or (
        own_kwargs and name not in UNSCOPED and role in OUT_OF_SCOPE and allowed is not PUBLIC
    ):
        assert _row_counts() == before


@pytest.mark.parametrize("role", ["coach", "teamleider"])
@pytest.mark.parametrize("name", sorted(n for n, spec in MATRIX.items() if spec[1] is not None))
def test_objects_outside_the_policy_answer_404_and_change_nothing(client, world, name, role):
    """Child objects too: another team's afspraak or overdracht, even under our own client's URL."""
    _own_kwargs, foreign_kwargs, _allowed, methods = MATRIX[name]
    login(client, world["users"][role])
    before = _row_counts()
    foreign = foreign_kwargs(world)
    urls = [reverse(name, kwargs=foreign) + QUERY.get(name, "")]
    if "client_id" in foreign and len(foreign) > 1:
        # Another team's child object under our own client's URL.
        urls.append(reverse(name, kwargs={**foreign, "client_id": world["client"].pk}) + QUERY.get(name, ""))
    for url in urls:
        for method in methods:
            response = _request(client, method, url)
            if KIND[role] not in _allowed:
                assert response.status_code == 403
            else:
                assert response.status_code == 404, (url, method, response.status_code)
            assert response.streaming or world["foreign"].bsn not in response.content.decode(errors="replace")
    assert _row_counts() == before


def test_opening_a_foreign_client_file_is_logged_as_denied(client, world):
    login(client, world["users"]["coach"])
    response = client.get(reverse("clients:client-detail", kwargs={"client_id": world["foreign"].pk}))
    assert response.status_code == 404
    log = AccessLog.objects.get(client=world["foreign"], action="view")
    assert (log.user, log.action, log.result) == (world["users"]["coach"], "view", "denied")


def test_admin_is_only_for_the_beheerder(client, world):
    url = reverse("admin:index")
    assert client.get(url).status_code == 302
    for role in ("coach", "teamleider", "client", "aanbieder", "fg"):
        login(client, world["users"][role])
        response = client.get(url)
        assert response.status_code == 302 and "/beheer/login/" in response["Location"], role
    login(client, world["users"]["beheerder"])
    assert client.get(url).status_code == 200


def test_admin_registers_no_client_data(client, world):
    from django.contrib import admin

    registered = {model._meta.label for model in admin.site._registry}
    assert registered == {
        "accounts.User",
        "accounts.Team",
        "accounts.Aanbieder",
        "intake.Beroep",
        "klachten.GelijkgesteldeDag",  # Atw art. 3 lid 3 decree days: no client data
        "klachten.SanctieRegel",
        # The outbox: subject, status and error only; addresses masked, no mail text (tests/outbox).
        "outbox.Mail",
        "trajecten.Instrument",
        # Vacancies are employer data; the proxy lists staff to hand out the werkgeversdienstverlener task.
        "vacatures.Vacature",
        "vacatures.Werkgeversdienstverlener",
    }
    login(client, world["users"]["beheerder"])
    response = client.get(reverse("admin:accounts_user_changelist"))
    body = response.content.decode()
    assert response.status_code == 200
    assert world["users"]["coach"].username in body
    # The client's portal account is client data: not listed, not reachable.
    assert world["users"]["client"].username not in body
    detail = client.get(reverse("admin:accounts_user_change", args=[world["users"]["client"].pk]))
    assert detail.status_code in (302, 404)


OTP_PAGES = {"accounts:otp-verify", "accounts:otp-setup", "accounts:logout", "health", "accounts:login"}
# Reachable without a second factor only for anonymous users; logged-in staff are sent to the code page too.


@pytest.mark.parametrize("role", ["coach", "teamleider", "beheerder", "aanbieder", "fg"])
@pytest.mark.parametrize("name", sorted(set(MATRIX) - OTP_PAGES))
def test_a_password_alone_opens_no_staff_page(client, world, name, role):
    """Staff with only a password (no verified second factor) reach nothing but the code pages."""
    own_kwargs, _foreign_kwargs, _allowed, methods = MATRIX[name]
    login_password_only(client, world["users"][role])
    before = _row_counts()
    for method in methods:
        url = reverse(name, kwargs=own_kwargs(world) if own_kwargs else None) + QUERY.get(name, "")
        response = _request(client, method, url)
        assert response.status_code == 302, (method, response.status_code)
        assert response["Location"].startswith("/account/tweestapsverificatie/")
    assert _row_counts() == before


def test_a_password_alone_does_not_open_the_admin(client, world):
    login_password_only(client, world["users"]["beheerder"])
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestapsverificatie/")
