"""Agreements shared with the client are told to the client (issue 15): a coach may write them about
the client ("Cliënt zoekt uit …") or as herself ("Ik bel Anouk …"); the client reads "U …"."""

from types import SimpleNamespace

import pytest

from reintegratie.documents.wording import retell_agreement

ANOUK = SimpleNamespace(full_name="Anouk de Boer", first_name="Anouk")


@pytest.mark.parametrize(
    ("written", "told"),
    [
        (
            "Cliënt zoekt uit of de wijkteamhulp voor haar moeder uitgebreid kan worden.",
            "U zoekt uit of de wijkteamhulp voor uw moeder uitgebreid kan worden.",
        ),
        ("De cliënte is ziek en kan niet komen.", "U bent ziek en kunt niet komen."),
        ("Anouk neemt de brieven van schuldeisers mee.", "U neemt de brieven van schuldeisers mee."),
        ("Cliënt belt zijn werkgever.", "U belt uw werkgever."),
        ("Werkcoach belt cliënt over twee weken.", "Uw werkcoach belt u over twee weken."),
        ("Ik bel Anouk volgende week over de cursus.", "Uw werkcoach belt u volgende week over de cursus."),
        (
            "Cliënt kijkt of de uren te combineren zijn met de zorg.",
            "U kijkt of de uren te combineren zijn met de zorg.",
        ),
        # Written to the client already: left as it is.
        ("U neemt de brieven mee naar de volgende afspraak.", "U neemt de brieven mee naar de volgende afspraak."),
        (
            "Uw werkcoach zoekt een werkervaringsplaats en belt u volgende week.",
            "Uw werkcoach zoekt een werkervaringsplaats en belt u volgende week.",
        ),
    ],
)
def test_an_agreement_about_the_client_is_told_to_the_client(written, told):
    assert retell_agreement(written, ANOUK) == told


def test_what_cannot_be_retold_safely_is_quoted_never_guessed():
    # "ze" may be the neighbour: the letter shows what the coach wrote, as a quote.
    told = retell_agreement("Cliënt vraagt de buurvrouw of ze kan oppassen.", ANOUK)
    assert told == "Uw werkcoach schreef op: “Cliënt vraagt de buurvrouw of ze kan oppassen.”"


def test_each_line_is_retold_and_the_lines_are_kept():
    told = retell_agreement("Cliënt wil een cursus doen.\nIk zoek er een.", ANOUK)
    assert told == "U wilt een cursus doen.\nUw werkcoach zoekt er een."


@pytest.mark.parametrize(
    ("written", "told"),
    [
        ("Cliënt wil graag weer in een keuken werken.", "U wilt graag weer in een keuken werken."),
        ("Cliënt heeft schulden en wil hulp.", "U heeft schulden en wilt hulp."),
        ("Gesproken over werkervaring. Anouk belde af.", "Gesproken over werkervaring. U belde af."),
        # "ze" may be the client or her mother: quoted, never guessed.
        (
            "Cliënt vertelde over haar moeder. Twee ochtenden kan ze niet.",
            "Uw werkcoach schreef op: “Cliënt vertelde over haar moeder. Twee ochtenden kan ze niet.”",
        ),
        (
            "Cliënt mailde dat hij heeft gesolliciteerd.",
            "Uw werkcoach schreef op: “Cliënt mailde dat hij heeft gesolliciteerd.”",
        ),
        ("Eerste regel.\n\nTweede regel.", "Eerste regel.\n\nTweede regel."),
    ],
)
def test_a_summary_is_told_to_the_client_or_quoted(written, told):
    from reintegratie.documents.wording import retell_note

    assert retell_note(written, ANOUK) == told
