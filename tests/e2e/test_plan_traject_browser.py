"""The heart of the product in a real browser: plan from the intake, a traject, the provider's report."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_coach_builds_a_plan_starts_a_traject_and_the_provider_reports(page, live_server, demo_data, login):
    # A new demo client of `coach`: complete the brede intake (tested in its own browser test).
    from django.test import RequestFactory

    from clients.models import Client
    from intake import services as intake_services
    from reintegratie.accounts.models import User
    from tests.intake.test_services import PERSPECTIVE, all_scores
    from trajecten.models import Instrument, Plan

    client = Client.objects.get(first_name="Samira", last_name="Kaya")
    request = RequestFactory().post("/")
    request.user = User.objects.get(username="coach")
    intake = intake_services.intake_start(request=request, client=client)
    scores = all_scores()
    scores["financien"].update(work_on=True, client_view="Ik wil van mijn schulden af.")
    intake_services.intake_complete(
        request=request, intake=intake, expected_version=intake.version, fields=dict(PERSPECTIVE), scores=scores
    )
    Instrument.objects.filter(category="financien").update(aanbieder_id=_werkplus_id())

    login("coach")
    page.goto(f"{live_server.url}/clienten/{client.pk}/plan/")
    page.get_by_role("button", name=re.compile("Plan van aanpak maken")).click()
    page.get_by_role("button", name=re.compile("uit de intake", re.I)).click()
    goals = page.locator("[id^=doel-]")
    expect(goals.first).to_be_visible()
    # A goal from the intake is a sentence to complete: the coach completes it.
    page.get_by_role("link", name=re.compile("^Doel wijzigen")).first.click()
    page.locator("#id_text").fill("Ik betaal mijn vaste lasten op tijd en maak een regeling voor mijn schulden.")
    page.get_by_role("button", name="Doel opslaan").click()

    # Two goals: one from the intake, one more by hand.
    page.get_by_role("link", name="Doel toevoegen").first.click()
    page.locator("#id_leefgebied").select_option("werk_opleiding")
    page.locator("#id_text").fill("Binnen een jaar werk vinden voor 24 uur per week.")
    page.get_by_role("button", name="Doel toevoegen").click()
    expect(page.get_by_role("heading", name=re.compile("Binnen een jaar werk vinden"))).to_be_visible()

    # Three actions with different owners.
    for text, owner in (
        ("Twee keer per week solliciteren.", "client"),
        ("Een werkervaringsplaats zoeken.", "werkcoach"),
        ("Aanmelden bij schuldhulpverlening.", "gemeente"),
    ):
        page.get_by_role("link", name=re.compile("Actie toevoegen")).first.click()
        page.locator("#id_text").fill(text)
        page.locator(f"input[name=owner][value={owner}]").check()
        page.get_by_role("button", name="Actie toevoegen").click()
        expect(page.get_by_role("cell", name=text).first).to_be_visible()

    # Every goal needs an action before the plan can be proposed.
    plan = Plan.objects.get(client=client, is_current=True)
    for doel in plan.doelen.filter(acties__isnull=True):
        page.goto(f"{live_server.url}/clienten/{client.pk}/plan/{plan.pk}/doelen/{doel.pk}/acties/nieuw/")
        page.locator("#id_text").fill("Eerste gesprek plannen.")
        page.locator("input[name=owner][value=werkcoach]").check()
        page.get_by_role("button", name="Actie toevoegen").click()

    page.get_by_role("button", name="Voorleggen aan de cliënt").click()
    page.get_by_role("button", name="Akkoord vastleggen").click()
    expect(page.get_by_role("button", name="Nieuwe versie maken")).to_be_visible()

    # A traject from a suggested instrument.
    page.goto(f"{live_server.url}/clienten/{client.pk}/trajecten/nieuw/")
    page.get_by_role("link", name=re.compile("Kies dit instrument")).first.click()
    page.get_by_label(re.compile("Doel uit het plan")).select_option(index=1)
    page.get_by_label(re.compile("Waarom past dit traject")).fill("Past bij het doel; de cliënt wil dit zelf.")
    page.get_by_role("button", name="Cliënt aanmelden voor dit traject").click()
    expect(page.get_by_role("button", name="Traject starten")).to_be_visible()
    traject_url = page.url
    page.get_by_role("button", name=re.compile("Uitloggen")).click()

    # The provider starts it and writes a progress report.
    login("aanbieder")
    expect(page.get_by_text(client.last_name).first).to_be_visible()
    page.goto(traject_url)
    page.get_by_role("button", name="Traject starten").click()
    page.get_by_role("link", name="Voortgangsrapportage schrijven").click()
    page.get_by_label("Over de periode van").fill("2026-11-01")
    page.get_by_label("Tot en met").fill("2026-11-20")
    page.get_by_label(re.compile("Hoe gaat het")).fill("Komt elke dag op tijd en werkt goed samen.")
    page.get_by_role("button", name="Rapportage opslaan").click()
    expect(page.get_by_text("Komt elke dag op tijd en werkt goed samen.").first).to_be_visible()
    # No BSN anywhere on the provider's pages.
    assert client.bsn not in page.content()


def _werkplus_id():
    from reintegratie.accounts.models import User

    return User.objects.get(username="aanbieder").aanbieder_id
