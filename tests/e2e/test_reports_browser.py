"""The teamleider's dashboard in a real browser: WCAG 2.1 AA (axe), and the export progress bar under the real CSP."""

import re
from unittest import mock

import pytest
from playwright.sync_api import expect

from reintegratie.reports import services
from reintegratie.reports.models import Export


def test_the_export_progress_bar_follows_the_task_and_offers_the_download(page, live_server, demo_data, login):
    """The vendored script runs under the nonce CSP, polls the status and shows the link when the file is ready."""
    login("teamleider")
    page.goto(f"{live_server.url}/rapportage/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapportage")
    page.get_by_label("Wat wilt u downloaden?").select_option("clienten_csv")
    with mock.patch("reintegratie.reports.services.export_publish"):
        page.get_by_role("button", name="Maak de download").click()
    expect(page).to_have_url(re.compile(r"/rapportage/exports/[0-9a-f-]+/$"))
    link = page.get_by_role("link", name="Download het bestand")
    expect(link).to_be_hidden()
    services.export_run(export_id=Export.objects.get().pk)
    expect(link).to_be_visible(timeout=10000)
    expect(page.locator("#export-balk")).to_have_attribute("value", "100")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".csv")


@pytest.mark.parametrize("path", ["/rapportage/", "/rapportage/?start=2020-01-01&end=2030-12-31", "export"])
def test_the_dashboard_meets_wcag_21_aa(browser, live_server, demo_data, path):
    """axe needs the CSP bypassed to inject itself; only this context does that."""
    from reintegratie.accounts.models import User
    from tests.e2e.conftest import DEMO_PASSWORD, current_demo_code
    from tests.e2e.test_accessibility import check_page

    if path == "export":
        export = Export.objects.create(requested_by=User.objects.get(username="teamleider"), kind="clienten_xlsx")
        path = f"/rapportage/exports/{export.pk}/"

    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/account/inloggen/")
    page.locator("#id_username").fill("teamleider")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.locator("#id_token").fill(current_demo_code())
    page.get_by_role("button", name="Controleren").click()
    page.goto(f"{live_server.url}{path}")
    check_page(page)
    context.close()
