"""The zaak pages: two people editing, a step's refusal keeps input, access logging, query counts."""

import pytest
from django.test import Client as TestClient
from django.urls import reverse
from django.utils import timezone

from klachten import services
from klachten.models import Klacht, SanctieRegel, Zaak
from reintegratie.audit.models import AccessLog
from tests.auth import login
from tests.trajecten.helpers import request_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(settings):
    from klachten.demo import sanction_rules_ensure

    sanction_rules_ensure()
    return SanctieRegel.objects.all()


def _klacht(coach, client_obj, **kwargs):
    return services.klacht_register(
        request=request_as(coach),
        client=client_obj,
        category="bereikbaarheid",
        description="Niemand belde terug.",
        channel="telefoon",
        **kwargs,
    )


def test_two_people_editing_one_zaak_the_second_save_is_refused_and_keeps_input(coach, teamleider, client_obj):
    zaak = _klacht(coach, client_obj)
    url = reverse("klachten:zaak-edit", kwargs={"zaak_id": zaak.pk})
    first, second = login(TestClient(), coach), login(TestClient(), teamleider)
    # Both open the form at the same version.
    version = first.get(url).context["form"].initial["version"]
    assert second.get(url).context["form"].initial["version"] == version
    data = {"category": "bereikbaarheid", "wish": "", "about_text": "", "version": version}
    response = first.post(url, {**data, "description": "Niemand belde terug, drie keer."})
    assert response.status_code == 302
    response = second.post(url, {**data, "description": "Ik wacht al twee weken."})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Iemand anders heeft deze gegevens gewijzigd" in body
    assert "Ik wacht al twee weken." in body  # the second person's input is kept
    assert "Niemand belde terug, drie keer." in body  # and the saved text is shown next to it
    assert Klacht.objects.get(pk=zaak.pk).description == "Niemand belde terug, drie keer."
    # Saving again from the refreshed form works.
    response = second.post(url, {**data, "description": "Ik wacht al twee weken.", "version": version + 1})
    assert response.status_code == 302
    assert Klacht.objects.get(pk=zaak.pk).description == "Ik wacht al twee weken."


def test_a_stale_step_is_refused_and_changes_nothing(client, coach, teamleider, client_obj):
    zaak = _klacht(coach, client_obj)
    url = reverse("klachten:zaak-step", kwargs={"zaak_id": zaak.pk, "step": "behandelaar"})
    login(client, coach)
    stale = zaak.version
    services.klacht_assign(request=request_as(teamleider), zaak=zaak, handler=teamleider, expected_version=stale)
    # The step is no longer offered for an assigned complaint.
    assert client.post(url, {"handler": coach.pk, "version": stale}).status_code == 404
    assert Zaak.objects.get(pk=zaak.pk).handler == teamleider


def test_a_refused_decision_shows_the_reason_and_keeps_the_input(client, coach, client_obj, rules):
    zaak = services.maatregel_intention(
        request=request_as(coach),
        client=client_obj,
        rule=rules.get(code="plan-van-aanpak"),
        breach_on=timezone.localdate(),
        description="Niet gekomen.",
    )
    zaak = services.maatregel_zienswijze(
        request=request_as(coach), zaak=zaak, expected_version=zaak.version, zienswijze="Ik was ziek."
    )
    login(client, coach)
    url = reverse("klachten:zaak-step", kwargs={"zaak_id": zaak.pk, "step": "beslissen"})
    response = client.post(
        url,
        {
            "version": zaak.version,
            "outcome": "opgelegd",
            "culpability": "geen",
            "culpability_note": "Ziek, met briefje van de huisarts.",
            "urgent_reasons": "nee",
            "percentage": 30,
            "duration_months": 1,
            "motivation": "Zie toelichting.",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "volgt geen maatregel" in body
    assert "Ziek, met briefje van de huisarts." in body
    assert Zaak.objects.get(pk=zaak.pk).status == "beoordeling"


def test_opening_a_zaak_is_logged_and_a_foreign_one_is_logged_as_denied(client, coach, client_obj, foreign_client):
    own = _klacht(coach, client_obj)
    foreign = _klacht(foreign_client.coach, foreign_client)
    login(client, coach)
    assert client.get(reverse("klachten:zaak-detail", kwargs={"zaak_id": own.pk})).status_code == 200
    assert client.get(reverse("klachten:zaak-detail", kwargs={"zaak_id": foreign.pk})).status_code == 404
    assert AccessLog.objects.filter(client=client_obj, user=coach, action="view", result="allowed").exists()
    assert AccessLog.objects.filter(client=foreign_client, user=coach, action="view", result="denied").exists()


def test_zaak_list_and_detail_run_a_bounded_number_of_queries(client, coach, client_obj, django_assert_max_num_queries):
    from tests.factories import ClientFactory

    login(client, coach)
    _klacht(coach, client_obj)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("klachten:zaak-list"))
    for _ in range(15):
        _klacht(coach, ClientFactory(coach=coach))
    with django_assert_max_num_queries(12) as many:
        response = client.get(reverse("klachten:zaak-list"))
    assert len(response.context["zaken"]) == 16
    assert len(many.captured_queries) == len(few.captured_queries)
    zaak = Zaak.objects.filter(client=client_obj).first()
    with django_assert_max_num_queries(16):
        client.get(reverse("klachten:zaak-detail", kwargs={"zaak_id": zaak.pk}))


def test_provider_signal_page_creates_a_signal_for_the_coach(client, aanbieder_user, coach, client_obj):
    from tests.trajecten.helpers import agreed_plan, instrument
    from trajecten import services as traject_services

    plan = agreed_plan(coach, client_obj)
    traject = traject_services.traject_start(
        request=request_as(coach),
        client=client_obj,
        instrument=instrument(aanbieder=aanbieder_user.aanbieder),
        doel=plan.doelen.first(),
        reason="Past.",
    )
    traject_services.traject_transition(request=request_as(coach), traject=traject, to_status="lopend")
    login(client, aanbieder_user)
    url = reverse("klachten:signaal-create", kwargs={"client_id": client_obj.pk})
    response = client.post(url, {"breach_on": timezone.localdate().isoformat(), "description": ""})
    assert response.status_code == 200 and "Dit veld is verplicht." in response.content.decode()
    response = client.post(
        url, {"breach_on": timezone.localdate().isoformat(), "description": "Twee keer niet gekomen."}
    )
    assert response.status_code == 302
    zaak = Zaak.objects.get(client=client_obj, soort="maatregel")
    assert (zaak.status, zaak.handler, zaak.maatregel.signalled_by) == ("gesignaleerd", coach, aanbieder_user)
    # The provider cannot open the zaak it signalled.
    assert client.get(reverse("klachten:zaak-detail", kwargs={"zaak_id": zaak.pk})).status_code == 403


def test_annual_overview_csv_holds_counts_and_no_names(client, teamleider, coach, client_obj):
    _klacht(coach, client_obj)
    login(client, teamleider)
    response = client.get(reverse("klachten:jaaroverzicht"), {"jaar": timezone.localdate().year, "formaat": "csv"})
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "Klachten ontvangen;1" in body
    assert client_obj.last_name not in body and client_obj.bsn not in body


def test_an_overdue_zaak_is_flagged_on_the_caseload_and_to_the_teamleider(client, coach, teamleider, client_obj):
    from datetime import timedelta

    from clients import selectors as client_selectors

    _klacht(coach, client_obj, received_on=timezone.localdate() - timedelta(days=60))
    row = client_selectors.caseload(coach).get(pk=client_obj.pk)
    assert row.zaak_overdue and row.zaak_open
    login(client, coach)
    assert "Zaak: termijn verstreken" in client.get(reverse("clients:caseload")).content.decode()
    login(client, teamleider)
    coaches = {c.pk: c for c in client.get(reverse("clients:team-overview")).context["coaches"]}
    assert coaches[coach.pk].zaken_overdue == 1


def test_the_person_a_complaint_is_about_can_read_it_but_take_no_step(client, coach, teamleider, client_obj):
    from django.core.exceptions import ValidationError

    zaak = _klacht(coach, client_obj, about_user=coach)
    login(client, coach)
    page = client.get(reverse("klachten:zaak-detail", kwargs={"zaak_id": zaak.pk}))
    assert page.status_code == 200 and page.context["steps"] == []
    assert "Deze klacht gaat over u" in page.content.decode()
    for step in ("behandelaar", "oplossen", "verlengen", "intrekken"):
        url = reverse("klachten:zaak-step", kwargs={"zaak_id": zaak.pk, "step": step})
        assert client.get(url).status_code == 404, step
    assert client.get(reverse("klachten:zaak-edit", kwargs={"zaak_id": zaak.pk})).status_code == 404
    # The services refuse too, whatever page sent them.
    for call in (
        lambda: services.klacht_settle(
            request=request_as(coach),
            zaak=zaak,
            solution="Sorry.",
            satisfaction_confirmed="Per mail.",
            expected_version=zaak.version,
        ),
        lambda: services.klacht_extend(
            request=request_as(coach), zaak=zaak, reason="Druk.", expected_version=zaak.version
        ),
        lambda: services.zaak_withdraw(
            request=request_as(coach), zaak=zaak, note="Gebeld.", expected_version=zaak.version
        ),
        lambda: services.zaak_update(
            request=request_as(coach), zaak=zaak, expected_version=zaak.version, description="Anders."
        ),
    ):
        with pytest.raises(ValidationError, match="gaat over u"):
            call()
    assert Zaak.objects.get(pk=zaak.pk).status == "ontvangen"
    # The teamleider handles it.
    services.klacht_assign(request=request_as(teamleider), zaak=zaak, handler=teamleider, expected_version=zaak.version)


def test_who_took_the_contested_decision_cannot_handle_the_objection(coach, teamleider, client_obj, rules):
    from django.core.exceptions import ValidationError

    zaak = services.maatregel_intention(
        request=request_as(coach),
        client=client_obj,
        rule=rules.get(code="plan-van-aanpak"),
        breach_on=timezone.localdate(),
        description="Niet gekomen.",
    )
    zaak = services.maatregel_zienswijze(
        request=request_as(coach), zaak=zaak, expected_version=zaak.version, skip_reason="Wil niet reageren."
    )
    besluit = services.maatregel_decide(
        request=request_as(coach),
        zaak=zaak,
        outcome="opgelegd",
        culpability="volledig",
        culpability_note="Geen reden.",
        urgent_reasons=False,
        motivation="U kwam niet.",
        expected_version=zaak.version,
        percentage=30,
        duration_months=1,
        starts_on=timezone.localdate(),
    )
    bezwaar = services.bezwaar_register(
        request=request_as(coach), against=besluit, grounds="Ik was ziek.", channel="brief"
    )
    with pytest.raises(ValidationError, match="besluit zelf"):
        services.bezwaar_assign(
            request=request_as(coach), zaak=bezwaar, handler=teamleider, expected_version=bezwaar.version
        )
    services.bezwaar_assign(
        request=request_as(teamleider), zaak=bezwaar, handler=teamleider, expected_version=bezwaar.version
    )


def test_sending_a_voornemen_says_what_happened_and_until_when(client, aanbieder_user, coach, client_obj, rules):
    """Not a bare 'Opgeslagen.': the coach reads that the letter goes out and until when the client can answer."""
    from django.utils.formats import date_format

    test_provider_signal_page_creates_a_signal_for_the_coach(client, aanbieder_user, coach, client_obj)
    zaak = Zaak.objects.get(client=client_obj, soort="maatregel")
    login(client, coach)
    url = reverse("klachten:zaak-step", kwargs={"zaak_id": zaak.pk, "step": "voornemen"})
    response = client.post(
        url,
        {
            "version": zaak.version,
            "breach_on": timezone.localdate().isoformat(),
            "description": "U kwam twee keer niet naar de afspraak bij de aanbieder.",
            "rule": rules.order_by("percentage").first().pk,
            "zienswijze_days": 14,
        },
        follow=True,
    )
    html = response.content.decode()
    zaak.refresh_from_db()
    assert zaak.status == "voornemen"
    assert "Opgeslagen." not in html
    deadline = date_format(zaak.maatregel.zienswijze_deadline, "j F Y")
    assert "Het voornemen is verstuurd. De cliënt krijgt een brief" in html and f"tot en met {deadline}" in html
