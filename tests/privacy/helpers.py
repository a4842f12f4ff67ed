"""Build a client file with some history, and open an inzage zip as the client would."""

import csv
import io
import json
import zipfile
from datetime import timedelta
from unittest import mock

from django.test import RequestFactory
from django.utils import timezone
from pypdf import PdfReader

from reintegratie.documents import services as letter_services
from tests.factories import AfspraakFactory, ContactmomentFactory


def request_as(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def file_with_history(client_obj, coach, *, contacts=3, appointments=2, letters=1):
    """Contacts and appointments on distinct days, and real rendered letters (WeasyPrint)."""
    now = timezone.now()
    for n in range(contacts):
        ContactmomentFactory(
            client=client_obj, author=coach, at=now - timedelta(days=n + 1), summary=f"Gesprek nummer {n + 1}."
        )
    for n in range(appointments):
        AfspraakFactory(client=client_obj, with_user=coach, created_by=coach, starts_at=now + timedelta(days=n + 1))
    made = []
    for _n in range(letters):
        with mock.patch("reintegratie.documents.services.brief_publish"):
            brief = letter_services.brief_request(
                request=request_as(coach), client=client_obj, kind="voortgangsrapportage", source=client_obj
            )
        letter_services.brief_render(brief_id=brief.pk)
        made.append(brief)
    return made


def open_zip(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    data = json.loads(archive.read("gegevens.json"))

    def table(key):
        text = archive.read(f"tabellen/{key}.csv").decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text), delimiter=";"))

    reader = PdfReader(io.BytesIO(archive.read("overzicht.pdf")))
    pdf = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    return archive, data, table, pdf
