"""Automated WCAG 2.1 AA checks (axe-core) on the main pages of every role, in a real browser.

axe-core finds only part of the WCAG problems (roughly a third to half); a clean run
here does not replace a manual check with keyboard and screen reader.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MOBILE = {"width": 360, "height": 740}


@pytest.fixture
def browser_context_args(browser_context_args):
    # The app sends a strict Content-Security-Policy (script-src 'self' 'nonce-…').
    # Playwright's add_script_tag(path=…) inserts the file as an inline <script>
    # without that nonce, so the browser refuses to run axe. Bypassing the CSP is
    # limited to this module: the other browser tests keep the real policy.
    return {**browser_context_args, "bypass_csp": True}


def axe(page: Page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page; return its violations."""
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})""",
        WCAG_TAGS,
    )
    return results["violations"]


def describe(violations: list[dict]) -> str:
    """One line per violation (rule, impact, help), then its first elements with axe's own explanation."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({len(v['nodes'])} element(s), {v['helpUrl']})")
        for node in v["nodes"][:3]:
            target = " ".join(map(str, node["target"]))
            why = (node.get("any") or node.get("all") or node.get("none") or [{}])[0].get("message", "")
            lines.append(f"    {target}: {node['html'][:160]}")
            if why:
                lines.append(f"      {why}")
    return "\n".join(lines)


def check_page(page: Page):
    """The page structure every page needs, then axe's WCAG 2.1 AA rules."""
    assert page.evaluate("document.documentElement.lang") == "nl"
    h1_count = page.locator("h1").count()
    assert h1_count == 1, f"expected exactly one h1 on {page.url}, found {h1_count}"
    main_count = page.locator("main, [role=main]").count()
    assert main_count == 1, f"expected exactly one main landmark on {page.url}, found {main_count}"
    violations = axe(page)
    assert not violations, f"axe found {len(violations)} WCAG 2.1 AA violation(s) on {page.url}:\n" + describe(
        violations
    )


def open_client(page: Page, name: str):
    page.get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(re.compile(r"/clienten/[0-9a-f-]{36}/$"))


# --- navigation per page: each gets the logged-in page and the server's URL -----------------


def login_page(page, url):
    page.goto(f"{url}/account/inloggen/")


def caseload(page, url):
    page.goto(f"{url}/clienten/")


def client_file(page, url):
    page.goto(f"{url}/clienten/")
    page.get_by_role("table").locator("tbody tr").first.locator("th a").click()
    expect(page).to_have_url(re.compile(r"/clienten/[0-9a-f-]{36}/$"))


def client_create(page, url):
    page.goto(f"{url}/clienten/nieuw/")


def client_create_refused(page, url):
    page.goto(f"{url}/clienten/nieuw/")
    page.locator("#id_first_name").fill("Test")
    page.locator("#id_last_name").fill("Persoon")
    page.locator("#id_bsn").fill("123456780")  # fails the elfproef
    page.locator("#id_date_of_birth").fill("1990-01-01")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("#id_bsn")).to_have_attribute("aria-invalid", "true")


def intake_form(page, url):
    page.goto(f"{url}/clienten/")
    open_client(page, "Kaya, Samira")  # a new registration: no intake yet
    page.get_by_role("button", name="Brede intake starten").click()
    expect(page).to_have_url(re.compile(r"/intake/\d+/$"))


def client_with_agreed_plan():
    """A client of `coach` with a completed intake and an agreed plan (chosen from the data, not by name).

    (Anouk Bos, the first demo client and the `klant` account, has one too; any will do.)
    """
    from clients.models import Client

    return (
        Client.objects.filter(coach__username="coach", intakes__status="afgerond", plans__status="akkoord")
        .order_by("client_number")
        .first()
    )


def open_file_with_plan(page, url):
    client = client_with_agreed_plan()
    page.goto(f"{url}/clienten/{client.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(client.last_name)


def intake_summary(page, url):
    open_file_with_plan(page, url)
    page.get_by_role("link", name="Volledige samenvatting").click()
    expect(page).to_have_url(re.compile(r"/samenvatting/$"))


def plan_page(page, url):
    open_file_with_plan(page, url)
    page.get_by_role("link", name="Plan bekijken").click()
    expect(page).to_have_url(re.compile(r"/plan/$"))


def traject_create(page, url):
    open_file_with_plan(page, url)
    page.get_by_role("link", name="Traject starten").click()
    expect(page).to_have_url(re.compile(r"/trajecten/nieuw/$"))


def team_overview(page, url):
    page.goto(f"{url}/team/")


def aanbieder_home(page, url):
    page.goto(f"{url}/aanbieder/")


def aanbieder_traject(page, url):
    page.goto(f"{url}/aanbieder/")
    page.get_by_role("table").locator("tbody tr").first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/trajecten/\d+/$"))


def vacature_list(page, url):
    page.goto(f"{url}/vacatures/")


def vacature_detail(page, url):
    vacature_list(page, url)
    page.get_by_role("table").locator("tbody tr").first.locator("th a").click()
    expect(page).to_have_url(re.compile(r"/vacatures/\d+/$"))


def vacature_overview(page, url):
    vacature_detail(page, url)
    page.get_by_role("link", name="Overzicht voor de werkgever").click()
    expect(page).to_have_url(re.compile(r"/overzicht/$"))


def vacature_create(page, url):
    page.goto(f"{url}/vacatures/nieuw/")


def client_vacatures(page, url):
    open_file_with_plan(page, url)
    page.get_by_role("link", name="Alle vacatures en zichtbaarheid").click()
    expect(page).to_have_url(re.compile(r"/vacatures/clienten/[0-9a-f-]{36}/$"))


def zaak_list(page, url):
    page.goto(f"{url}/zaken/")


def _demo_zaak(soort, status):
    from klachten.models import Zaak

    return Zaak.objects.filter(soort=soort, status=status).first()


def zaak_detail(page, url):
    page.goto(f"{url}/zaken/{_demo_zaak('maatregel', 'opgelegd').pk}/")


def maatregel_create(page, url):
    client = _demo_zaak("maatregel", "opgelegd").client
    page.goto(f"{url}/clienten/{client.pk}/maatregelen/nieuw/")


def zaak_decide_klacht(page, url):
    page.goto(f"{url}/zaken/{_demo_zaak('klacht', 'in_behandeling').pk}/stap/beslissen/")


def zaak_voornemen_from_signal(page, url):
    page.goto(f"{url}/zaken/{_demo_zaak('maatregel', 'gesignaleerd').pk}/stap/voornemen/")


def jaaroverzicht(page, url):
    page.goto(f"{url}/zaken/jaaroverzicht/")


def beheer_index(page, url):
    page.goto(f"{url}/beheer/")


def beheer_users(page, url):
    page.goto(f"{url}/beheer/accounts/user/")


def beheer_user_change(page, url):
    beheer_users(page, url)
    page.locator("#result_list tbody tr").first.locator("th a").click()
    expect(page).to_have_url(re.compile(r"/beheer/accounts/user/\d+/change/$"))
    # The URL changes when the navigation commits, before the new page is there: wait for it.
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_count(1)


def _concept_plan():
    from trajecten.models import Plan

    return Plan.objects.filter(client__coach__username="coach", status="concept", doelen__acties__isnull=False).first()


def doel_edit(page, url):
    plan = _concept_plan()
    doel = plan.doelen.first()
    page.goto(f"{url}/clienten/{plan.client_id}/plan/{plan.pk}/doelen/{doel.pk}/wijzigen/")


def actie_edit(page, url):
    plan = _concept_plan()
    actie = plan.doelen.first().acties.first()
    page.goto(f"{url}/clienten/{plan.client_id}/plan/{plan.pk}/acties/{actie.pk}/wijzigen/")


def doel_delete_confirm(page, url):
    plan = _concept_plan()
    doel = plan.doelen.first()
    page.goto(f"{url}/clienten/{plan.client_id}/plan/{plan.pk}/doelen/{doel.pk}/verwijderen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Doel verwijderen?")


def afspraak_warning(page, url):
    """The appointment form after a Sunday evening was chosen: the warning and 'Toch plannen'."""
    from datetime import timedelta

    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=3)
    while day.weekday() != 6:
        day += timedelta(days=1)
    client = client_with_agreed_plan()
    page.goto(f"{url}/clienten/{client.pk}/afspraken/nieuw/")
    page.get_by_label("Datum en tijd").fill(f"{day.isoformat()}T20:00")
    page.get_by_label("Plaats").fill("Stadswinkel")
    page.get_by_label("Onderwerp").fill("Voortgangsgesprek")
    page.get_by_role("button", name="Plannen").click()
    expect(page.get_by_role("button", name="Toch plannen")).to_be_visible()


def dashboard(page, url):
    page.goto(f"{url}/rapportage/")


def _destruction_list():
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    from reintegratie.bewaren import services

    return services.lijst_make(today=timezone.localdate() + relativedelta(years=6))


def vernietigingslijsten(page, url):
    _destruction_list()
    page.goto(f"{url}/bewaren/")


def vernietigingslijst(page, url):
    page.goto(f"{url}/bewaren/{_destruction_list().pk}/")
    page.get_by_role("button", name="Bewaren").first.click()  # without a reason: the error, shown in place
    expect(page.locator(".invalid-feedback")).to_be_visible()


def duplicate_warning(page, url):
    """Registering someone who looks like a client already on the caseload: the warning and 'Toch aanmelden'."""
    from clients.models import Client

    known = Client.objects.filter(coach__username="coach").first()
    page.goto(f"{url}/clienten/nieuw/")
    page.get_by_label("Voornaam").fill(known.first_name)
    page.get_by_label("Achternaam").fill(known.last_name)
    page.get_by_label("BSN").fill("111222333")
    page.get_by_label("Geboortedatum").fill(known.date_of_birth.isoformat())
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_label("Toch aanmelden: dit is een andere persoon")).to_be_visible()


def _klant_afspraak(asked_to_move=False):
    """An appointment of the portal demo login `klant` in ten days (so it can still be changed)."""
    from datetime import timedelta

    from django.test import RequestFactory
    from django.utils import timezone

    from clients.afspraak_services import afspraak_client_ask_move
    from clients.models import Client
    from tests.factories import AfspraakFactory

    client = Client.objects.get(user__username="klant")
    afspraak = AfspraakFactory(client=client, starts_at=timezone.now() + timedelta(days=10), purpose="Kennismaking")
    if asked_to_move:
        request = RequestFactory().post("/")
        request.user = client.user
        moments = [(afspraak.starts_at + timedelta(days=d)).replace(second=0, microsecond=0) for d in (1, 2)]
        afspraak_client_ask_move(request=request, client=client, afspraak=afspraak, preferred=moments, reason="Werk.")
    return afspraak


def client_timeline(page, url):
    client = client_with_agreed_plan()
    page.goto(f"{url}/clienten/{client.pk}/")
    page.get_by_role("link", name="Tijdlijn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tijdlijn van")


def afspraak_move(page, url):
    afspraak = _klant_afspraak(asked_to_move=True)
    page.goto(f"{url}/clienten/{afspraak.client_id}/afspraken/{afspraak.pk}/verzetten/")
    expect(page.get_by_role("button", name="Afspraak verzetten")).to_be_visible()


def portal_afspraak_cancel(page, url):
    afspraak = _klant_afspraak()
    page.goto(f"{url}/mijn/afspraken/{afspraak.pk}/afzeggen/")


def portal_afspraak_move_refused(page, url):
    """The move request sent without a moment: the error summary and the form again."""
    afspraak = _klant_afspraak()
    page.goto(f"{url}/mijn/afspraken/{afspraak.pk}/andere-tijd/")
    page.get_by_role("button", name="Vraag versturen").click()
    expect(page.locator("#formulierfouten")).to_be_visible()


def client_history(page, url):
    client_file(page, url)
    page.get_by_role("link", name=re.compile(r"^Wijzigingen")).click()
    expect(page).to_have_url(re.compile(r"/wijzigingen/$"))


def staff_inzage(page, url):
    client_file(page, url)
    page.get_by_role("link", name="Inzageverzoek (alle gegevens)").click()
    expect(page).to_have_url(re.compile(r"/inzage/$"))


def inzage_progress(page, url):
    staff_inzage(page, url)
    page.get_by_role("button", name="Maak het bestand").click()
    expect(page).to_have_url(re.compile(r"/inzage/[0-9a-f-]{36}/$"))


def fg_search(page, url):
    page.goto(f"{url}/fg/")


def fg_result(page, url):
    from clients.models import Client

    page.goto(f"{url}/fg/")
    page.get_by_label("BSN of cliëntnummer").fill(Client.objects.get(user__username="klant").bsn)
    page.get_by_label("Klacht").check()
    page.get_by_label("Toelichting").fill("Klacht K-12 over wie het dossier opende.")
    page.get_by_role("button", name="Dossier onderzoeken").click()
    expect(page).to_have_url(re.compile(r"/fg/raadplegingen/[0-9a-f-]{36}/$"))


NEW_STAFF_PAGES = [
    ("beheerder", vernietigingslijsten),
    ("beheerder", vernietigingslijst),
    ("coach", duplicate_warning),
    ("coach", doel_edit),
    ("coach", actie_edit),
    ("coach", doel_delete_confirm),
    ("coach", afspraak_warning),
    ("teamleider", dashboard),
    ("coach", client_timeline),
    ("coach", afspraak_move),
    ("klant", portal_afspraak_cancel),
    ("klant", portal_afspraak_move_refused),
    ("coach", client_history),
    ("coach", staff_inzage),
    ("coach", inzage_progress),
    ("fg", fg_search),
    ("fg", fg_result),
]


@pytest.mark.parametrize("viewport", [None, MOBILE], ids=["desktop", "mobiel-360"])
@pytest.mark.parametrize(("username", "go"), NEW_STAFF_PAGES, ids=[f"{u}-{g.__name__}" for u, g in NEW_STAFF_PAGES])
def test_plan_appointment_and_dashboard_pages_meet_wcag_21_aa_also_on_a_phone(
    page, live_server, demo_data, login, username, go, viewport
):
    if viewport:
        page.set_viewport_size(viewport)
    login(username)
    go(page, live_server.url)
    check_page(page)


def _anouk_with_messages_and_a_document():
    """Anouk (klant) wrote twice, one message is overdue, her coach answered once; her cv is in the dossier."""
    from django.utils import timezone

    from clients.models import Client
    from reintegratie.berichten.models import Bericht
    from tests.berichten.helpers import client_message
    from tests.dossier.helpers import stored_document

    anouk = Client.objects.select_related("user", "coach").get(user__username="klant")
    first = client_message(anouk, "Hierbij mijn cv. Kunt u ernaar kijken?")
    Bericht.objects.filter(pk=first.pk).update(answer_due=timezone.localdate().replace(year=2025))
    Bericht.objects.create(client=anouk, sender=anouk.coach, from_client=False, text="Dank u, ik kijk ernaar.")
    client_message(anouk, "Ik kan dinsdag niet komen.")
    stored_document(anouk, anouk.user, "cv Anouk.pdf")
    return anouk


def berichten_thread(page, url):
    anouk = _anouk_with_messages_and_a_document()
    page.goto(f"{url}/berichten/clienten/{anouk.pk}/")


def berichten_thread_refused(page, url):
    berichten_thread(page, url)
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("#formulierfouten")).to_be_visible()


def client_documents(page, url):
    anouk = _anouk_with_messages_and_a_document()
    page.goto(f"{url}/dossier/clienten/{anouk.pk}/")


def group_message(page, url):
    page.goto(f"{url}/berichten/groep/")


def team_berichten(page, url):
    _anouk_with_messages_and_a_document()
    page.goto(f"{url}/berichten/team/")
    expect(page.get_by_role("table")).to_be_visible()


def portal_berichten(page, url):
    _anouk_with_messages_and_a_document()
    page.goto(f"{url}/berichten/mijn/")


def portal_document_refused(page, url):
    _anouk_with_messages_and_a_document()
    page.goto(f"{url}/dossier/mijn/")
    page.get_by_label("Wat voor document is het?").select_option("cv")
    page.get_by_label("Bestand").set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"\x7fELF" + b"\0" * 64}]
    )
    page.get_by_role("button", name="Document versturen").click()
    expect(page.locator("#formulierfouten")).to_contain_text("een programma, geen document")


BERICHTEN_PAGES = [
    ("coach", berichten_thread),
    ("coach", berichten_thread_refused),
    ("coach", client_documents),
    ("coach", client_file),
    ("coach", group_message),
    ("teamleider", team_berichten),
    ("klant", portal_berichten),
    ("klant", portal_document_refused),
]


@pytest.mark.parametrize("viewport", [None, MOBILE], ids=["desktop", "mobiel-360"])
@pytest.mark.parametrize(("username", "go"), BERICHTEN_PAGES, ids=[f"{u}-{g.__name__}" for u, g in BERICHTEN_PAGES])
def test_berichten_and_document_pages_meet_wcag_21_aa_also_on_a_phone(
    page, live_server, demo_data, login, username, go, viewport
):
    if viewport:
        page.set_viewport_size(viewport)
    login(username)
    go(page, live_server.url)
    check_page(page)


STAFF_PAGES = [
    (None, login_page),
    ("coach", caseload),
    ("coach", client_file),
    ("coach", client_create),
    ("coach", client_create_refused),
    ("coach", intake_form),
    ("coach", intake_summary),
    ("coach", plan_page),
    ("coach", traject_create),
    ("teamleider", team_overview),
    ("aanbieder", aanbieder_home),
    ("aanbieder", aanbieder_traject),
    ("coach", vacature_list),
    ("coach", vacature_detail),
    ("coach", vacature_overview),
    ("coach", vacature_create),
    ("coach", client_vacatures),
    ("coach", zaak_list),
    ("coach", zaak_detail),
    ("coach", maatregel_create),
    ("coach", zaak_decide_klacht),
    ("coach", zaak_voornemen_from_signal),
    ("teamleider", jaaroverzicht),
    ("beheerder", beheer_index),
    ("beheerder", beheer_users),
    ("beheerder", beheer_user_change),
]

PORTAL_PAGES = [
    "/mijn/",
    "/mijn/plan/",
    "/mijn/afspraken/",
    "/mijn/tijdlijn/",
    "/mijn/brieven/",
    "/mijn/intake/",
    "/mijn/inzage/",
    "/vacatures/mijn/",
    "/mijn/zaken/",
    "/mijn/zaken/klacht/",
    "/berichten/mijn/",
    "/dossier/mijn/",
    "/mijn/mijn-gegevens/",
    "/mijn/wijzigingen/",
]


@pytest.mark.parametrize(
    ("username", "go"), STAFF_PAGES, ids=[f"{u or 'anoniem'}-{g.__name__}" for u, g in STAFF_PAGES]
)
def test_staff_page_meets_wcag_21_aa(page, live_server, demo_data, login, username, go):
    if username:
        login(username)
    go(page, live_server.url)
    check_page(page)


@pytest.mark.parametrize("viewport", [None, MOBILE], ids=["desktop", "mobiel-360"])
@pytest.mark.parametrize("path", PORTAL_PAGES)
def test_portal_page_meets_wcag_21_aa(page, live_server, demo_data, login, path, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    login("klant")
    response = page.goto(f"{live_server.url}{path}")
    # A page that is listed here must exist: a 404 is a failure, not a skip.
    assert response.status == 200, f"{path} answered {response.status}"
    check_page(page)


@pytest.mark.parametrize("kind", ["voortgangsrapportage", "uitnodiging_afspraak"])
def test_letter_preview_meets_wcag_21_aa(page, live_server, demo_data, login, settings, kind):
    """The letter preview (documents:brief-preview, only with LETTER_PREVIEWS): the letter's own HTML."""
    settings.LETTER_PREVIEWS = True
    login("coach")
    response = page.goto(f"{live_server.url}/brieven/voorbeeld/{kind}/")
    assert response.status == 200, f"{kind} answered {response.status}"
    check_page(page)
    # Datum (and Kenmerk, once the letter has one; a preview has none) each in their own <div>,
    # without a <br> between the pairs.
    expect(page.locator("dl.kenmerk > div > dt", has_text="Datum:")).to_have_count(1)
    assert page.locator("dl.kenmerk > dt").count() == 0, "every dt/dd pair sits in its own div"
    assert page.locator("dl.kenmerk br").count() == 0


CONTRAST = """el => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = c => { const [r, g, b] = rgb(c).map(lin); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let bg = el, color = getComputedStyle(el).color;
  while (bg && getComputedStyle(bg).backgroundColor.match(/rgba\\(.*, 0\\)$|transparent/)) bg = bg.parentElement;
  const [a, b] = [lum(color), lum(getComputedStyle(bg).backgroundColor)];
  return [(Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), getComputedStyle(el).textDecorationLine];
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_beheer_breadcrumbs_are_readable_and_underlined(page, live_server, demo_data, login, theme):
    """White on light blue (1.42:1) without underline was the finding; hover and focus must hold too."""
    page.emulate_media(color_scheme=theme)
    login("beheerder")
    page.goto(f"{live_server.url}/beheer/accounts/user/")
    links = page.locator("div.breadcrumbs a")
    assert links.count() >= 2
    for i in range(links.count()):
        link = links.nth(i)
        for state in ("rest", "hover", "focus"):
            if state == "hover":
                link.hover()
            elif state == "focus":
                link.focus()
            ratio, decoration = link.evaluate(CONTRAST)
            assert ratio >= 4.5, f"breadcrumb {link.inner_text()!r} ({state}): contrast {ratio:.2f}:1"
            assert "underline" in decoration, f"breadcrumb {link.inner_text()!r} ({state}) is not underlined"
