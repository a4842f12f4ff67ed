from datetime import date

import pytest

from reintegratie.berichten.werkdagen import add_working_days, answer_due

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        (date(2026, 12, 7), date(2026, 12, 9)),  # Monday -> Wednesday
        (date(2026, 12, 10), date(2026, 12, 14)),  # Thursday -> over the weekend to Monday
        (date(2026, 12, 24), date(2026, 12, 29)),  # Christmas and the weekend do not count
        (date(2026, 12, 12), date(2026, 12, 15)),  # sent on a Saturday: Monday and Tuesday
        (date(2027, 4, 26), date(2027, 4, 29)),  # Koningsdag (27 April 2027) does not count
    ],
)
def test_the_answer_promise_counts_working_days_only(sent, due):
    assert answer_due(sent) == due


def test_the_promise_follows_the_setting(settings):
    settings.BERICHT_ANTWOORD_WERKDAGEN = 5
    assert answer_due(date(2026, 12, 7)) == date(2026, 12, 14)
    assert add_working_days(date(2026, 12, 7), 0) == date(2026, 12, 7)


def test_counting_back_skips_the_weekend_too():
    from reintegratie.werkdagen import add_working_days as shared

    assert shared(date(2026, 12, 7), -1) == date(2026, 12, 4)  # Monday -> Friday
    assert shared(date(2026, 12, 28), -1) == date(2026, 12, 24)  # over Christmas and the weekend
