"""A werkcoach's week and a client's month, played through the UI only, in a real browser.

Intake → plan with edited goals → the client agrees in the portal → traject with a provider's
report → appointments, one missed → progress report → a complaint from the portal → its handling.
Every letter made on the way is downloaded as a PDF, its text extracted (pypdf) and compared with
the data it describes. The only steps outside the UI: the client's portal account (its activation
mail is another flow), the clock (time_machine moves it two weeks ahead, as a real month would) and
the letter worker (the queued letters are rendered the way the worker's task renders them).
"""

import io
import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

GOAL = "Ik betaal mijn vaste lasten op tijd en maak een regeling voor mijn schulden."
ACTION = "Alle brieven van schuldeisers meenemen naar het gesprek."


def _working_day_after(day, days):
    from klachten.deadlines import is_working_day

    day += timedelta(days=days)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _logout(page):
    page.get_by_role("button", name=re.compile("Uitloggen")).click()


def _render_waiting_letters(client):
    from reintegratie.documents.models import Brief, BriefStatus
    from reintegratie.documents.services import brief_render

    for waiting in Brief.objects.filter(client=client, status=BriefStatus.IN_WACHTRIJ):
        brief_render(brief_id=waiting.pk)


def _letter_text(page, live_server, brief):
    """Download the letter as the logged-in user does and return its text."""
    response = page.request.get(f"{live_server.url}/brieven/{brief.pk}/download/")
    assert response.status == 200, (brief.kind, response.status)
    body = response.body()
    assert body[:5] == b"%PDF-"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    return re.sub(r"[ \t]+", " ", text)


def _signature(text):
    return text.rsplit("Met vriendelijke groet", 1)[-1]


def play_week_and_month(page, live_server, login):
    """Play the scenario; return the client, the letters' texts by kind, and what happened."""
    from clients.models import Afspraak, Client
    from reintegratie.accounts.models import Role, User
    from reintegratie.celery import app as celery_app
    from reintegratie.documents.models import Brief
    from trajecten.models import Instrument, Plan

    client = Client.objects.get(first_name="Samira", last_name="Kaya")  # a new registration: no intake yet
    client.user = User.objects.create_user(username="samira", password=DEMO_PASSWORD, role=Role.CLIENT)
    client.save(update_fields=["user"])
    werkplus = User.objects.get(username="aanbieder").aanbieder_id
    Instrument.objects.filter(category="financien").update(aanbieder_id=werkplus)
    today = timezone.localdate()
    intake_day = _working_day_after(today, 1)
    talk_day = _working_day_after(intake_day, 3)
    facts = {"intake_day": intake_day, "talk_day": talk_day}

    previous = celery_app.conf.task_always_eager
    # No broker publishing from the live server thread; the letters are rendered below.
    celery_app.conf.task_always_eager = False
    try:
        # --- Monday: the coach invites the client for the brede intake, in one step -------------------
        login("coach")
        page.goto(f"{live_server.url}/clienten/{client.pk}/")
        page.get_by_role("link", name="Afspraak plannen").click()
        page.get_by_label("Datum en tijd").fill(f"{intake_day.isoformat()}T10:00")
        page.get_by_label("Plaats").fill("Stadswinkel, Werkplein 1")
        page.get_by_label("Onderwerp").fill("Eerste brede intake")
        page.get_by_label(re.compile("uitnodiging voor de brede intake")).check()
        page.get_by_role("button", name="Plannen").click()
        expect(page.get_by_role("status").first).to_contain_text("De uitnodiging wordt gemaakt")

        # --- The intake itself ---------------------------------------------------------------------------
        page.get_by_role("button", name="Brede intake starten").click()
        page.locator("#id_score-0-score_2").check()
        page.locator("#id_score-0-client_view").fill("Ik heb schulden en dat geeft stress.")
        page.locator("#id_score-0-work_on").check()
        for i in range(1, 13):
            page.locator(f"#id_score-{i}-score_4").check()
        page.get_by_label("Wensen van de cliënt").fill("Werken in een keuken, overdag.")
        page.get_by_label("Trede nu").select_option("2")
        page.get_by_label("Trede doel").select_option("4")
        page.get_by_label("Dienstverleningsroute").select_option("intensief")
        page.get_by_role("button", name="Afronden").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Samenvatting")

        # --- The plan: goals from the intake, completed and edited; an action removed after asking ------
        page.goto(f"{live_server.url}/clienten/{client.pk}/plan/")
        page.get_by_role("button", name=re.compile("Plan van aanpak maken")).click()
        page.get_by_role("button", name="Doelen uit de intake overnemen").click()
        expect(page.get_by_role("status").first).to_contain_text("tussen [haken]")
        page.get_by_role("link", name=re.compile("^Doel wijzigen")).first.click()
        expect(page.locator("#id_text")).to_have_value(re.compile(r"\["))
        page.locator("#id_text").fill(GOAL)
        page.get_by_role("button", name="Doel opslaan").click()
        expect(page.get_by_role("heading", name=re.compile(re.escape(GOAL)))).to_be_visible()
        for text, owner in ((ACTION, "client"), ("Even bellen.", "werkcoach")):
            page.get_by_role("link", name=re.compile("Actie toevoegen")).first.click()
            page.locator("#id_text").fill(text)
            page.locator(f"input[name=owner][value={owner}]").check()
            page.get_by_role("button", name="Actie toevoegen").click()
        page.get_by_role("link", name=re.compile(r"Verwijderen\s*: actie Even bellen")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Actie verwijderen?")
        page.get_by_role("button", name="Ja, verwijderen").click()
        expect(page.get_by_role("status").first).to_contain_text("De actie is verwijderd.")
        # The action of the coach, changed on its own page.
        page.get_by_role("link", name=re.compile("Actie toevoegen")).first.click()
        page.locator("#id_text").fill("Aanmelden bij schuldhulp.")
        page.locator("input[name=owner][value=gemeente]").check()
        page.get_by_role("button", name="Actie toevoegen").click()
        page.get_by_role("link", name=re.compile(r"Wijzigen\s*: actie Aanmelden bij schuldhulp")).click()
        page.locator("#id_text").fill("Aanmelden bij de schuldhulp van de gemeente.")
        page.get_by_role("button", name="Actie opslaan").click()
        expect(
            page.get_by_role("cell", name="Aanmelden bij de schuldhulp van de gemeente.", exact=True)
        ).to_be_visible()
        page.get_by_role("button", name="Voorleggen aan de cliënt").click()
        expect(page.get_by_role("status").first).to_contain_text("voorgelegd")
        _logout(page)

        # --- The client agrees in the portal -------------------------------------------------------------
        login("samira")
        page.goto(f"{live_server.url}/mijn/plan/")
        expect(page.get_by_role("heading", name=re.compile(re.escape(GOAL)))).to_be_visible()
        page.get_by_role("button", name="Ik ga akkoord met versie 1").click()
        expect(page.get_by_role("status")).to_contain_text("U bent akkoord met versie 1")
        _logout(page)
        plan = Plan.objects.get(client=client, is_current=True)
        assert (plan.status, plan.agreed_how) == ("akkoord", "portaal")

        # --- A traject at a provider, which starts it and reports --------------------------------------
        login("coach")
        page.goto(f"{live_server.url}/clienten/{client.pk}/trajecten/nieuw/")
        page.get_by_role("link", name=re.compile("Kies dit instrument")).first.click()
        page.get_by_label(re.compile("Doel uit het plan")).select_option(index=1)
        page.get_by_label(re.compile("Waarom past dit traject")).fill("Past bij het doel; de cliënt wil dit zelf.")
        page.get_by_role("button", name="Cliënt aanmelden voor dit traject").click()
        traject_url = page.url
        # A second appointment, with its invitation.
        page.goto(f"{live_server.url}/clienten/{client.pk}/afspraken/nieuw/")
        page.get_by_label("Datum en tijd").fill(f"{talk_day.isoformat()}T14:00")
        page.get_by_label("Plaats").fill("Stadswinkel, Werkplein 1")
        page.get_by_label("Onderwerp").fill("Gesprek over de schulden")
        page.get_by_role("button", name="Plannen").click()
        expect(page.get_by_role("status").first).to_contain_text("De afspraak is gepland")
        _logout(page)
        login("aanbieder")
        page.goto(traject_url)
        page.get_by_role("button", name="Traject starten").click()
        page.get_by_role("link", name="Voortgangsrapportage schrijven").click()
        page.get_by_label("Over de periode van").fill(today.isoformat())
        page.get_by_label("Tot en met").fill(today.isoformat())
        page.get_by_label(re.compile("Hoe gaat het")).fill("Kwam de eerste dag op tijd en werkte goed mee.")
        page.get_by_role("button", name="Rapportage opslaan").click()
        expect(page.get_by_text("Kwam de eerste dag op tijd en werkte goed mee.").first).to_be_visible()
        _logout(page)

        # --- Two weeks on: one appointment kept, one missed; the progress report --------------------------
        later = timezone.make_aware(datetime.combine(_working_day_after(talk_day, 7), time(11, 0)))
        facts["report_day"] = later.date()
        with time_machine.travel(later, tick=True):
            login("coach")
            for purpose, outcome, note in (
                ("Eerste brede intake", "verschenen", ""),
                ("Gesprek over de schulden", "niet_verschenen", "Niet gekomen en niet afgebeld."),
            ):
                page.goto(f"{live_server.url}/clienten/{client.pk}/")
                page.get_by_role("link", name=re.compile(rf"Uitkomst vastleggen\s*: {purpose}")).click()
                page.locator(f"input[name=outcome][value={outcome}]").check()
                if note:
                    page.get_by_label("Toelichting").fill(note)
                page.get_by_role("button", name=re.compile("Opslaan|Vastleggen")).click()
            mine = Afspraak.objects.filter(
                client=client, purpose__in=["Eerste brede intake", "Gesprek over de schulden"]
            )
            assert sorted(mine.values_list("outcome", flat=True)) == ["niet_verschenen", "verschenen"]
            page.goto(f"{live_server.url}/clienten/{client.pk}/")
            page.get_by_role("button", name="Voortgangsrapportage maken").click()
            expect(page.get_by_role("status").first).to_contain_text("De voortgangsrapportage wordt gemaakt")
            _logout(page)

            # --- The client cannot reach the coach and complains in the portal ------------------------------
            login("samira")
            page.goto(f"{live_server.url}/mijn/zaken/klacht/")
            page.get_by_label(re.compile("bereikbaar", re.I)).first.check()
            page.get_by_label("Wat is er gebeurd?").fill("Ik heb drie keer gebeld. Mijn werkcoach belde niet terug.")
            page.get_by_label("De klacht gaat over mijn werkcoach").check()
            page.get_by_role("button", name=re.compile("Klacht (indienen|versturen)")).click()
            expect(page.get_by_role("status").first).to_be_visible()
            _logout(page)

            # --- The teamleider handles it -----------------------------------------------------------------
            from klachten.models import Zaak

            zaak = Zaak.objects.get(client=client, soort="klacht")
            login("teamleider")
            page.goto(f"{live_server.url}/zaken/{zaak.pk}/")
            page.get_by_role("link", name="Behandelaar kiezen").click()
            page.get_by_label("Behandelaar").select_option(value=str(User.objects.get(username="teamleider").pk))
            page.get_by_role("button", name="Behandelaar kiezen").click()
            page.get_by_role("link", name="Horen vastleggen").click()
            page.get_by_label("Gehoord op").fill(later.date().isoformat())
            page.get_by_label("Verslag van het horen").fill("De cliënt vertelde dat niemand terugbelde.")
            page.get_by_role("button", name="Horen vastleggen").click()
            page.get_by_role("link", name="Beslissen").click()
            page.get_by_label("Wat is onderzocht en wat is gevonden?").fill(
                "De werkcoach was ziek; niemand nam het over."
            )
            page.get_by_label("Gegrond", exact=True).check()
            page.get_by_label("Wat gebeurt er nu?").fill("Een collega belt voortaan terug als de werkcoach ziek is.")
            page.get_by_role("button", name="Beslissen").click()
            expect(page.get_by_text("Beslist").first).to_be_visible()

            # --- Every letter, as a PDF -----------------------------------------------------------------------
            _render_waiting_letters(client)
            letters = {}
            for brief in Brief.objects.filter(client=client).order_by("created_at"):
                assert brief.status == "klaar", (brief.kind, brief.status)
                letters[brief.kind] = (brief, _letter_text(page, live_server, brief))
    finally:
        celery_app.conf.task_always_eager = previous
    return client, letters, facts


KINDS = {
    "uitnodiging_brede_intake",
    "samenvatting_intake",
    "plan_van_aanpak",
    "uitnodiging_afspraak",
    "voortgangsrapportage",
    "ontvangst_klacht",
    "beslissing_klacht",
}


def test_a_coachs_week_and_a_clients_month_through_the_ui(page, live_server, demo_data, login):
    client, letters, facts = play_week_and_month(page, live_server, login)
    assert set(letters) >= KINDS, set(letters)
    for kind, (brief, text) in letters.items():
        assert client.full_name in text, kind
        assert "Kenmerk" in text and brief.reference in text, kind

    _brief, invitation = letters["uitnodiging_brede_intake"]
    assert date_format(facts["intake_day"], "l j F Y") in invitation and "10.00 uur" in invitation
    assert "Sanne de Vries" in invitation and "paspoort of ID-kaart" in invitation
    _brief, talk = letters["uitnodiging_afspraak"]
    assert date_format(facts["talk_day"], "l j F Y") in talk and "14.00 uur" in talk

    _brief, plan_letter = letters["plan_van_aanpak"]
    assert GOAL in " ".join(plan_letter.split()), "the goal as the coach completed it"
    assert ACTION in " ".join(plan_letter.split())
    assert "Aanmelden bij de schuldhulp van de gemeente." in " ".join(plan_letter.split())
    assert "Even bellen." not in plan_letter and "[" not in plan_letter

    _brief, decision = letters["beslissing_klacht"]
    assert "Ingrid Visser" in _signature(decision)


def test_the_letters_of_the_scenario_state_the_facts_right(page, live_server, demo_data, login):
    _client, letters, facts = play_week_and_month(page, live_server, login)
    references = [brief.reference for brief, _text in letters.values()]
    assert len(set(references)) == len(references), references

    _brief, report = letters["voortgangsrapportage"]
    flat = " ".join(report.split())
    same_day = date_format(facts["report_day"], "j F Y")
    assert f"van {same_day} tot {same_day}" not in flat, "the period is the time since the plan, not one day"
    assert "U kwam naar 1 gesprek" in flat, "one appointment kept, one missed"

    # The acknowledgement of a complaint about the coach does not come from that coach.
    _brief, acknowledgement = letters["ontvangst_klacht"]
    assert "Sanne de Vries" not in _signature(acknowledgement)
    assert "Uw werkcoach" not in acknowledgement
