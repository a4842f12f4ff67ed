"""Wording for letters: a coach's note about the client, retold to the client.

A coach writes plan actions for herself in the first person and about the
client by name: "Ik zoek een taalcursus en bel Anouk daarover." A letter to
Anouk must not quote that. :func:`retell` turns it into "Uw werkcoach zoekt een
taalcursus en belt u daarover." It knows the common patterns only (a sentence
that starts with "Ik", "… ik" after a verb, verbs joined by "en"/"of", the
client's name); what it cannot retell safely it shows as what the owner wrote,
in quotes, never as the letter's own words.
"""

import re

#: Who does an action that is not the client's, as a letter names them.
OWNER_SUBJECT = {
    "werkcoach": "Uw werkcoach",
    "gemeente": "De gemeente",
    "aanbieder": "De aanbieder",
}

# Verbs whose third person is not "stem + t".
_IRREGULAR = {
    "ben": "is",
    "heb": "heeft",
    "kan": "kan",
    "wil": "wil",
    "zal": "zal",
    "mag": "mag",
    "ga": "gaat",
    "doe": "doet",
    "sta": "staat",
    "zie": "ziet",
    "sla": "slaat",
    "kom": "komt",
}
# First-person forms a coach writes in plan actions; only these are conjugated after "en"/"of"/inversion.
_VERBS = set(_IRREGULAR) | {
    "app",
    "bel",
    "bekijk",
    "bespreek",
    "betaal",
    "breng",
    "check",
    "controleer",
    "geef",
    "haal",
    "help",
    "hou",
    "houd",
    "informeer",
    "kijk",
    "koppel",
    "laat",
    "leg",
    "lever",
    "maak",
    "mail",
    "meld",
    "neem",
    "nodig",
    "onderzoek",
    "overleg",
    "plan",
    "regel",
    "schrijf",
    "spreek",
    "stuur",
    "verwijs",
    "vraag",
    "wijs",
    "zet",
    "zoek",
    "zorg",
}
_FIRST_PERSON = re.compile(r"\b(ik|mij|me|mijn|mezelf)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def third_person(verb):
    """'zoek' -> 'zoekt', 'ben' -> 'is', 'word' -> 'wordt', 'zet' -> 'zet'."""
    lower = verb.lower()
    if lower in _IRREGULAR:
        form = _IRREGULAR[lower]
    elif lower.endswith("t"):
        form = lower
    else:
        form = lower + "t"
    return form.capitalize() if verb[:1].isupper() else form


def _retell_sentence(sentence, subject):
    match = re.match(r"^\s*ik\s+(\w+)", sentence, re.IGNORECASE)
    if match:
        sentence = f"{subject} {third_person(match[1].lower())}" + sentence[match.end() :]
    # "Daarna bel ik …" -> "Daarna belt uw werkcoach …"
    sentence = re.sub(
        r"\b(\w+) ik\b",
        lambda m: f"{third_person(m[1])} {subject[0].lower()}{subject[1:]}" if m[1].lower() in _VERBS else m[0],
        sentence,
    )
    # "… en bel …" -> "… en belt …", only for verbs we know.
    return re.sub(
        r"\b(en|of) (\w+)\b",
        lambda m: f"{m[1]} {third_person(m[2])}" if m[2].lower() in _VERBS else m[0],
        sentence,
    )


def _name_to_you(text, client):
    names = [name for name in (client.full_name, client.first_name) if name]
    for name in names:
        text = re.sub(rf"\b{re.escape(name)}\b", "u", text)
    return text


def retell(text, owner, client):
    """An action written by its owner (coach, municipality, provider), as a letter to the client says it."""
    subject = OWNER_SUBJECT.get(owner, "Wij")
    text = " ".join(text.split())
    if not _FIRST_PERSON.search(text):
        return f"{subject}: {_name_to_you(text, client)}"
    told = " ".join(_retell_sentence(s, subject) for s in _SENTENCE_END.split(text))
    told = _name_to_you(told, client)
    if _FIRST_PERSON.search(told):
        return f"{subject} schreef in het plan: “{_name_to_you(text, client)}”"
    return told[:1].upper() + told[1:]


# An agreement written about the client: "Cliënt zoekt uit …", "De cliënte belt …", "Anouk neemt … mee".
_CLIENT_WORD = r"(?:de\s+)?(?:cli[eë]nte?|klant)"
# The few verbs whose form with "u" differs from the third person ("Cliënt is" -> "U bent").
_U_FORM = {"is": "bent", "kan": "kunt", "wil": "wilt", "zal": "zult"}
# "voor haar moeder" -> "voor uw moeder": a possessive after a preposition, in a sentence about the client.
_POSSESSIVE = re.compile(
    r"\b(voor|met|bij|aan|van|naar|over|op|in|uit|om|door|en|of)\s+(?:zijn|haar)\s+(?=[a-zà-ÿ])", re.IGNORECASE
)
# "zijn" is also the verb ("… te combineren zijn met …"): these words after it mean the verb.
_NOT_AFTER_POSSESSIVE = (
    "met|voor|bij|aan|van|naar|over|op|in|uit|om|door|en|of|te|niet|wel|nog|al|ook|er|dan|als|maar|want|dus"
)
# Left after retelling, these may point at the client or at someone else: then quote instead of guess.
_THIRD_PERSON = re.compile(
    rf"\b(?:hij|zij|ze|hem|haar)\b|\bzijn\s+(?!(?:{_NOT_AFTER_POSSESSIVE})\b)(?=[a-zà-ÿ]+\b)", re.IGNORECASE
)
# "Werkcoach belt …" at the start of a sentence: the client's own coach.
_COACH_SUBJECT = re.compile(r"^\s*(?:de\s+)?werkcoach\b", re.IGNORECASE)


def _client_subject(client):
    names = [re.escape(n) for n in (client.full_name, client.first_name) if n]
    who = "|".join([_CLIENT_WORD, *names])
    return re.compile(rf"^\s*(?:{who})\s+(\w+)", re.IGNORECASE)


def _retell_agreement_line(line, client):
    """One line of an agreement told to the client, or None when it cannot be retold safely."""
    subject = _client_subject(client)
    told = []
    for sentence in _SENTENCE_END.split(line):
        match = subject.match(sentence)
        if match:
            verb = match[1].lower()
            rest = sentence[match.end() :]
            # "Cliënt belt zijn werkgever" -> "U belt uw werkgever": the possessive right after the verb.
            rest = re.sub(r"^\s+(?:zijn|haar)\s+(?=[a-zà-ÿ])", " uw ", rest, flags=re.IGNORECASE)
            sentence = f"U {_U_FORM.get(verb, verb)}" + rest
            sentence = re.sub(
                r"\b(en|of) (is|kan|wil|zal)\b", lambda m: f"{m[1]} {_U_FORM[m[2].lower()]}", sentence, flags=re.I
            )
            sentence = _POSSESSIVE.sub(lambda m: f"{m[1]} uw ", sentence)
            if _THIRD_PERSON.search(sentence):
                return None
        elif _FIRST_PERSON.search(sentence):
            sentence = _retell_sentence(sentence, OWNER_SUBJECT["werkcoach"])
        else:
            sentence = _COACH_SUBJECT.sub(OWNER_SUBJECT["werkcoach"], sentence)
        told.append(sentence)
    text = " ".join(told)
    # "… belt cliënt volgende week" -> "… belt u volgende week".
    text = re.sub(rf"\b{_CLIENT_WORD}\b", "u", text, flags=re.IGNORECASE)
    text = _name_to_you(text, client)
    if _FIRST_PERSON.search(text):
        return None
    return text[:1].upper() + text[1:]


def _retell_lines(text, client, *, strict):
    """Each line told to the client, or quoted as the coach's words when it cannot be retold safely.
    ``strict``: also quote a line that still holds a third-person word after retelling."""
    lines = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            lines.append("")
            continue
        told = _retell_agreement_line(line, client)
        if told is None or (strict and _THIRD_PERSON.search(told)):
            told = f"Uw werkcoach schreef op: “{line}”"
        lines.append(told)
    return "\n".join(lines).strip()


def retell_agreement(text, client):
    """An agreement from a contact moment shared with the client, as a letter or the portal tells it.

    A coach writes "Cliënt zoekt uit …" or "Ik bel Anouk …"; the client reads "U zoekt uit …" and
    "Uw werkcoach belt u …". Agreements already written to the client ("U …") stay as they are.
    A line that cannot be retold safely (a "hij" or "haar" that may be someone else) is shown as
    what the coach wrote, in quotes, never as the letter's own words. Line breaks are kept.
    """
    return _retell_lines(text, client, strict=False)


def retell_note(text, client):
    """A contact moment's summary, shared with the client, as the portal tells it.

    A summary is written for colleagues ("Cliënt wil graag weer in een keuken werken"); the client
    reads "U wilt graag weer in een keuken werken". Stricter than :func:`retell_agreement`: a line
    that still holds "hij", "zij", "ze", "hem", "haar" or "zijn" after retelling may mean the client
    or someone else ("Twee ochtenden per week kan ze niet"), so the whole line is shown as what the
    coach wrote, in quotes. Line breaks are kept.
    """
    return _retell_lines(text, client, strict=True)


#: Flesch-Douma bands, highest first: 100 is very easy, 0 and below very hard; B1 letters score 65 or more.
READABILITY_BANDS = (
    (80, "heel makkelijk te lezen"),
    (65, "makkelijk te lezen"),
    (50, "vrij moeilijk"),
    (float("-inf"), "moeilijk"),
)


def describe_readability(score):
    """'87,8 van 100: heel makkelijk te lezen (doel: 65 of meer)'."""
    from django.utils.formats import number_format

    value = float(score)
    words = next(label for floor, label in READABILITY_BANDS if value >= floor)
    return f"{number_format(value, 1)} van 100: {words} (doel: 65 of meer)"
