"""Werk zoeken in a real browser: a coach records a vacancy, sees proposals with reasons, puts a client forward."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_coach_records_a_vacancy_sees_reasons_and_puts_a_client_forward(page, live_server, demo_data, login):
    from intake.models import Beroep, Intake
    from reintegratie.vacatures.models import Voordracht

    # The occupation list comes from a data migration, which an earlier browser test's flush may have
    # emptied: make sure the coach's clients with a completed intake look for work as a cleaner.
    schoonmaker = Beroep.objects.get_or_create(name="Schoonmaker")[0]
    for intake in Intake.objects.filter(client__coach__username="coach", status="afgerond", client__status="actief"):
        intake.target_occupations.add(schoonmaker)

    login("coach")  # the demo coach is also werkgeversdienstverlener
    page.get_by_role("link", name="Vacatures", exact=True).click()
    page.get_by_role("link", name="Vacature vastleggen").click()
    page.locator("#id_employer_name").fill("Schoonmaakbedrijf Glans")
    page.locator("#id_beroep").select_option(label="Schoonmaker")
    page.locator("#id_hours_min").fill("12")
    page.locator("#id_hours_max").fill("20")
    page.locator("#id_location").fill("Voorbeeldstad")
    page.locator("#id_contract").select_option("vast")
    page.locator("#id_places").fill("3")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/vacatures/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Schoonmaakbedrijf Glans")
    proposals = page.locator("#voorstellen tbody tr")
    expect(proposals.first).to_be_visible()
    expect(proposals.first).to_contain_text("beroep past")

    # Put forward the first own client (with a button; others' clients go through their coach).
    button = page.locator("#voorstellen").get_by_role("button", name=re.compile("^Voordragen")).first
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("is voorgedragen")
    expect(page.locator("#voordrachten li")).to_have_count(1)
    assert (
        Voordracht.objects.filter(status="voorgedragen", vacature__employer_name="Schoonmaakbedrijf Glans").count() == 1
    )
