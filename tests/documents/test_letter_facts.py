"""What a letter states is what the data say (issue 15): the progress report, the kenmerk, the plan letter.

Each test renders the letter to PDF with WeasyPrint and reads it back with pypdf.
"""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from clients.workflow import AfspraakOutcome, Channel
from reintegratie.documents import letters, services
from reintegratie.documents.models import Brief, BriefKind
from tests.documents.helpers import datum, pdf_text, request_as
from tests.factories import AfspraakFactory, ClientFactory, ContactmomentFactory
from trajecten import services as plans

pytestmark = pytest.mark.django_db


def _afspraak(client, days_ago, outcome):
    return AfspraakFactory(
        client=client,
        starts_at=timezone.now() - timedelta(days=days_ago),
        outcome=outcome,
        outcome_recorded_at=timezone.now(),
    )


def _plan_with_a_coach_action(coach, client):
    plan = plans.plan_create(request=request_as(coach), client=client)
    doel = plans.doel_add(
        request=request_as(coach), plan=plan, leefgebied="werk_opleiding", text="Beter Nederlands spreken"
    )
    plans.actie_add(
        request=request_as(coach), doel=doel, text="Ik zoek een taalcursus en bel Anouk daarover.", owner="werkcoach"
    )
    plans.actie_add(request=request_as(coach), doel=doel, text="Een taalcursus kiezen.", owner="client")
    doel2 = plans.doel_add(request=request_as(coach), plan=plan, leefgebied="werk_opleiding", text="Werk in de zorg")
    plans.actie_add(request=request_as(coach), doel=doel2, text="Een cv maken.", owner="client")
    plans.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    return plans.plan_transition(request=request_as(coach), plan=plan, to_status="akkoord", agreed_how="papier")


def _progress_report(coach, client):
    return services.brief_request(
        request=request_as(coach), client=client, kind=BriefKind.VOORTGANGSRAPPORTAGE, source=client
    )


def test_the_progress_report_states_the_real_period_and_counts(coach, client_obj):
    """Issue 15.1: it said 'van 4 december tot 4 december' and 'U kwam naar 0 gesprekken'."""
    # Registered today; the appointments and the phone call are recorded after they took place.
    _afspraak(client_obj, 20, AfspraakOutcome.VERSCHENEN)
    _afspraak(client_obj, 10, AfspraakOutcome.VERSCHENEN)
    _afspraak(client_obj, 6, AfspraakOutcome.NIET_VERSCHENEN)
    ContactmomentFactory(client=client_obj, at=timezone.now() - timedelta(days=3), channel=Channel.TELEFOON)

    text = pdf_text(_progress_report(coach, client_obj))

    first_day = timezone.localdate() - timedelta(days=20)
    assert f"van {datum(first_day)} tot en met {datum(timezone.localdate())}" in text, text
    assert "U kwam naar 2 gesprekken." in text
    assert "U was er 1 keer niet, zonder dat u afzei." in text
    assert "We hadden 1 keer contact met u." in text
    assert "0 gesprekken" not in text


def test_one_attended_appointment_is_one_gesprek(coach, client_obj):
    _afspraak(client_obj, 2, AfspraakOutcome.VERSCHENEN)
    text = pdf_text(_progress_report(coach, client_obj))
    assert "U kwam naar 1 gesprek." in text


def test_a_second_progress_report_starts_where_the_first_ended(coach, client_obj):
    _afspraak(client_obj, 30, AfspraakOutcome.VERSCHENEN)
    first = _progress_report(coach, client_obj)
    Brief.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=14))
    _afspraak(client_obj, 5, AfspraakOutcome.VERSCHENEN)

    text = pdf_text(_progress_report(coach, client_obj))

    since = timezone.localdate() - timedelta(days=14)
    assert f"van {datum(since)} tot en met {datum(timezone.localdate())}" in text
    assert "U kwam naar 1 gesprek." in text  # the one 30 days ago was in the first report


def test_the_progress_report_retells_the_coachs_actions_instead_of_quoting_them(coach, client_obj):
    """Issue 15.1: 'Ik zoek … en bel Anouk daarover' was copied into a letter to Anouk."""
    _plan_with_a_coach_action(coach, client_obj)
    text = pdf_text(_progress_report(coach, client_obj))
    assert "Uw werkcoach zoekt een taalcursus en belt u daarover." in text
    assert "Ik zoek" not in text and "bel Anouk" not in text


def test_the_progress_report_tells_shared_agreements_to_the_client(coach, client_obj):
    """A coach typed the agreements about the client ("Cliënt zoekt uit …") and as herself; the report
    copied them as written. Agreements not shared with the client stay out."""
    at = timezone.now() - timedelta(days=2)
    ContactmomentFactory(
        client=client_obj,
        at=at,
        shared_with_client=True,
        agreements=f"Cliënt zoekt uit of de wijkteamhulp voor haar moeder uitgebreid kan worden. "
        f"Ik bel {client_obj.first_name} volgende week.",
    )
    ContactmomentFactory(client=client_obj, at=at, shared_with_client=False, agreements="Cliënt is intern besproken.")

    text = pdf_text(_progress_report(coach, client_obj))

    assert (
        f"{datum(timezone.localtime(at).date())}: U zoekt uit of de wijkteamhulp voor uw moeder uitgebreid kan worden. "
        "Uw werkcoach belt u volgende week." in text
    ), text
    assert "Cliënt" not in text and "Ik bel" not in text and "intern besproken" not in text


def test_the_plan_letter_groups_actions_under_their_goals_and_retells_the_coach(coach, client_obj):
    """Issue 15.7: the plan letter listed all goals, then all actions, apart from their goals."""
    plan = _plan_with_a_coach_action(coach, client_obj)
    brief = services.brief_request(
        request=request_as(coach), client=client_obj, kind=BriefKind.PLAN_VAN_AANPAK, source=plan
    )
    text = pdf_text(brief)
    first = text.index("Doel 1: Beter Nederlands spreken")
    second = text.index("Doel 2: Werk in de zorg")
    assert first < text.index("Een taalcursus kiezen.") < second
    assert first < text.index("Uw werkcoach zoekt een taalcursus en belt u daarover.") < second
    assert second < text.index("Een cv maken.")
    assert "Ik zoek" not in text


# --------------------------------------------------------------------------- kenmerk


def test_every_kind_has_its_own_kenmerk_code():
    """Issue 15.2: the first three letters of the kind made VOO for two kinds and UIT for two."""
    codes = [spec.code for spec in letters.LETTERS.values()]
    assert len(codes) == len(set(codes)) == len(BriefKind.values)


def test_letters_of_one_client_never_share_a_kenmerk(coach, client_obj):
    afspraak = AfspraakFactory(client=client_obj)
    made = [
        services.brief_request(request=request_as(coach), client=client_obj, kind=kind, source=afspraak)
        for kind in (BriefKind.UITNODIGING_AFSPRAAK, BriefKind.UITNODIGING_BREDE_INTAKE)
    ]
    made.append(_progress_report(coach, client_obj))
    made.append(_progress_report(coach, client_obj))
    references = [b.reference for b in made]
    n = client_obj.client_number
    assert references == [f"{n}-UNG-1", f"{n}-UNI-2", f"{n}-VGR-3", f"{n}-VGR-4"]
    assert references[-1] in pdf_text(made[-1])


def test_the_database_refuses_a_second_letter_with_the_same_kenmerk(coach, client_obj):
    brief = _progress_report(coach, client_obj)
    other = ClientFactory(coach=coach)
    with pytest.raises(IntegrityError), transaction.atomic():
        Brief.objects.create(
            client=other,
            kind=BriefKind.VOORTGANGSRAPPORTAGE,
            source_type=brief.source_type,
            source_id=str(other.pk),
            number=1,
            reference=brief.reference,
            created_by=coach,
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_letters_for_one_client_each_get_their_own_kenmerk(require_postgres, coach):
    from unittest import mock

    from tests.clients.test_concurrency import run_at_once

    person = ClientFactory(coach=coach)

    def request_report(i):
        return _progress_report(coach, person)

    # Patched once, around all threads: patching inside each thread can leave the mock in place.
    with mock.patch.object(services, "brief_publish"):
        results = run_at_once(request_report)
    assert all(isinstance(r, Brief) for r in results), results
    assert sorted(b.number for b in results) == list(range(1, len(results) + 1))
    assert len({b.reference for b in results}) == len(results)
