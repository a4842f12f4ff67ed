"""Many people at once on one zaak (PostgreSQL): one decision, one timeline row, one letter."""

import pytest
from django.core.exceptions import ValidationError

from klachten import services
from klachten.models import Zaak
from klachten.workflow import GebeurtenisKind, ZaakStatus
from reintegratie.documents.models import BriefKind
from tests.clients.test_concurrency import THREADS, run_at_once
from tests.factories import ClientFactory
from tests.klachten.helpers import (
    assign_bezwaar,
    fresh,
    impose,
    klacht_ready,
    letters,
    maatregel_ready,
    register_bezwaar,
    request_as,
    timeline,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def split(results):
    winners = [r for r in results if isinstance(r, Zaak)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(results) == THREADS
    assert (len(winners), len(refused)) == (1, THREADS - 1), results
    return winners[0]


@pytest.mark.parametrize("with_version", [True, False])
def test_simultaneous_decisions_on_one_complaint_make_one_decision(require_postgres, coach, with_version):
    person = ClientFactory(coach=coach)
    zaak = klacht_ready(coach, person)
    version = zaak.version if with_version else None

    def decide(i):
        return services.klacht_decide(
            request=request_as(coach),
            zaak=zaak,
            findings=f"Bevinding {i}",
            judgement="ongegrond",
            conclusions="Geen vervolg.",
            expected_version=version,
        )

    winner = split(run_at_once(decide))
    after = fresh(zaak)
    assert after.status == ZaakStatus.AFGEHANDELD
    assert after.klacht.findings == winner.klacht.findings
    assert timeline(zaak, GebeurtenisKind.STATUS).filter(to_status=ZaakStatus.AFGEHANDELD).count() == 1
    assert letters(zaak, BriefKind.BESLISSING_KLACHT).count() == 1
    assert after.version == zaak.version + 1


def test_simultaneous_decisions_on_one_sanction_make_one_decision(require_postgres, coach, regel):
    person = ClientFactory(coach=coach)
    zaak = maatregel_ready(coach, person, regel)

    def decide(i):
        return services.maatregel_decide(
            request=request_as(coach),
            zaak=zaak,
            outcome="opgelegd",
            culpability="volledig",
            culpability_note="Geen bericht.",
            urgent_reasons=False,
            motivation=f"Motivering {i}",
            percentage=30,
            duration_months=1,
            starts_on=zaak.received_on,
            expected_version=zaak.version,
        )

    winner = split(run_at_once(decide))
    after = fresh(zaak)
    assert (after.status, after.motivation) == (ZaakStatus.OPGELEGD, winner.motivation)
    assert timeline(zaak, GebeurtenisKind.STATUS).filter(from_status=ZaakStatus.BEOORDELING).count() == 1
    assert letters(zaak, BriefKind.BESLUIT_MAATREGEL).count() == 1


def test_simultaneous_extensions_of_one_objection_extend_once(require_postgres, coach, teamleider, regel):
    person = ClientFactory(coach=coach)
    zaak = assign_bezwaar(teamleider, register_bezwaar(coach, impose(coach, person, regel)), teamleider)

    def extend(i):
        return services.bezwaar_extend(
            request=request_as(teamleider), zaak=zaak, reason=f"Reden {i}", expected_version=None
        )

    winner = split(run_at_once(extend))
    after = fresh(zaak)
    assert (after.extension_reason, after.deadline) == (winner.extension_reason, winner.deadline)
    assert timeline(zaak, GebeurtenisKind.VERDAAGD).count() == 1
    assert letters(zaak, BriefKind.VERDAGING).count() == 1


def test_simultaneous_decisions_on_one_objection_reverse_the_sanction_once(require_postgres, coach, teamleider, regel):
    person = ClientFactory(coach=coach)
    against = impose(coach, person, regel)
    zaak = assign_bezwaar(teamleider, register_bezwaar(coach, against), teamleider)
    zaak = services.bezwaar_hearing(
        request=request_as(teamleider),
        zaak=zaak,
        expected_version=zaak.version,
        skip="e",
        skip_note="Het bezwaar wordt helemaal toegewezen.",
    )

    def decide(i):
        return services.bezwaar_decide(
            request=request_as(teamleider), zaak=zaak, outcome="gegrond", motivation=f"M {i}", expected_version=None
        )

    split(run_at_once(decide))
    assert fresh(against).status == ZaakStatus.HERROEPEN
    assert timeline(against, GebeurtenisKind.HERROEPEN).count() == 1
    assert letters(zaak, BriefKind.BESLISSING_BEZWAAR).count() == 1


def test_simultaneous_objections_against_one_decision_register_one(require_postgres, coach, regel):
    person = ClientFactory(coach=coach)
    against = impose(coach, person, regel)

    def register(i):
        return register_bezwaar(coach, against, grounds=f"Bezwaar {i}")

    split(run_at_once(register))
    assert Zaak.objects.filter(soort="bezwaar", bezwaar__against=against).count() == 1
