"""Sanctions and complaints in a real browser: the coach follows the legal steps page by page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _client_of_coach(index):
    from clients.models import Client

    return Client.objects.filter(coach__username="coach").order_by("client_number")[index]


def _zaak_id(page):
    return int(re.search(r"/zaken/(\d+)/", page.url).group(1))


def test_coach_runs_a_sanction_from_voornemen_to_decision(page, live_server, demo_data, login):
    from klachten.models import Zaak
    from reintegratie.documents.models import Brief

    client = _client_of_coach(7)
    breach = timezone.localdate() - timedelta(days=3)
    login("coach")
    page.goto(f"{live_server.url}/clienten/{client.pk}/")
    page.get_by_role("link", name="Maatregel: voornemen").click()

    # Nothing is decided yet: the voornemen invites the client's side of the story.
    expect(page.get_by_text("Er is nog niets besloten")).to_be_visible()
    page.get_by_label("Datum van de gedraging").fill(breach.isoformat())
    page.get_by_label("Wat is er gebeurd?").fill("U kwam niet naar de afspraak van maandag en belde niet af.")
    page.get_by_label("Categorie uit de afstemmingsverordening").select_option(
        label="Niet meegewerkt aan het plan van aanpak: 30% voor 1 maand"
    )
    page.get_by_role("button", name="Voornemen versturen").click()
    expect(page.get_by_text("Voornemen verstuurd").first).to_be_visible()
    zaak_id = _zaak_id(page)

    # Deciding before the zienswijze step is not offered at all.
    expect(page.get_by_role("link", name="Beslissen")).to_have_count(0)
    page.get_by_role("link", name="Zienswijze vastleggen").click()
    page.get_by_label("Wat vertelde de cliënt?").fill("Mijn kind was ziek en mijn telefoon was leeg.")
    page.get_by_role("button", name="Zienswijze vastleggen").click()
    expect(page.get_by_text("Zienswijze ontvangen, in beoordeling").first).to_be_visible()

    page.get_by_role("link", name="Beslissen").click()
    # A decision without the assessments is refused with reasons, and the input stays.
    page.get_by_label("Motivering").fill("U had kunnen bellen toen uw kind beter was.")
    page.get_by_role("button", name="Beslissen").click()
    expect(page.get_by_text("Dit veld is verplicht.").first).to_be_visible()
    expect(page.get_by_label("Motivering")).to_have_value("U had kunnen bellen toen uw kind beter was.")

    page.get_by_label("Maatregel opleggen").check()
    page.get_by_label("Verminderd verwijtbaar").check()
    page.get_by_label("Toelichting verwijtbaarheid").fill("Het kind was ziek; bellen kon later wel.")
    page.get_by_label(re.compile("Zijn er dringende redenen")).select_option("nee")
    page.get_by_label("Verlaging (procent)").fill("15")
    page.get_by_role("button", name="Beslissen").click()
    expect(page.get_by_text("Maatregel opgelegd").first).to_be_visible()
    expect(page.get_by_text("Heroverwegen binnen 3 maanden")).to_be_visible()

    zaak = Zaak.objects.select_related("maatregel").get(pk=zaak_id)
    assert (zaak.status, zaak.maatregel.percentage, zaak.maatregel.culpability) == ("opgelegd", 15, "verminderd")
    kinds = set(Brief.objects.filter(source_id=str(zaak_id)).values_list("kind", flat=True))
    assert kinds == {"voornemen_maatregel", "besluit_maatregel"}


def test_a_complaint_goes_from_receipt_to_decision_with_an_extension(page, live_server, demo_data, login):
    from klachten import deadlines
    from klachten.models import Zaak
    from reintegratie.accounts.models import User
    from reintegratie.documents.models import Brief

    client = _client_of_coach(8)
    today = timezone.localdate()
    login("coach")
    page.goto(f"{live_server.url}/clienten/{client.pk}/")
    page.get_by_role("link", name="Klacht registreren").click()
    page.get_by_label("Waar gaat de klacht over?").select_option("bereikbaarheid")
    page.get_by_label("Wat is er gebeurd?").fill("Ik heb drie keer gebeld. Niemand belde terug.")
    page.get_by_label("Hoe kwam de klacht binnen?").select_option("telefoon")
    page.get_by_role("button", name="Klacht registreren").click()
    expect(page.get_by_text("De cliënt krijgt een ontvangstbevestiging")).to_be_visible()
    zaak_id = _zaak_id(page)
    first = deadlines.klacht_beslistermijn(received_on=today)
    expect(page.get_by_text(re.compile("Ontvangen"))).not_to_have_count(0)

    page.get_by_role("link", name="Behandelaar kiezen").click()
    page.get_by_label("Behandelaar").select_option(value=str(User.objects.get(username="teamleider").pk))
    page.get_by_role("button", name="Behandelaar kiezen").click()
    expect(page.get_by_text("In behandeling").first).to_be_visible()

    page.get_by_role("link", name="Termijn verlengen").click()
    page.get_by_label("Waarom is meer tijd nodig?").fill("We willen eerst met de werkcoach en met u praten.")
    page.get_by_role("button", name="Termijn verlengen").click()
    extended = deadlines.klacht_verdaging(first)
    expect(page.get_by_text(re.compile("Verlengd op"))).to_be_visible()
    # Only once: the button is gone.
    expect(page.get_by_role("link", name="Termijn verlengen")).to_have_count(0)

    page.get_by_role("link", name="Horen vastleggen").click()
    page.get_by_label("Gehoord op").fill(today.isoformat())
    page.get_by_label("Verslag van het horen").fill("De cliënt vertelde dat niemand terugbelde. De coach was ziek.")
    page.get_by_role("button", name="Horen vastleggen").click()

    page.get_by_role("link", name="Beslissen").click()
    page.get_by_label("Wat is onderzocht en wat is gevonden?").fill("De coach was ziek en niemand nam het over.")
    page.get_by_label("Gegrond", exact=True).check()
    page.get_by_label("Wat gebeurt er nu?").fill("Een collega belt voortaan terug als de coach ziek is.")
    page.get_by_role("button", name="Beslissen").click()
    expect(page.get_by_text("Beslist").first).to_be_visible()

    zaak = Zaak.objects.get(pk=zaak_id)
    assert zaak.status == "afgehandeld" and zaak.extended_on == today
    assert zaak.deadline is None and zaak.handler.username == "teamleider"
    assert extended.end > first.end
    kinds = sorted(Brief.objects.filter(source_id=str(zaak_id)).values_list("kind", flat=True))
    assert kinds == ["beslissing_klacht", "ontvangst_klacht", "verdaging"]
