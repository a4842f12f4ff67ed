"""A werkcoach's daily path through the caseload and a client file, in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from clients.models import Client

pytestmark = pytest.mark.browser

SEARCH_LABEL = "Zoek op naam, BSN of cliëntnummer"


def caseload_rows(page: Page):
    return page.get_by_role("table").locator("tbody tr")


def search(page: Page, term: str):
    page.get_by_label(SEARCH_LABEL).fill(term)
    page.get_by_role("search").get_by_role("button", name="Zoeken", exact=True).click()


def found_status(page: Page):
    return page.get_by_role("status").filter(has_text="gevonden")


def test_coach_logs_in_searches_a_client_and_opens_the_file(demo_data, login, live_server):
    page = login("coach")

    expect(page).to_have_url(f"{live_server.url}/clienten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn caseload")
    expect(caseload_rows(page)).to_have_count(12)

    search(page, "Bos")

    # Back on the caseload (the form keeps the sort order); the term itself stays out of the URL.
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/clienten/(\?sort=\w+)?$"))
    assert "Bos" not in page.url
    expect(found_status(page)).to_contain_text("1 cliënt gevonden")
    expect(caseload_rows(page)).to_have_count(1)
    row_link = caseload_rows(page).locator("th a")
    expect(row_link).to_have_text("Bos, Anouk")

    row_link.click()

    expect(page).to_have_url(re.compile(r"/clienten/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anouk Bos")
    for heading in ("Persoonsgegevens", "Werkcoach", "Afspraken", "Contactmomenten"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    # Search terms and BSNs are personal data: never in a URL (history, logs, Referer).
    bsn = Client.objects.get(first_name="Anouk", last_name="Bos").bsn
    assert "Bos" not in page.url
    assert bsn not in page.url


def test_search_keeps_the_term_in_the_field_and_can_be_cleared(demo_data, login):
    page = login("coach")
    search(page, "Bos")
    expect(caseload_rows(page)).to_have_count(1)

    expect(page.locator("#id_q")).to_have_value("Bos")

    page.get_by_role("button", name="Wis zoekopdracht").click()

    expect(found_status(page)).to_contain_text("12 cliënten gevonden")
    expect(caseload_rows(page)).to_have_count(12)
    expect(page.locator("#id_q")).to_have_value("")
    expect(page.get_by_role("button", name="Wis zoekopdracht")).to_have_count(0)


def test_coach_reads_a_warm_handover_note_first(demo_data, login):
    page = login("coach")
    page.get_by_role("link", name="Dijk, Jeroen van").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeroen van Dijk")

    handover = page.get_by_role("region", name=re.compile(r"^Overdracht van .*: lees dit eerst$"))
    expect(handover).to_be_visible()
    expect(handover).to_contain_text("Jeroen komt afspraken goed na")
    personal = page.get_by_role("heading", name="Persoonsgegevens", exact=True)
    handover_comes_first = handover.evaluate(
        "(el, other) => Boolean(el.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING)",
        personal.element_handle(),
    )
    assert handover_comes_first, "the handover note must come before the personal data"

    read_button = page.get_by_role("button", name="Ik heb de overdracht gelezen")
    read_button.click()

    expect(read_button).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeroen van Dijk")
    expect(read_button).to_have_count(0)
    expect(handover).to_have_count(0)


def test_keyboard_user_can_skip_to_content(demo_data, login, live_server):
    page = login("coach")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn caseload")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/clienten/#inhoud")
    expect(page.locator("#inhoud")).to_be_focused()


def test_pages_raise_no_csp_violations_or_console_errors(demo_data, page, login, live_server):
    # Listeners go on before logging in, so the login page is watched too.
    page.add_init_script(
        """
        window.__cspViolations = [];
        document.addEventListener("securitypolicyviolation", (event) => {
          window.__cspViolations.push(
            `${event.violatedDirective} blocked ${event.blockedURI || "(inline)"}`
            + ` at ${event.sourceFile}:${event.lineNumber}`
          );
        });
        """
    )
    console_errors = []
    page_errors = []

    def on_console(msg):
        if msg.type == "error":
            console_errors.append(f"{msg.text} @ {msg.location.get('url')}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    login("coach")

    def visit(path):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__cspViolations")
        assert violations == [], f"CSP violations on {path}: {violations}"

    visit("/clienten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn caseload")
    client_path = page.get_by_role("link", name="Bos, Anouk").get_attribute("href")
    visit(client_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Anouk Bos")

    real_errors = [e for e in console_errors if "favicon.ico" not in e]
    assert real_errors == [], f"console errors: {real_errors}"
    assert page_errors == [], f"uncaught JavaScript errors: {page_errors}"
