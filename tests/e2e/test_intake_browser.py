"""A werkcoach completes a brede intake in a real browser."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_coach_completes_a_brede_intake_and_sees_the_summary_first(page, live_server, demo_data, login):
    login("coach")
    page.get_by_role("link", name="Kaya, Samira").click()  # a new registration: no intake yet
    page.get_by_role("button", name="Brede intake starten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eerste brede intake")

    # First sitting: a few domains, saved as a draft.
    page.locator("#id_score-0-score_2").check()
    page.locator("#id_score-0-client_view").fill("Ik heb schulden en dat geeft stress.")
    page.locator("#id_score-0-work_on").check()
    page.get_by_label("Wensen van de cliënt").fill("Werken in een keuken, overdag.")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_role("status").first).to_contain_text("Opgeslagen als concept")

    # Completing too early says what is missing and loses nothing.
    page.get_by_role("button", name="Afronden").click()
    expect(page.locator("#formulierfouten")).to_be_focused()
    expect(page.get_by_role("alert").first).to_contain_text("Geef nog een score voor")
    expect(page.locator("#id_score-0-client_view")).to_have_value("Ik heb schulden en dat geeft stress.")

    # Second sitting: the rest, then complete.
    for i in range(1, 13):
        page.locator(f"#id_score-{i}-score_4").check()
    page.get_by_label("Trede nu").select_option("2")
    page.get_by_label("Trede doel").select_option("4")
    page.get_by_label("Dienstverleningsroute").select_option("intensief")
    page.get_by_role("button", name="Afronden").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Samenvatting")
    expect(page.get_by_text("Werken in een keuken, overdag.")).to_be_visible()
    page.get_by_role("link", name="Samira Kaya").click()
    expect(page.get_by_role("heading", name="Wat we al weten", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Herbeoordeling starten")).to_be_visible()
