"""The ALLOWED tables, pure: every allowed and every forbidden transition per soort. No DB."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from klachten.models import Zaak
from klachten.services.common import check_transition
from klachten.workflow import ALLOWED, CONTESTABLE, OPEN_STATUSES, Soort, ZaakStatus

CASES = [
    (soort, from_status, to_status, to_status in ALLOWED[soort].get(from_status, set()))
    for soort in Soort.values
    for from_status, to_status in itertools.product(ZaakStatus.values, repeat=2)
]
ALLOWED_CASES = [case[:3] for case in CASES if case[3]]
FORBIDDEN_CASES = [case[:3] for case in CASES if not case[3]]


def zaak(soort, status):
    return Zaak(soort=soort, status=status)


def test_the_product_covers_every_pair_of_statuses_for_every_soort():
    assert len(CASES) == len(Soort.values) * len(ZaakStatus.values) ** 2
    # By hand: klacht 3 + 3, maatregel 2 + 2 + 3 + 1 + 1, bezwaar 3 + 2.
    assert len(ALLOWED_CASES) == 6 + 9 + 5


@pytest.mark.parametrize(("soort", "from_status", "to_status"), ALLOWED_CASES)
def test_allowed_transition_passes(soort, from_status, to_status):
    check_transition(zaak(soort, from_status), to_status)


@pytest.mark.parametrize(("soort", "from_status", "to_status"), FORBIDDEN_CASES)
def test_forbidden_transition_is_refused_in_dutch(soort, from_status, to_status):
    with pytest.raises(ValidationError, match=r"met status '.+' kan niet naar '.+'") as refused:
        check_transition(zaak(soort, from_status), to_status)
    error = refused.value
    assert error.code == "transition"
    labels = dict(ZaakStatus.choices)
    soort_label = dict(Soort.choices)[soort].lower()
    assert error.messages == [
        f"Een {soort_label} met status '{labels[from_status]}' kan niet naar '{labels[to_status]}'."
    ]


def test_an_unknown_target_status_is_refused_with_its_raw_name():
    with pytest.raises(ValidationError, match="kan niet naar 'verzonnen'"):
        check_transition(zaak(Soort.KLACHT, ZaakStatus.ONTVANGEN), "verzonnen")


@pytest.mark.parametrize("soort", Soort.values)
def test_table_keys_and_targets_are_valid_statuses_and_every_target_has_a_row(soort):
    table = ALLOWED[soort]
    assert set(table) <= set(ZaakStatus.values)
    targets = set().union(*table.values())
    assert targets <= set(ZaakStatus.values)
    assert targets <= set(table), "a status reachable but without a row of its own"
    assert all(from_status not in to for from_status, to in table.items()), "no transition to the same status"


@pytest.mark.parametrize("soort", Soort.values)
def test_open_statuses_lead_somewhere_and_dead_ends_are_closed(soort):
    for status, targets in ALLOWED[soort].items():
        if status in OPEN_STATUSES:
            assert targets, f"{soort}: open status {status} has no way out"
        if not targets:
            assert status not in OPEN_STATUSES


def test_the_tables_use_their_own_vocabulary():
    klacht_bezwaar = {"ontvangen", "in_behandeling", "informeel_opgelost", "afgehandeld", "ingetrokken"}
    assert set(ALLOWED[Soort.KLACHT]) == klacht_bezwaar
    assert set(ALLOWED[Soort.BEZWAAR]) == klacht_bezwaar - {"informeel_opgelost"}
    assert set(ALLOWED[Soort.MAATREGEL]).isdisjoint(klacht_bezwaar)
    # Only sanction decisions can be contested, and only they can be reversed.
    assert {s for s, to in ALLOWED[Soort.MAATREGEL].items() if ZaakStatus.HERROEPEN in to} == CONTESTABLE
