"""Who a zaak letter comes from: its handler or the municipality, never the person involved (issue 15.3).

Checked in the rendered PDF: the letterhead's contact block as well as the signature.
"""

import pytest

from klachten import selectors, services
from reintegratie.documents.models import Brief
from tests.documents.helpers import pdf_pages, request_as

pytestmark = pytest.mark.django_db


def _letter(zaak, kind):
    return Brief.objects.get(source_id=str(zaak.pk), kind=kind)


def _head_and_closing(brief):
    """The first page's letterhead (up to the address) and the last page from 'Vragen?' on."""
    pages = pdf_pages(brief)
    head = pages[0][: pages[0].index(brief.client.full_name)]
    closing = pages[-1][pages[-1].rindex("Vragen?") :]
    return head, closing


def _complaint(coach, client, **extra):
    return services.klacht_register(
        request=request_as(coach),
        client=client,
        category="bereikbaarheid",
        description="Ik kon mijn werkcoach drie weken niet bereiken.",
        channel="telefoon",
        **extra,
    )


def test_a_complaint_about_the_coach_comes_from_the_municipality_not_the_coach(coach, client_obj):
    """Issue 15.3: the acknowledgement said 'Uw werkcoach … bel of mail mij gerust'."""
    zaak = _complaint(coach, client_obj, about_user=coach)
    assert selectors.letter_signer(zaak) is None
    head, closing = _head_and_closing(_letter(zaak, "ontvangst_klacht"))
    assert coach.get_full_name() not in head + closing
    assert "Uw werkcoach" not in head
    assert "Contact: team Werk en re-integratie" in head
    assert "Team Werk en re-integratie" in closing and "mij" not in closing


def test_an_ordinary_complaint_before_it_has_a_handler_comes_from_the_municipality(coach, client_obj):
    zaak = _complaint(coach, client_obj)
    head, closing = _head_and_closing(_letter(zaak, "ontvangst_klacht"))
    assert coach.get_full_name() not in head + closing
    assert "Team Werk en re-integratie" in closing


def test_the_decision_on_a_complaint_comes_from_its_handler(coach, teamleider, client_obj):
    zaak = _complaint(coach, client_obj, about_user=coach)
    zaak = services.klacht_assign(
        request=request_as(teamleider), zaak=zaak, handler=teamleider, expected_version=zaak.version
    )
    zaak = services.klacht_hearing(
        request=request_as(teamleider), zaak=zaak, skip_reason="U wilde geen gesprek.", expected_version=zaak.version
    )
    zaak = services.klacht_decide(
        request=request_as(teamleider),
        zaak=zaak,
        findings="We keken hoe vaak u belde. U belde vaak. Niemand belde terug.",
        judgement="gegrond",
        conclusions="Uw werkcoach belt u voortaan binnen twee dagen terug.",
        expected_version=zaak.version,
    )
    assert selectors.letter_signer(zaak) == teamleider
    head, closing = _head_and_closing(_letter(zaak, "beslissing_klacht"))
    assert f"Contact: {teamleider.get_full_name()}" in head
    assert teamleider.get_full_name() in closing
    assert coach.get_full_name() not in head + closing
