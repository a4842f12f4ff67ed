"""One date style wherever a person reads: "4 december 2026" (issue 15.7).

Renders every letter kind with demo data and opens the key pages of each role,
then looks in what a person reads (text, not attributes) for any other style:
"04-12-2026", "2026-12-04", "4 dec 2026", "27 Dec 2026", "December 4".
"""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from clients.models import Client
from klachten.models import Zaak
from reintegratie.accounts.models import User
from reintegratie.dates import datum, datum_tijd
from reintegratie.documents.plain_language import html_to_text
from tests.auth import login
from tests.documents.test_letter_texts import DEMO_KINDS, letters_for_demo_clients

pytestmark = pytest.mark.django_db

# "mei" is the whole Dutch month, so it is not here.
MONTHS_SHORT = "jan|feb|mrt|mar|apr|may|jun|jul|aug|sep|sept|okt|oct|nov|dec"
# English month names that are not also Dutch (april, september, november and december are both).
MONTHS_EN = re.compile(r"\b(?:January|February|March|May|June|July|August|October)\b")
OTHER_STYLES = re.compile(
    rf"\b\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}\b"  # 04-12-2026, 4/12/26, 04.12.2026
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}\b"  # 2026-12-04
    rf"|\b\d{{1,2}} (?:{MONTHS_SHORT})\.? \d{{4}}\b",  # 4 dec 2026, 27 Dec 2026
    re.IGNORECASE,
)


def other_date_styles(html):
    text = html_to_text(html)
    return sorted({m.group(0) for m in OTHER_STYLES.finditer(text)} | set(MONTHS_EN.findall(text)))


def test_the_helpers_write_the_one_style():
    from datetime import date, datetime

    from django.utils import timezone

    assert datum(date(2026, 12, 4)) == "4 december 2026"
    moment = timezone.make_aware(datetime(2026, 12, 27, 14, 30))
    assert datum_tijd(moment) == "27 december 2026, 14:30"
    assert other_date_styles("<p>Op 4 december 2026 om 14.30 uur.</p>") == []
    assert other_date_styles("<p>04-12-2026, 27 Dec 2026, 2026-12-04</p>") == [
        "04-12-2026",
        "2026-12-04",
        "27 Dec 2026",
    ]


@pytest.mark.parametrize("kind", DEMO_KINDS)
def test_letters_use_the_one_date_style(demo, kind):
    for client, html in letters_for_demo_clients(kind, limit=6):
        assert other_date_styles(html) == [], (kind, client.client_number)


def test_zaak_letters_use_the_one_date_style(zaak_letters):
    for kind, rendered in zaak_letters.items():
        for label, html in rendered:
            assert other_date_styles(html) == [], (kind, label)


def test_the_management_report_pdf_uses_the_one_date_style(demo, client):
    login(client, User.objects.get(username="teamleider"))
    reader = PdfReader(io.BytesIO(client.get(reverse("reports:dashboard-pdf")).content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert "Gemaakt op" in text
    assert other_date_styles(f"<p>{text}</p>") == []


def _pages_for_staff():
    clients = list(Client.objects.filter(coach__username="coach").order_by("client_number")[:6])
    for person in clients:
        yield reverse("clients:client-detail", kwargs={"client_id": person.pk})
        if person.plans.exists():
            yield reverse("trajecten:plan-detail", kwargs={"client_id": person.pk})
    yield reverse("clients:caseload")
    for zaak in Zaak.objects.filter(client__coach__username="coach")[:4]:
        yield reverse("klachten:zaak-detail", kwargs={"zaak_id": zaak.pk})


PORTAL = ["home", "plan", "afspraken", "brieven", "intake", "inzage", "zaken"]


def test_key_pages_use_the_one_date_style(demo, client):
    login(client, User.objects.get(username="coach"))
    for url in _pages_for_staff():
        response = client.get(url)
        assert response.status_code == 200, url
        assert other_date_styles(response.content.decode()) == [], url
    login(client, User.objects.get(username="klant"))
    for name in PORTAL:
        response = client.get(reverse(f"portal:{name}"))
        assert response.status_code == 200, name
        assert other_date_styles(response.content.decode()) == [], name
    login(client, User.objects.get(username="aanbieder"))
    response = client.get(reverse("aanbieder-home"))
    assert other_date_styles(response.content.decode()) == []
