"""Complaints, sanctions and objections KPIs on a hand-built set; the arithmetic is in the comments.

Period 1 January – 30 June 2026, Team Noord's clients c1–c3; f1 is Team Zuid's and never counts.
"""

from datetime import date

import pytest

from clients.models import Client
from klachten.models import Bezwaar, Klacht, Maatregel, SanctieRegel, Zaak
from reintegratie.reports import kpi_zaken
from reintegratie.reports.kpi import Period
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))


@pytest.fixture
def people(coach, other_coach, teamleider):
    return {
        "c": [ClientFactory(coach=coach) for _ in range(3)],
        "f1": ClientFactory(coach=other_coach),
        "team": Client.objects.visible_to(teamleider),
    }


def _zaak(client, soort, status, received, decided=None):
    return Zaak.objects.create(
        client=client,
        soort=soort,
        status=status,
        received_on=received,
        decided_on=decided,
        motivation="Zo besloten." if decided else "",
        created_by=client.coach,
    )


def _klacht(client, category, received, decided=None):
    status = "afgehandeld" if decided else "in_behandeling"
    zaak = _zaak(client, "klacht", status, received, decided)
    Klacht.objects.create(zaak=zaak, category=category, description="Wat er gebeurde.")


def test_complaints_per_category_and_decision_time(people):
    c1, c2, c3 = people["c"]
    _klacht(c1, "bereikbaarheid", date(2026, 1, 5), date(2026, 1, 25))  # received and decided: 20 days
    _klacht(c2, "bereikbaarheid", date(2026, 2, 1), date(2026, 3, 3))  # 30 days
    _klacht(c3, "bejegening", date(2026, 6, 20))  # received, not decided
    _klacht(c1, "brieven", date(2025, 12, 1), date(2026, 1, 11))  # received before, decided in: 41 days
    _klacht(c2, "brieven", date(2025, 10, 1), date(2025, 11, 1))  # all before the period
    _klacht(people["f1"], "bejegening", date(2026, 2, 1), date(2026, 2, 2))  # other team
    result = kpi_zaken.complaints(people["team"], PERIOD)
    rows = {r["category"]: (r["received"], r["decided"], r["avg_days"]) for r in result["by_category"]}
    # bereikbaarheid: 2 received, 2 decided, (20 + 30) / 2 = 25; bejegening 1/0; brieven 0 received, 1 decided, 41.
    assert rows == {"bereikbaarheid": (2, 2, 25.0), "bejegening": (1, 0, None), "brieven": (0, 1, 41.0)}
    # total: received 3, decided 3, (20 + 30 + 41) / 3 = 30.3
    assert result["total"] == {"received": 3, "decided": 3, "avg_days": 30.3}


def test_sanctions_per_category_and_share_with_a_hearing(people):
    c1, c2, c3 = people["c"]
    rule = SanctieRegel.objects.create(
        gemeente="Voorbeeldstad",
        code="afspraak",
        name="Niet op afspraak",
        description="Niet komen.",
        legal_basis="Art. 18",
        percentage=20,
        duration_months=1,
        valid_from=date(2020, 1, 1),
    )

    def maatregel(client, status, decided, heard, with_rule=True):
        zaak = _zaak(client, "maatregel", status, date(2026, 1, 2), decided)
        Maatregel.objects.create(
            zaak=zaak,
            rule=rule if with_rule else None,
            breach_on=date(2026, 1, 1),
            breach_description="Niet gekomen.",
            zienswijze_on=date(2026, 1, 20) if heard else None,
            culpability="volledig" if status in ("opgelegd", "herroepen") else "",
            percentage=20 if status in ("opgelegd", "herroepen") else None,
        )

    maatregel(c1, "opgelegd", date(2026, 2, 1), heard=True)
    maatregel(c2, "waarschuwing", date(2026, 2, 1), heard=False)
    maatregel(c3, "herroepen", date(2026, 3, 1), heard=True)
    maatregel(c1, "geen_maatregel", date(2026, 4, 1), heard=True, with_rule=False)
    maatregel(c2, "voornemen", None, heard=False)  # not decided
    maatregel(c3, "opgelegd", date(2025, 12, 1), heard=False)  # decided before
    maatregel(people["f1"], "opgelegd", date(2026, 2, 1), heard=False)  # other team
    result = kpi_zaken.sanctions(people["team"], PERIOD)
    rows = {r["category"]: r for r in result["by_category"]}
    # "Niet op afspraak": 3 decided; imposed 2 (opgelegd + herroepen), warning 1, revoked 1; heard 2 -> 2/3.
    rule_row = rows["Niet op afspraak"]
    assert (rule_row["decided"], rule_row["imposed"], rule_row["warning"], rule_row["revoked"]) == (3, 2, 1, 1)
    assert rule_row["heard_share"] == pytest.approx(2 / 3)
    # Without a category: 1 decided, no sanction, heard.
    assert (rows[""]["decided"], rows[""]["none"], rows[""]["heard"]) == (1, 1, 1)
    # Total: 4 decided, 3 heard: 3/4 = 0.75.
    assert (result["total"]["decided"], result["total"]["heard_share"]) == (4, 0.75)


def test_objections_and_their_outcome(people):
    c1, c2, c3 = people["c"]
    against = _zaak(c1, "maatregel", "opgelegd", date(2025, 11, 1), date(2025, 12, 1))

    def bezwaar(client, status, received, decided=None, outcome=""):
        zaak = _zaak(client, "bezwaar", status, received, decided)
        Bezwaar.objects.create(
            zaak=zaak,
            against=against,
            grounds="Niet eens.",
            decision_sent_on=date(2025, 12, 1),
            term_end=date(2026, 1, 12),
            outcome=outcome,
        )

    bezwaar(c1, "afgehandeld", date(2026, 1, 5), date(2026, 2, 16), "gegrond")  # 42 days
    bezwaar(c2, "afgehandeld", date(2026, 1, 10), date(2026, 3, 21), "ongegrond")  # 70 days
    bezwaar(c3, "ingetrokken", date(2026, 2, 1))  # withdrawn
    bezwaar(c1, "in_behandeling", date(2026, 6, 1))  # open
    bezwaar(c2, "afgehandeld", date(2025, 10, 1), date(2025, 12, 1), "ongegrond")  # before the period
    bezwaar(people["f1"], "afgehandeld", date(2026, 1, 5), date(2026, 2, 5), "gegrond")  # other team
    result = kpi_zaken.objections(people["team"], PERIOD)
    # received 4, of which withdrawn 1; decided 2: 1 gegrond, 1 ongegrond; upheld 1/2; (42 + 70) / 2 = 56 days.
    assert result == {
        "received": 4,
        "decided": 2,
        "withdrawn": 1,
        "gegrond": 1,
        "ongegrond": 1,
        "niet_ontvankelijk": 0,
        "avg_days": 56.0,
        "upheld_share": 0.5,
    }
