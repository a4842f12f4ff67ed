"""Two people at once: no silent overwrite, and one transition only."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from clients import services
from clients.models import Afspraak, Client
from clients.workflow import AfspraakOutcome
from reintegratie.audit.models import AccessLog
from tests.auth import login
from tests.factories import AfspraakFactory, ClientFactory

THREADS = 8


def edit_form_data(client, url):
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["date_of_birth"] = data["date_of_birth"].isoformat()
    data["benefit_start"] = data["benefit_start"].isoformat() if data["benefit_start"] else ""
    data["needs_interpreter"] = "on" if data["needs_interpreter"] else ""
    return data


@pytest.mark.django_db
def test_second_save_of_a_stale_form_is_refused_and_keeps_the_input(client, coach, teamleider, client_obj):
    from django.test import Client as Browser

    coach_browser, leader_browser = client, Browser()
    login(coach_browser, coach)
    login(leader_browser, teamleider)
    url = reverse("clients:client-update", kwargs={"client_id": client_obj.pk})
    coach_form = edit_form_data(coach_browser, url)
    leader_form = edit_form_data(leader_browser, url)

    assert coach_browser.post(url, {**coach_form, "phone": "06 11111111"}).status_code == 302
    refused = leader_browser.post(url, {**leader_form, "phone": "06 22222222", "email": "nieuw@example.org"})

    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Iemand anders heeft deze gegevens gewijzigd" in html
    assert 'value="06 22222222"' in html and 'value="nieuw@example.org"' in html  # input kept
    assert ("Telefoonnummer", "06 11111111", "06 22222222") in refused.context["conflict"]
    client_obj.refresh_from_db()
    assert (client_obj.phone, client_obj.email, client_obj.version) == ("06 11111111", "", 2)

    # Having seen the differences, saving again is a deliberate choice and succeeds.
    again = {**leader_form, "phone": "06 11111111", "email": "nieuw@example.org", "version": "2"}
    assert leader_browser.post(url, again).status_code == 302
    client_obj.refresh_from_db()
    assert (client_obj.phone, client_obj.email, client_obj.version) == ("06 11111111", "nieuw@example.org", 3)


def run_at_once(target, count=THREADS):
    """Run target(i) in count threads released together; return the results or exceptions."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def worker(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as error:  # collected, asserted by the caller
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def request_as(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trial", range(5))
def test_concurrent_edits_of_one_client_let_exactly_one_win(require_postgres, coach, trial):
    person = ClientFactory(coach=coach)

    def edit(i):
        return services.client_update(
            request=request_as(coach), client=person, expected_version=1, phone=f"06 0000000{i}"
        )

    results = run_at_once(edit)
    winners = [r for r in results if isinstance(r, Client)]
    losers = [r for r in results if isinstance(r, services.EditConflict)]
    assert (len(winners), len(losers)) == (1, THREADS - 1), results
    person.refresh_from_db()
    assert person.version == 2 and person.phone == winners[0].phone
    assert AccessLog.objects.filter(client=person, action="change").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trial", range(5))
def test_concurrent_outcomes_of_one_afspraak_record_exactly_one(require_postgres, coach, trial):
    afspraak = AfspraakFactory(client=ClientFactory(coach=coach), starts_at=timezone.now() - timedelta(hours=1))
    outcomes = [AfspraakOutcome.VERSCHENEN, AfspraakOutcome.NIET_VERSCHENEN, AfspraakOutcome.AFGEZEGD]

    def record(i):
        return services.afspraak_record_outcome(
            request=request_as(coach), afspraak=afspraak, outcome=outcomes[i % 3], note="toelichting"
        )

    results = run_at_once(record)
    winners = [r for r in results if isinstance(r, Afspraak)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(winners), len(refused)) == (1, THREADS - 1), results
    afspraak.refresh_from_db()
    assert afspraak.outcome == winners[0].outcome
    assert AccessLog.objects.filter(client=afspraak.client, action="change").count() == 1
