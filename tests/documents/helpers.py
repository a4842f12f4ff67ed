"""Render a requested letter through the real pipeline and read what the person reads."""

import io

from django.test import RequestFactory
from django.utils.formats import date_format
from pypdf import PdfReader

from reintegratie.documents import services
from reintegratie.documents.models import Brief, BriefStatus


def request_as(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def pdf_pages(brief):
    """Render the letter (WeasyPrint, as the worker does) and return each page's text, whitespace folded."""
    rendered = services.brief_render(brief_id=brief.pk) or Brief.objects.get(pk=brief.pk)
    assert rendered.status == BriefStatus.KLAAR, rendered.last_error
    reader = PdfReader(io.BytesIO(rendered.pdf.read()))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def pdf_text(brief):
    return " ".join(pdf_pages(brief))


def datum(day):
    """The one date style a person reads: 4 december 2026."""
    return date_format(day, "j F Y")
