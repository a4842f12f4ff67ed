"""The portal demo login `klant` (seed_demo): her messages with her coach and the cv in her dossier.

Written through the services (the upload checks, the answer promise, the notice mail), then dated
back to the working days they happened on, like the rest of her file.
"""

import io
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone
from pypdf import PdfWriter

from clients.models import Client
from reintegratie.berichten.models import Bericht
from reintegratie.berichten.services import bericht_from_client, bericht_from_staff
from reintegratie.berichten.werkdagen import answer_due
from reintegratie.dossier.categories import Category, retention_months
from reintegratie.dossier.models import Document

from .klant import working_day


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def _cv_pdf():
    """A one-page PDF (the upload checks read it like any other)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Cv"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def klant_berichten(client=None):
    """Three messages: her cv (filed as cv) with a question (answered the next working day), and an open one from
    the last working day, so the caseload shows the answer promise. Returns the number written. ``client``: another
    client with a portal account than the demo login (a full file for the benchmark)."""
    client = client or Client.objects.get(user__username="klant")
    if Bericht.objects.filter(client=client).exists():
        return 0
    today = timezone.localdate()
    asked = working_day(today - timedelta(days=12), step=-1)
    answered = working_day(asked + timedelta(days=1))
    last = working_day(today - timedelta(days=1), step=-1)

    cv = SimpleUploadedFile("cv-anouk.pdf", _cv_pdf(), content_type="application/pdf")
    first = bericht_from_client(
        request=_request(client.user),
        client=client,
        text="Hierbij mijn nieuwe cv. Ik heb mijn werk in de keuken van het buurthuis erbij gezet. "
        "Kunt u kijken of het zo goed is?",
        upload=cv,
        category=Category.CV,
    )
    answer = bericht_from_staff(
        request=_request(client.coach),
        client=client,
        text="Dank u wel. Uw cv is duidelijk. Zet er nog bij dat u de cursus hygiëne hebt gedaan. "
        "Dan stuur ik het naar de jobcoach.",
    )
    open_question = bericht_from_client(
        request=_request(client.user),
        client=client,
        text="Mag ik mijn dochter meenemen naar het gesprek van woensdag? Ze helpt mij met de taal.",
    )
    Bericht.objects.filter(pk=first.pk).update(
        created_at=_at(asked, 19, 12), answer_due=answer_due(asked), answered_at=_at(answered, 10, 5)
    )
    Bericht.objects.filter(pk=answer.pk).update(created_at=_at(answered, 10, 5), notified_at=_at(answered, 10, 5))
    Bericht.objects.filter(pk=open_question.pk).update(created_at=_at(last, 16, 40), answer_due=answer_due(last))
    Document.objects.filter(pk=first.attachment_id).update(
        created_at=_at(asked, 19, 12), retain_until=asked + relativedelta(months=retention_months(Category.CV))
    )
    return 3
