"""Mijn re-integratie, klachten en bezwaren: the client's own zaken, filing a complaint, objecting to a decision."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from klachten import deadlines
from klachten.models import Maatregel, SanctieRegel, Zaak
from klachten.rules import DEFAULT_RULES, DEFAULTS_VALID_FROM
from klachten.services import (
    klacht_file,
    klacht_register,
    maatregel_decide,
    maatregel_drop,
    maatregel_intention,
    maatregel_reconsider,
    maatregel_zienswijze,
)
from reintegratie.audit.models import AccessLog
from reintegratie.documents.models import Brief
from tests.auth import login
from tests.trajecten.helpers import request_as

pytestmark = pytest.mark.django_db

NEW_PAGES = ("zaken", "klacht-create", "bezwaar-create")


def url(name, **kwargs):
    return reverse(f"portal:{name}", kwargs=kwargs)


def html_of(client, name, **kwargs):
    response = client.get(url(name, **kwargs))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def nl_date(day):
    return date_format(day, "j F Y")


@pytest.fixture
def portal(client, client_user):
    """The Django test client, logged in as the client."""
    return login(client, client_user)


@pytest.fixture
def rules(db):
    """The default afstemmingsverordening of this municipality."""
    for rule in DEFAULT_RULES:
        values = {k: v for k, v in rule.items() if k != "code"}
        SanctieRegel.objects.get_or_create(
            gemeente=settings.GEMEENTE_NAAM, code=rule["code"], valid_from=DEFAULTS_VALID_FROM, defaults=values
        )
    return SanctieRegel.objects.filter(gemeente=settings.GEMEENTE_NAAM, valid_from=DEFAULTS_VALID_FROM)


def decided_sanction(coach, person, rules, *, decided_days_ago=0):
    """A sanction imposed through the services: voornemen, no zienswijze (with the reason), decision."""
    today = timezone.localdate()
    rule = rules.get(code="plan-van-aanpak")
    zaak = maatregel_intention(
        request=request_as(coach),
        client=person,
        rule=rule,
        breach_on=today - timedelta(days=10),
        description="U kwam niet naar de afspraak en liet niets weten.",
    )
    zaak = maatregel_zienswijze(
        request=request_as(coach),
        zaak=zaak,
        expected_version=zaak.version,
        skip_reason="De cliënt liet weten niet te willen reageren.",
    )
    zaak = maatregel_decide(
        request=request_as(coach),
        zaak=zaak,
        outcome="opgelegd",
        culpability="volledig",
        culpability_note="Geen bericht gestuurd.",
        urgent_reasons=False,
        motivation="U kwam niet en liet niets weten.",
        expected_version=zaak.version,
        percentage=30,
        duration_months=1,
        starts_on=today,
    )
    if decided_days_ago:
        Zaak.objects.filter(pk=zaak.pk).update(decided_on=today - timedelta(days=decided_days_ago))
        zaak.refresh_from_db()
    return zaak


def signal(person, author, description="Signaal van het re-integratiebedrijf."):
    """A provider's signal: internal until the coach acts (the signal service itself is tested in tests/klachten)."""
    zaak = Zaak.objects.create(
        soort="maatregel",
        client=person,
        status="gesignaleerd",
        received_on=timezone.localdate(),
        created_by=author,
    )
    Maatregel.objects.create(zaak=zaak, breach_on=timezone.localdate(), breach_description=description)
    return zaak


def make_ready(brief, *, shared=True):
    """Mark a letter rendered (rendering is tested in tests/documents)."""
    brief.pdf.save(f"{brief.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    brief.sha256, brief.status, brief.shared_with_client = "0" * 64, "klaar", shared
    brief.save()
    return brief


def own_klacht(client_user, **extra):
    data = {"category": "bereikbaarheid", "description": "Ik kon niemand bereiken.", **extra}
    return klacht_file(request=request_as(client_user), **data)


# --- Pages --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NEW_PAGES)
def test_new_pages_open_for_the_client_with_one_h1_and_write_a_view_row(portal, client_obj, client_user, name):
    html = html_of(portal, name)
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert 'style="' not in html and "<script>" not in html
    assert client_obj.bsn not in html
    row = AccessLog.objects.filter(client=client_obj, user=client_user).latest("pk")
    assert (row.action, row.path) == ("view", url(name))


@pytest.mark.parametrize("role", ["coach", "teamleider", "beheerder", "aanbieder_user"])
@pytest.mark.parametrize("name", [*NEW_PAGES, "zaak-detail"])
def test_staff_get_403_on_the_zaken_pages(request, client, client_obj, client_user, role, name):
    zaak = own_klacht(client_user)
    login(client, request.getfixturevalue(role))
    kwargs = {"zaak_id": zaak.pk} if name == "zaak-detail" else {}
    assert client.get(url(name, **kwargs)).status_code == 403
    assert client.post(url(name, **kwargs), {}).status_code in (403, 405)


# --- The list -----------------------------------------------------------------------------------------------------


def test_list_shows_own_zaken_only_and_hides_signals_not_acted_on(
    portal, client_user, client_obj, coach, foreign_client, other_coach, rules
):
    klacht = own_klacht(client_user)
    sanction = decided_sanction(coach, client_obj, rules)
    pending = signal(client_obj, coach)
    dropped = signal(client_obj, coach)
    maatregel_drop(request=request_as(coach), zaak=dropped, motivation="Niets aan de hand.", expected_version=1)
    foreign = klacht_register(
        request=request_as(other_coach),
        client=foreign_client,
        category="bejegening",
        description="Een klacht van iemand anders.",
        channel="telefoon",
    )

    html = html_of(portal, "zaken")

    assert klacht.reference in html and sanction.reference in html
    assert "Klacht: bereikbaarheid" in html
    assert "Maatregel: niet meegewerkt aan het plan van aanpak" in html
    assert pending.reference not in html and dropped.reference not in html
    assert foreign.reference not in html
    # Open complaint: received date, the date we answer by, days left, handler not chosen yet.
    assert nl_date(klacht.received_on) in html and nl_date(klacht.deadline) in html
    assert "Wij antwoorden uiterlijk op" in html and "nog " in html and "nog niet gekozen" in html
    # The sanction can be objected to; complaining never affects benefit or help.
    assert url("bezwaar-create") in html and url("klacht-create") in html
    assert "geen gevolgen voor uw uitkering of voor de hulp" in html


def test_without_a_decision_there_is_no_bezwaar_button(portal, client_user):
    own_klacht(client_user)
    html = html_of(portal, "zaken")
    assert url("bezwaar-create") not in html
    assert url("klacht-create") in html


# The list's queries: session, user, client, access log, zaken, "may object", messages. Never one per zaak.
LIST_QUERY_LIMIT = 12


def test_the_list_takes_a_bounded_fixed_number_of_queries(
    portal, client_user, client_obj, coach, rules, django_assert_max_num_queries
):
    own_klacht(client_user)
    portal.get(url("zaken"))  # warm up the session
    with django_assert_max_num_queries(LIST_QUERY_LIMIT), CaptureQueriesContext(connection) as one:
        html_of(portal, "zaken")
    sanction = decided_sanction(coach, client_obj, rules)
    for n in range(4):
        own_klacht(client_user, description=f"Klacht {n}", about_coach=n % 2 == 0)
    portal.post(url("bezwaar-create"), {"against": sanction.pk, "grounds": "Ik was ziek."})
    assert Zaak.objects.filter(client=client_obj).count() == 7
    with django_assert_max_num_queries(LIST_QUERY_LIMIT), CaptureQueriesContext(connection) as many:
        html = html_of(portal, "zaken")
    assert all(zaak.reference in html for zaak in Zaak.objects.filter(client=client_obj))
    assert len(one.captured_queries) == len(many.captured_queries)


def test_home_shows_the_number_of_open_zaken(portal, client_user):
    html = html_of(portal, "home")
    assert "U heeft geen klachten of bezwaren die nog bezig zijn." in html
    own_klacht(client_user)
    own_klacht(client_user, description="Nog een.")
    html = html_of(portal, "home")
    assert "U heeft 2 klachten, bezwaren of maatregelen die nog bezig zijn." in html
    assert url("zaken") in html


# --- One zaak -----------------------------------------------------------------------------------------------------


def test_detail_shows_public_timeline_and_letters_never_internal_notes(portal, client_obj, coach, rules):
    sanction = decided_sanction(coach, client_obj, rules)
    maatregel_reconsider(
        request=request_as(coach),
        zaak=sanction,
        note="Interne notitie: de coach twijfelt.",
        expected_version=sanction.version,
    )
    letter = make_ready(Brief.objects.get(kind="besluit_maatregel", source_id=str(sanction.pk)))
    hidden = make_ready(Brief.objects.get(kind="voornemen_maatregel", source_id=str(sanction.pk)), shared=False)

    html = html_of(portal, "zaak-detail", zaak_id=sanction.pk)

    assert "De cliënt liet weten niet te willen reageren." in html  # zienswijze step: for the client
    assert "Interne notitie" not in html  # heroverweging note: internal
    assert sanction.maatregel.rule.description in html
    assert reverse("documents:brief-download", kwargs={"brief_id": letter.pk}) in html
    assert reverse("documents:brief-download", kwargs={"brief_id": hidden.pk}) not in html
    # A decided sanction: object until the last day of the term.
    end = deadlines.bezwaar_termijn(sanction.decided_on).end
    assert nl_date(end) in html
    assert f"{url('bezwaar-create')}?besluit={sanction.pk}" in html


def test_detail_of_another_clients_zaak_or_of_a_signal_is_404(portal, client_obj, coach, foreign_client, other_coach):
    foreign = klacht_register(
        request=request_as(other_coach),
        client=foreign_client,
        category="bejegening",
        description="Een klacht van iemand anders.",
        channel="telefoon",
    )
    assert portal.get(url("zaak-detail", zaak_id=foreign.pk)).status_code == 404
    assert portal.get(url("zaak-detail", zaak_id=signal(client_obj, coach).pk)).status_code == 404
    assert portal.get(url("zaak-detail", zaak_id=999999)).status_code == 404


# --- Klacht indienen ----------------------------------------------------------------------------------------------


def test_filing_a_klacht_creates_the_zaak_and_the_acknowledgement_letter(portal, client_obj, coach):
    response = portal.post(
        url("klacht-create"),
        {
            "category": "bejegening",
            "description": "Mijn werkcoach was onbeleefd aan de telefoon.",
            "wish": "Excuses.",
            "about_coach": "on",
            "about_text": "",
        },
    )
    zaak = Zaak.objects.get(client=client_obj, soort="klacht")
    assert response.status_code == 302 and response["Location"] == url("zaak-detail", zaak_id=zaak.pk)
    assert (zaak.status, zaak.channel, zaak.klacht.category) == ("ontvangen", "portaal", "bejegening")
    assert zaak.klacht.about_user == coach and zaak.klacht.wish == "Excuses."
    assert Brief.objects.filter(client=client_obj, kind="ontvangst_klacht", source_id=str(zaak.pk)).exists()
    html = portal.get(response["Location"]).content.decode()
    assert "Binnen 6 weken" in html and "Mijn werkcoach was onbeleefd" in html and "uw werkcoach" in html


def test_an_invalid_klacht_keeps_the_input_and_says_what_is_wrong_in_dutch(portal, client_obj):
    response = portal.post(url("klacht-create"), {"category": "", "description": "  ", "wish": "Mijn eigen wens"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kies waar uw klacht over gaat." in html and "Schrijf op wat er is gebeurd." in html
    assert "Mijn eigen wens" in html and 'id="formulierfouten"' in html
    assert 'href="#id_category_0"' in html  # the summary links to the first radio button
    assert not Zaak.objects.filter(client=client_obj).exists()


def test_a_refusal_by_the_service_is_shown_on_the_form(portal, client_obj):
    refusal = ValidationError({"description": ["Dit is te kort."]})
    with mock.patch("klachten.portal_views.klacht_file", side_effect=refusal):
        response = portal.post(url("klacht-create"), {"category": "anders", "description": "Kort"})
    html = response.content.decode()
    assert response.status_code == 200 and "Dit is te kort." in html and "Kort" in html


def test_the_klacht_form_groups_the_radio_buttons_with_a_legend(portal):
    html = html_of(portal, "klacht-create")
    assert "<fieldset" in html and "Waar gaat uw klacht over?" in html and "<legend" in html
    assert 'type="radio"' in html and "Bejegening: hoe iemand met u omging" in html


# --- Bezwaar maken ------------------------------------------------------------------------------------------------


def test_bezwaar_against_an_own_decision_is_filed(portal, client_obj, coach, rules):
    sanction = decided_sanction(coach, client_obj, rules)
    html = html_of(portal, "bezwaar-create")
    assert nl_date(sanction.decided_on) in html and "6 weken" in html
    assert "late_excuse" not in html  # not late: the question is not asked

    response = portal.post(url("bezwaar-create"), {"against": sanction.pk, "grounds": "Ik was die dag ziek."})

    bezwaar = Zaak.objects.get(client=client_obj, soort="bezwaar")
    assert response["Location"] == url("zaak-detail", zaak_id=bezwaar.pk)
    assert bezwaar.bezwaar.against == sanction and bezwaar.bezwaar.on_time
    assert Brief.objects.filter(kind="ontvangst_bezwaar", source_id=str(bezwaar.pk)).exists()
    # Once objected to, the decision is no longer offered.
    assert url("bezwaar-create") not in html_of(portal, "zaken")
    assert "U heeft al bezwaar gemaakt" in html_of(portal, "zaak-detail", zaak_id=sanction.pk)


def test_bezwaar_against_another_clients_decision_is_refused(
    portal, client_obj, coach, foreign_client, other_coach, rules
):
    decided_sanction(coach, client_obj, rules)
    foreign = decided_sanction(other_coach, foreign_client, rules)

    response = portal.post(url("bezwaar-create"), {"against": foreign.pk, "grounds": "Niet mijn besluit."})

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "Kies een besluit uit de lijst." in response.content.decode()
    assert not Zaak.objects.filter(soort="bezwaar").exists()


def test_a_late_bezwaar_asks_why_and_keeps_the_reason(portal, client_obj, coach, rules):
    sanction = decided_sanction(coach, client_obj, rules, decided_days_ago=60)
    html = html_of(portal, "bezwaar-create")
    assert "Die datum is voorbij." in html and "late_excuse" in html

    response = portal.post(url("bezwaar-create"), {"against": sanction.pk, "grounds": "Ik ben het er niet mee eens."})
    assert response.status_code == 200
    assert "U bent te laat met uw bezwaar. Schrijf op waarom." in response.content.decode()
    assert not Zaak.objects.filter(soort="bezwaar").exists()

    portal.post(
        url("bezwaar-create"),
        {"against": sanction.pk, "grounds": "Ik ben het er niet mee eens.", "late_excuse": "Ik lag in het ziekenhuis."},
    )
    bezwaar = Zaak.objects.get(soort="bezwaar").bezwaar
    assert not bezwaar.on_time and bezwaar.late_excuse == "Ik lag in het ziekenhuis."


def test_the_bezwaar_page_preselects_the_decision_from_the_detail_link(portal, client_obj, coach, rules):
    sanction = decided_sanction(coach, client_obj, rules)
    html = portal.get(f"{url('bezwaar-create')}?besluit={sanction.pk}").content.decode()
    assert re.search(rf'value="{sanction.pk}"[^>]*checked', html)
