"""Berichten and documents in a real browser: the client writes with a document, the coach answers.

The client (on a phone) sends a message with her cv, sees the answer promise and her document; the
coach sees the due date on the caseload, opens the thread, downloads the document and answers;
the client reads the answer and got a notice mail without content.
"""

import re

import pytest
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect

from tests.dossier.files import pdf_bytes

pytestmark = pytest.mark.browser

QUESTION = "Hierbij mijn nieuwe cv. Wilt u ernaar kijken?"
ANSWER = "Dank u. Ik heb uw cv gelezen, we bespreken het dinsdag."


def _logout(page):
    page.get_by_role("button", name=re.compile("Uitloggen")).click()


def test_client_sends_a_message_with_a_document_and_the_coach_answers(page, live_server, demo_data, login):
    from django.utils import timezone

    from clients.models import Client
    from reintegratie.berichten.models import Bericht
    from reintegratie.berichten.werkdagen import answer_due
    from reintegratie.outbox.models import Mail

    anouk = Client.objects.get(user__username="klant")
    due = date_format(answer_due(timezone.localdate()), "j F Y")

    page.set_viewport_size({"width": 360, "height": 780})
    login("klant")
    page.get_by_role("button", name="Menu openen").click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Berichten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
    page.get_by_label("Uw bericht", exact=True).fill(QUESTION)
    page.get_by_label("Bijlage (mag leeg blijven)").set_input_files(
        files=[{"name": "mijn cv.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("button", name="Bericht versturen").click()
    expect(page.get_by_text(f"Uw bericht is verstuurd. U krijgt uiterlijk {due} antwoord.")).to_be_visible()
    expect(page.get_by_text(QUESTION)).to_be_visible()
    expect(page.get_by_role("link", name="mijn cv.pdf")).to_be_visible()
    page.get_by_role("button", name="Menu openen").click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn documenten").click()
    expect(page.get_by_role("cell", name=re.compile("mijn cv.pdf"))).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    _logout(page)
    login("coach")
    # The caseload names the earliest promise of her open messages (the demo has one from before).
    first = Bericht.objects.filter(client=anouk, from_client=True, answered_at__isnull=True).order_by("answer_due")[0]
    assert first.answer_due <= answer_due(timezone.localdate())
    page.goto(f"{live_server.url}/clienten/")
    row = page.get_by_role("row", name=re.compile("Bos"))
    expect(row.get_by_text(f"Bericht: antwoord uiterlijk {date_format(first.answer_due, 'j F Y')}")).to_be_visible()
    page.goto(f"{live_server.url}/clienten/{anouk.pk}/")
    section = page.get_by_role("region", name="Berichten")
    expect(section.get_by_text(f"antwoord uiterlijk {due}").first).to_be_visible()
    section.get_by_role("link", name="Alle berichten en antwoorden").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="mijn cv.pdf").click()
    assert download.value.suggested_filename == "mijn cv.pdf"
    page.get_by_label("Uw bericht", exact=True).fill(ANSWER)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Uw bericht is verstuurd.")).to_be_visible()
    page.goto(f"{live_server.url}/clienten/")
    expect(page.get_by_role("row", name=re.compile("Bos")).get_by_text("Bericht: antwoord")).to_have_count(0)
    _logout(page)

    login("klant")
    page.goto(f"{live_server.url}/berichten/mijn/")
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text("beantwoord").first).to_be_visible()
    answer = Bericht.objects.get(client=anouk, from_client=False, text=ANSWER)
    if anouk.email:
        mail = Mail.objects.get(key=f"bericht:{answer.pk}")
        assert "cv" not in mail.body and anouk.last_name not in mail.body + mail.subject
