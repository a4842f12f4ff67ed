"""Appointments in Mijn re-integratie: confirm, cancel within the rule, ask for another time; the coach answers."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients import afspraak_services
from clients.afspraak_rules import change_deadline
from clients.models import Afspraak, Taak, Verzetverzoek
from reintegratie.outbox.models import Mail
from tests.auth import login
from tests.factories import AfspraakFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
# Monday 30 November 2026, 9:00: the appointment is on Thursday 3 December, 10:00.
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=AMS)
STARTS = datetime(2026, 12, 3, 10, 0, tzinfo=AMS)


def as_user(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


@pytest.fixture
def afspraak(client_obj, client_user):
    with time_machine.travel(NOW, tick=False):
        return AfspraakFactory(client=client_obj, starts_at=STARTS, purpose="Voortgangsgesprek")


def test_change_deadline_counts_working_days_back_skipping_weekends_and_holidays():
    monday = datetime(2026, 12, 7, 10, 0, tzinfo=AMS)
    assert change_deadline(monday, working_days=1, extra_holidays=()) == datetime(2026, 12, 4, 10, 0, tzinfo=AMS)
    assert change_deadline(STARTS, working_days=1, extra_holidays=()) == datetime(2026, 12, 2, 10, 0, tzinfo=AMS)
    # 28 December 2026 (Monday): back over Boxing Day (Saturday) and Christmas (Friday 25th) to Thursday 24th.
    after_christmas = datetime(2026, 12, 28, 9, 30, tzinfo=AMS)
    assert change_deadline(after_christmas, working_days=1, extra_holidays=()) == datetime(
        2026, 12, 24, 9, 30, tzinfo=AMS
    )
    assert change_deadline(STARTS, working_days=0, extra_holidays=()) == STARTS


def test_client_cancels_with_a_reason_and_the_coach_gets_a_task(client, afspraak, client_user):
    login(client, client_user)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("portal:afspraken")).content.decode()
        # What the client reads: the deadline in the one date style.
        assert "Afzeggen of een andere tijd vragen kan hier tot 2 december 2026, 10:00 uur." in page
        response = client.post(reverse("portal:afspraak-cancel", args=[afspraak.pk]), {"reason": "Ik ben ziek."})
    assert response.status_code == 302
    afspraak.refresh_from_db()
    assert (afspraak.outcome, afspraak.outcome_note, afspraak.outcome_recorded_by) == (
        "afgezegd",
        "Ik ben ziek.",
        client_user,
    )
    taak = Taak.objects.get(kind="afspraak_afgezegd")
    assert taak.afspraak == afspraak and "3 december 2026, 10:00" in taak.text and "Ik ben ziek." in taak.text


def test_cancel_without_a_reason_keeps_the_form_and_stores_nothing(client, afspraak, client_user):
    login(client, client_user)
    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("portal:afspraak-cancel", args=[afspraak.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert "Schrijf waarom u niet kunt komen." in response.content.decode()
    afspraak.refresh_from_db()
    assert afspraak.outcome == "" and not Taak.objects.exists()


def test_cancel_after_the_deadline_is_refused_with_the_rule_on_screen(client, afspraak, client_user):
    login(client, client_user)
    with time_machine.travel(datetime(2026, 12, 2, 10, 1, tzinfo=AMS), tick=False):
        page = client.get(reverse("portal:afspraak-cancel", args=[afspraak.pk])).content.decode()
        response = client.post(reverse("portal:afspraak-cancel", args=[afspraak.pk]), {"reason": "Ziek."})
        with pytest.raises(ValidationError):
            afspraak_services.afspraak_client_cancel(
                request=as_user(client_user), client=afspraak.client, afspraak=afspraak, reason="Ziek."
            )
    assert "Afzeggen in Mijn re-integratie kon tot 2 december 2026, 10:00 uur. Bel uw werkcoach." in page
    assert response.status_code == 200
    afspraak.refresh_from_db()
    assert afspraak.outcome == "" and not Taak.objects.exists()


def test_client_confirms_once(client, afspraak, client_user):
    login(client, client_user)
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("portal:afspraak-confirm", args=[afspraak.pk]))
        afspraak.refresh_from_db()
        assert afspraak.confirmed_at == NOW
        page = client.get(reverse("portal:afspraken")).content.decode()
    assert "U heeft bevestigd dat u komt" in page
    assert reverse("portal:afspraak-confirm", args=[afspraak.pk]) not in page


def test_client_asks_another_time_and_the_coach_accepts_one_of_the_moments(client, afspraak, client_user, coach):
    login(client, client_user)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            reverse("portal:afspraak-move-request", args=[afspraak.pk]),
            {"moment_1": "2026-12-08T14:00", "moment_2": "2026-12-09T10:30", "reason": "Ik heb dan een sollicitatie."},
        )
        assert response.status_code == 302
        verzoek = Verzetverzoek.objects.get()
        assert verzoek.taak.kind == "afspraak_verzetten"
        assert "8 december 2026, 14:00; 9 december 2026, 10:30" in verzoek.taak.text
        # A second request waits for the coach's answer.
        again = client.post(
            reverse("portal:afspraak-move-request", args=[afspraak.pk]), {"moment_1": "2026-12-10T10:00"}
        )
        assert Verzetverzoek.objects.count() == 1 and "U heeft al om een andere tijd gevraagd" in again.content.decode()

        login(client, coach)
        detail = client.get(reverse("clients:client-detail", args=[afspraak.client_id])).content.decode()
        assert reverse("clients:afspraak-move", args=[afspraak.client_id, afspraak.pk]) in detail
        form = client.get(reverse("clients:afspraak-move", args=[afspraak.client_id, afspraak.pk])).content.decode()
        assert "8 december 2026, 14:00" in form and "9 december 2026, 10:30" in form
        response = client.post(
            reverse("clients:afspraak-move", args=[afspraak.client_id, afspraak.pk]),
            {"choice": verzoek.preferred[1], "other": ""},
        )
    assert response.status_code == 302
    afspraak.refresh_from_db()
    verzoek.refresh_from_db()
    assert afspraak.starts_at == datetime(2026, 12, 9, 10, 30, tzinfo=AMS)
    assert (afspraak.sequence, afspraak.confirmed_at) == (1, NOW)
    assert verzoek.status == "geaccepteerd" and verzoek.old_starts_at == STARTS
    assert Taak.objects.get(pk=verzoek.taak_id).done_at == NOW
    mail = Mail.objects.get(key=f"afspraak-verzet:{verzoek.pk}")
    assert mail.subject == "Uw afspraak is verzet."
    for personal in (afspraak.client.last_name, afspraak.client.first_name, "december", "Voortgangsgesprek"):
        assert personal not in mail.body and personal not in mail.subject


def test_coach_proposes_another_time_which_the_client_then_confirms(client, afspraak, client_user, coach):
    with time_machine.travel(NOW, tick=False):
        verzoek = afspraak_services.afspraak_client_ask_move(
            request=as_user(client_user),
            client=afspraak.client,
            afspraak=afspraak,
            preferred=[datetime(2026, 12, 8, 14, 0, tzinfo=AMS)],
        )
        login(client, coach)
        client.post(
            reverse("clients:afspraak-move", args=[afspraak.client_id, afspraak.pk]),
            {"choice": "anders", "other": "2026-12-10T11:15"},
        )
        verzoek.refresh_from_db()
        afspraak.refresh_from_db()
        assert verzoek.status == "ander_voorstel" and afspraak.confirmed_at is None
        assert afspraak.starts_at == datetime(2026, 12, 10, 11, 15, tzinfo=AMS)
        login(client, client_user)
        page = client.get(reverse("portal:afspraken")).content.decode()
        assert "donderdag 10 december 2026, 11:15 uur" in page
        assert reverse("portal:afspraak-confirm", args=[afspraak.pk]) in page


def test_move_request_needs_a_moment_in_the_future(client, afspraak, client_user):
    login(client, client_user)
    with time_machine.travel(NOW, tick=False):
        empty = client.post(reverse("portal:afspraak-move-request", args=[afspraak.pk]), {"reason": "x"})
        past = client.post(
            reverse("portal:afspraak-move-request", args=[afspraak.pk]), {"moment_1": "2026-11-01T10:00"}
        )
    assert "Kies minstens één moment dat u wel kunt." in empty.content.decode()
    assert "Kies momenten in de toekomst." in past.content.decode()
    # What was typed stays in the form.
    assert "x</textarea>" in empty.content.decode()
    assert not Verzetverzoek.objects.exists() and not Taak.objects.exists()


def test_another_clients_appointment_answers_404(client, client_user, foreign_client):
    other = AfspraakFactory(client=foreign_client)
    login(client, client_user)
    for name in ("afspraak-cancel", "afspraak-move-request", "afspraak-ics"):
        assert client.get(reverse(f"portal:{name}", args=[other.pk])).status_code == 404
    assert client.post(reverse("portal:afspraak-confirm", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.confirmed_at is None and not Afspraak.objects.filter(outcome="afgezegd").exists()
    assert timezone.now()


def test_my_appointments_page_runs_the_same_queries_for_2_and_20_appointments(
    client, client_obj, client_user, django_assert_num_queries
):
    def grow(n):
        for i in range(n):
            AfspraakFactory(client=client_obj, starts_at=STARTS + timedelta(days=i))

    with time_machine.travel(NOW, tick=False):
        login(client, client_user)
        grow(2)
        client.get(reverse("portal:afspraken"))  # the first request of a session does a little more
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("portal:afspraken"))
        grow(18)
        with django_assert_num_queries(len(few)):
            page = client.get(reverse("portal:afspraken")).content.decode()
    assert page.count("Andere tijd vragen") == 20


def test_a_move_request_is_not_done_until_the_coach_answers_it(client, afspraak, client_user, coach):
    with time_machine.travel(NOW, tick=False):
        verzoek = afspraak_services.afspraak_client_ask_move(
            request=as_user(client_user),
            client=afspraak.client,
            afspraak=afspraak,
            preferred=[datetime(2026, 12, 8, 14, 0, tzinfo=AMS)],
        )
        login(client, coach)
        response = client.post(reverse("clients:taak-done", args=[afspraak.client_id, verzoek.taak_id]), follow=True)
    assert "Kies eerst een nieuwe tijd voor de afspraak of stel er een voor." in response.content.decode()
    assert Taak.objects.get(pk=verzoek.taak_id).done_at is None
