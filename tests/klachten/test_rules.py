"""rules.proposed_sanction, pure: the recidive arithmetic with numbers worked out by hand. No DB."""

import pytest

from klachten import rules
from klachten.rules import DEFAULT_RULES, proposed_sanction
from klachten.workflow import RecidiveEffect

# (percentage, duration) for recidive_count 0..4, by hand.
# Art. 18 lid 5-8: 1 month, then 2, then 3 each time, always 100 %.
# Verdubbeling: 1 -> 2 -> 4 (capped at 3) -> 3 -> 3; the percentage stays.
# Geen: never heavier.
EXPECTED = {
    RecidiveEffect.ART_18_LID_6_8: [(100, 1), (100, 2), (100, 3), (100, 3), (100, 3)],
    RecidiveEffect.DUUR_VERDUBBELD: [(30, 1), (30, 2), (30, 3), (30, 3), (30, 3)],
    RecidiveEffect.GEEN: [(30, 1), (30, 1), (30, 1), (30, 1), (30, 1)],
}
BASE = {RecidiveEffect.ART_18_LID_6_8: 100, RecidiveEffect.DUUR_VERDUBBELD: 30, RecidiveEffect.GEEN: 30}


@pytest.mark.parametrize("count", range(5))
@pytest.mark.parametrize("effect", list(RecidiveEffect))
def test_proposed_sanction_per_effect_and_count(effect, count):
    voorstel = proposed_sanction(
        percentage=BASE[effect], duration_months=1, recidive_effect=effect, recidive_count=count
    )
    assert (voorstel.percentage, voorstel.duration_months) == EXPECTED[effect][count]
    assert voorstel.explanation


@pytest.mark.parametrize(
    ("duration", "count", "months"),
    [
        (2, 0, 2),
        (2, 1, 3),  # 4, capped at 3
        (3, 1, 3),  # 6, capped at 3
        (4, 1, 4),  # longer than the cap already: never shorter than the verordening's own duration
        (4, 3, 4),
    ],
)
def test_doubling_is_capped_at_three_months_but_never_shortens(duration, count, months):
    voorstel = proposed_sanction(
        percentage=20, duration_months=duration, recidive_effect=RecidiveEffect.DUUR_VERDUBBELD, recidive_count=count
    )
    assert (voorstel.percentage, voorstel.duration_months) == (20, months)


def test_art18_repeat_is_100_percent_whatever_the_verordening_percentage():
    voorstel = proposed_sanction(
        percentage=40, duration_months=1, recidive_effect=RecidiveEffect.ART_18_LID_6_8, recidive_count=1
    )
    assert (voorstel.percentage, voorstel.duration_months) == (100, 2)
    assert "art. 18 lid 6" in voorstel.explanation


@pytest.mark.parametrize(("chain", "lid", "months"), [(1, 6, 2), (2, 7, 3), (3, 8, 3), (7, 8, 3)])
def test_art18_steps_follow_lid_6_to_8(chain, lid, months):
    assert rules.art18_lid(chain) == lid
    voorstel = proposed_sanction(
        percentage=100, duration_months=1, recidive_effect=RecidiveEffect.ART_18_LID_6_8, recidive_count=chain
    )
    assert (voorstel.percentage, voorstel.duration_months) == (100, months)
    assert f"art. 18 lid {lid})" in voorstel.explanation


def test_art18_lid_6_is_longer_than_the_verordenings_lid_5_period():
    # Lid 6: longer than the lid-5 period, at most 3 months.
    voorstel = proposed_sanction(
        percentage=100, duration_months=2, recidive_effect=RecidiveEffect.ART_18_LID_6_8, recidive_count=1
    )
    assert voorstel.duration_months == 3


def test_the_art18_text_is_chosen_by_the_breach_date():
    from datetime import date

    assert rules.art18_tekst(date(2026, 6, 1)) is rules.ART_18_TEKSTEN[-1]
    assert all(t.verified for t in rules.ART_18_TEKSTEN)  # an unverified text must not decide a sanction
    with pytest.raises(ValueError):
        rules.art18_lid(-1)


def test_first_time_explanation_and_repeat_explanation_are_dutch():
    first = proposed_sanction(
        percentage=30, duration_months=1, recidive_effect=RecidiveEffect.DUUR_VERDUBBELD, recidive_count=0
    )
    repeat = proposed_sanction(
        percentage=30, duration_months=1, recidive_effect=RecidiveEffect.DUUR_VERDUBBELD, recidive_count=2
    )
    assert first.explanation.startswith("Eerste keer")
    assert "2 keer eerder" in repeat.explanation and "hoogstens 3 maanden" in repeat.explanation


def test_negative_count_is_refused():
    with pytest.raises(ValueError, match="negative"):
        proposed_sanction(percentage=30, duration_months=1, recidive_effect=RecidiveEffect.GEEN, recidive_count=-1)


def test_default_rules_are_complete_and_within_the_model_limits():
    codes = [row["code"] for row in DEFAULT_RULES]
    assert len(codes) == len(set(codes)) == 6
    for row in DEFAULT_RULES:
        assert 1 <= row["percentage"] <= 100
        assert 1 <= row["duration_months"] <= 12
        assert row["recidive_effect"] in RecidiveEffect.values
    # The geüniformeerde arbeidsverplichting follows art. 18 lid 5-8 itself: 100 %, 1 month.
    arbeid = next(row for row in DEFAULT_RULES if row["code"] == "arbeidsverplichting")
    assert (arbeid["percentage"], arbeid["duration_months"], arbeid["recidive_effect"]) == (
        100,
        1,
        RecidiveEffect.ART_18_LID_6_8,
    )
    assert rules.DEFAULTS_VALID_FROM.year == 2015
