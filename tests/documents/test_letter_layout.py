"""Letters' layout and content (issue 15.7): no page holds only the closing; the intake summary is plain.

Every registered kind is rendered to a real PDF with demo data (the zaak
letters through the services, as in test_letter_texts) and read back with pypdf.
"""

import io
import re

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from reintegratie.documents import letters
from reintegratie.documents.models import Brief, BriefKind
from reintegratie.documents.renderer import render_html_to_pdf
from tests.documents.test_letter_texts import DEMO_KINDS, letters_for_demo_clients

pytestmark = pytest.mark.django_db

FOOTER = re.compile(r"Pagina \d+ van \d+")


def pages_of(html):
    reader = PdfReader(io.BytesIO(render_html_to_pdf(html)))
    return [" ".join(FOOTER.sub("", page.extract_text() or "").split()) for page in reader.pages]


def assert_last_page_holds_more_than_the_closing(label, html):
    last = pages_of(html)[-1]
    before_closing = last.split("Vragen?")[0]
    assert len(before_closing.split()) >= 8, (label, last)


@pytest.mark.parametrize("kind", DEMO_KINDS)
def test_no_letter_ends_with_a_page_that_holds_only_the_closing(demo, kind):
    rendered = list(letters_for_demo_clients(kind, limit=3))
    assert rendered
    for client, html in rendered:
        assert_last_page_holds_more_than_the_closing((kind, client.client_number), html)


def test_no_zaak_letter_ends_with_a_page_that_holds_only_the_closing(zaak_letters):
    for kind, rendered in zaak_letters.items():
        for label, html in rendered[:2]:
            assert_last_page_holds_more_than_the_closing((kind, label), html)


def test_a_long_letter_keeps_the_questions_with_the_closing():
    """The closing block moves to the next page as a whole, with 'Vragen?' before it."""
    filler = "".join(f"<p>Regel {i} van een lange brief met veel tekst erin.</p>" for i in range(38))
    html = render_to_string(
        "brieven/_briefhoofd.html",
        {"subject": "Proef", "gemeente": "Gemeente Proef", "coach": None, "client": None},
    ).replace("<p>Beste", filler + "<p>Beste")
    pages = pages_of(html)
    assert len(pages) == 2
    assert "Met vriendelijke groet" in pages[-1] and "Vragen?" in pages[-1]
    assert "Regel 37" in pages[-1]


def _summary(intake):
    brief = Brief(client=intake.client, kind=BriefKind.SAMENVATTING_INTAKE, source_id=str(intake.pk), version=1)
    template, context = letters.letter_context(brief)
    return " ".join(pages_of(render_to_string(template, context)))


def test_the_intake_summary_quotes_the_client_once_and_names_the_route_in_plain_words(demo):
    """Issue 15.7: one quote under two domains, and 'Uw route: direct naar werk'."""
    from intake.models import Intake

    intake = Intake.objects.filter(status="afgerond").select_related("client").first()
    scores = list(intake.scores.all()[:2])
    quote = "Ik wil graag weer aan het werk, maar mijn schulden zitten in de weg."
    for score in scores:
        score.client_view, score.work_on = quote, True
        score.save()
    Intake.objects.filter(pk=intake.pk).update(service_route="direct_naar_werk")

    text = _summary(intake)

    assert text.count("mijn schulden zitten in de weg") == 1, text
    assert "Uw route" not in text and "direct naar werk" not in text.lower()
    assert "We gaan samen meteen op zoek naar werk dat bij u past." in text
