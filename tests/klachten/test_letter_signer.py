"""Who signs a zaak letter: never the person the complaint is about, nor who took the contested decision."""

import pytest
from django.template.loader import render_to_string

from klachten import selectors, services
from reintegratie.documents import letters
from reintegratie.documents.models import Brief
from tests.trajecten.helpers import request_as

pytestmark = pytest.mark.django_db


def _render(zaak, kind):
    brief = Brief.objects.get(source_id=str(zaak.pk), kind=kind)
    template, context = letters.letter_context(brief)
    return render_to_string(template, context)


def test_a_complaint_about_the_coach_is_not_signed_by_the_coach(coach, teamleider, client_obj):
    zaak = services.klacht_register(
        request=request_as(coach),
        client=client_obj,
        category="bejegening",
        description="Mijn werkcoach was onbeleefd.",
        channel="telefoon",
        about_user=coach,
    )
    assert selectors.letter_signer(zaak) == teamleider
    html = _render(zaak, "ontvangst_klacht")
    signature = html[html.index('class="ondertekening"') :]
    assert teamleider.get_full_name() in signature and coach.get_full_name() not in signature
    assert "Uw klacht gaat over uw werkcoach" in html


def test_an_ordinary_complaint_is_signed_by_the_coach(coach, client_obj):
    zaak = services.klacht_register(
        request=request_as(coach),
        client=client_obj,
        category="brieven",
        description="Brief onduidelijk.",
        channel="brief",
    )
    assert selectors.letter_signer(zaak) == coach
