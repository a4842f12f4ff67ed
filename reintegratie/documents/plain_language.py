"""Plain-language (B1) checker for Dutch letters.

Pure Python, no database, no network. It measures a text and gives tips a werkcoach can use:

* ``split_sentences`` / ``split_words`` / ``count_syllables``: the counts behind the formula.
* ``flesch_douma``: 206.835 − 0.93 × (words / sentences) − 77 × (syllables / words)
  (DOMAIN.md §7: 0.77 per 100 words is 77 per word; 206.835 is the constant textstat uses,
  DBNL rounds it to 206.8). The score is not clamped: very short, easy texts can score over 100.
* ``passive_sentences``: "worden" + past participle heuristic.
* ``difficult_words``: hits from the team's list in ``difficult_words.py``.
* ``check``: all of the above in one frozen ``Readability`` result, with ``passes()``,
  ``suggestions()`` (Dutch) and ``as_dict()`` (JSON, stored with every letter).
* ``html_to_text``: readable text from letter HTML (stdlib ``html.parser``).

Counting decisions:

* A word is a run of letters (accents included) with apostrophes or hyphens inside
  ("auto's", "re-integratie"). Numbers ("9.30", "1.250", "12.05.2026"), e-mail addresses,
  URLs and dotted abbreviations ("o.a.") each count as ONE word of ONE syllable.
  Reading "1.250" aloud takes more syllables, but numbers help readers, so we do not punish them.
* Headings, salutations and address lines without a full stop count as sentences of their
  own (as they are read that way). This makes letters score a little easier.
* Syllables: a Dutch vowel-cluster counter (``count_syllables``). pyphen's ``nl_NL`` patterns are
  not used: on the hand-labelled words in the tests they were clearly less accurate (they
  undercount hiatus and word edges: "ideaal" → ide-aal), and as a tie-breaker they made
  results worse, not better. See the test file for the measurement.
* Empty text (no words): ``flesch_douma`` returns 0.0, ``check`` gives a result with
  ``words == 0``, ``flesch_douma == 0.0`` and ``passes()`` is False.

Known limits: heuristics, not a parser. Passives with "zijn" ("uw aanvraag is afgewezen")
are not reported; some loanwords and abbreviations get approximate syllable counts; the
sentence splitter can be fooled by unknown abbreviations followed by a capital letter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from reintegratie.documents.difficult_words import (
    DIFFICULT_WORDS,
    GAPPED_PHRASES,
    INFLECTIONS,
    MAX_GAP_WORDS,
)

__all__ = [
    "Hit",
    "Readability",
    "check",
    "count_syllables",
    "difficult_words",
    "flesch_douma",
    "html_to_text",
    "passive_sentences",
    "split_sentences",
    "split_words",
]

CHECKER_VERSION = "1"
LONG_SENTENCE_WORDS = 20
DEFAULT_MIN_FLESCH = 65.0
DEFAULT_MAX_AVG_SENTENCE = 15.0

_L = r"[^\W\d_]"  # one letter, accents included


def _wordset(text: str) -> frozenset[str]:
    """Whitespace-separated words of ``text`` (keeps the long word lists below readable)."""
    return frozenset(text.split())


# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------

_URL = r"(?:https?://|www\.)[^\s<>\"]+?(?=[.,;:!?)\]'\"]*(?:\s|$))"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_DOMAIN = (
    r"(?<![\w.@])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:nl|com|org|net|eu|be|info)(?:/[^\s<>\"]*?)?(?=[.,;:!?)\]]*(?:\s|$))"
)
_DOTTED = rf"(?:{_L}{{1,3}}\.){{2,}}"  # o.a.  d.w.z.  t.a.v.  J.P.
_NUMBER = r"\d+(?:[.,:/-]\d+)*(?:,-{1,2})?(?:e|ste|de)?(?!\w)"
_WORD = rf"{_L}+(?:['’-]{_L}+)*"

_TOKEN_RE = re.compile(
    rf"(?P<url>{_URL})|(?P<email>{_EMAIL})|(?P<domain>{_DOMAIN})|(?P<dotted>{_DOTTED})"
    rf"|(?P<number>{_NUMBER})|(?P<word>{_WORD})",
    re.IGNORECASE,
)
_PLAIN_WORD_RE = re.compile(_WORD)


def split_words(text: str) -> list[str]:
    """Words of ``text``, in order.

    Letters-words keep inner apostrophes and hyphens ("auto's", "re-integratie").
    Numbers, e-mail addresses, URLs and dotted abbreviations are one word each.
    """
    return [m.group(0) for m in _TOKEN_RE.finditer(text)]


def _is_letterless_token(token: str) -> bool:
    return "@" in token or "://" in token or token.lower().startswith("www.") or not re.search(_L, token)


# ---------------------------------------------------------------------------
# Syllables
# ---------------------------------------------------------------------------

_VOWELS = frozenset("aeiou")
_CLUSTERS_3 = frozenset({"aai", "ooi", "oei", "ieu", "eeu", "eau"})
_CLUSTERS_2 = frozenset(
    {"aa", "ee", "oo", "uu", "ie", "oe", "eu", "ei", "ij", "ui", "ou", "au", "ai", "oi", "ey", "ay", "oy"}
)
# Loanwords whose spelling the Dutch rules get wrong (part -> syllables). Only parts that do not
# occur inside ordinary Dutch words ("site" would hit "universiteit", so only "website").
_LOANS: tuple[tuple[str, int], ...] = (
    ("website", 2),
    ("deadline", 2),
    ("offline", 2),
    ("online", 2),
    ("update", 2),
    ("service", 2),
    ("parttime", 2),
    ("fulltime", 2),
    ("phone", 1),
    ("coach", 1),
    ("team", 1),
)
# Initialisms read letter by letter that do contain a vowel letter.
_SPELLED = {"uwv": 3, "id": 2, "cjib": 4, "ind": 3}


def _letters(word: str) -> tuple[str, list[bool]]:
    """Lower-case base letters and, per letter, whether it carried a trema (diaeresis)."""
    base: list[str] = []
    trema: list[bool] = []
    for ch in unicodedata.normalize("NFKD", word.lower()):
        if unicodedata.combining(ch):
            if ch == "\u0308" and trema:
                trema[-1] = True
            continue
        base.append(ch)
        trema.append(False)
    return "".join(base), trema


def _count_part(part: str) -> int:
    """Syllables in one hyphen-free part of a word (0 when it has no vowel)."""
    base, trema = _letters(part)
    if not base:
        return 0
    if base in _SPELLED:
        return _SPELLED[base]
    count = 0
    chars = list(base)
    for loan, n in _LOANS:
        idx = base.find(loan)
        while idx != -1:
            count += n
            for k in range(idx, idx + len(loan)):
                chars[k] = "#"
            base = "".join(chars)
            idx = base.find(loan)
    n = len(chars)
    letters_only = [c for c in chars if c.isalpha()]
    if letters_only and not any(c in _VOWELS or c == "y" for c in letters_only) and count == 0:
        # cv, bsn, ggd: read letter by letter
        return len(letters_only) if len(letters_only) > 1 else 0

    def is_vowel(i: int) -> bool:
        c = chars[i]
        if c in _VOWELS:
            return not (c == "u" and i > 0 and chars[i - 1] == "q")
        if c == "y":  # vowel unless a vowel follows (yoga, royaal)
            return not (i + 1 < n and chars[i + 1] in _VOWELS)
        return False

    i = 0
    while i < n:
        if not is_vowel(i):
            i += 1
            continue
        count += 1
        step = 1
        for size, clusters in ((3, _CLUSTERS_3), (2, _CLUSTERS_2)):
            seg = "".join(chars[i : i + size])
            if (
                len(seg) == size
                and seg in clusters
                and not any(trema[i + 1 : i + size])  # a trema starts a new syllable
                and all(chars[k] != "y" or is_vowel(k) for k in range(i + 1, i + size))
            ):
                step = size
                break
        i += step
    # museum, jubileum, lyceum: "eu" is two syllables here
    if re.search(r"[^aeiou]eums?$", base):
        count += 1
    return count


def count_syllables(word: str) -> int:
    """Syllables in a Dutch word, by vowel clusters.

    Clusters (aa, ee, oo, uu, ie, oe, eu, ei, ij, ui, ou, au, ai, aai, ooi, oei, ieu, eeu, eau)
    count once; a trema (ë, ï, ü, ö, ä) starts a new syllable; "y" is a vowel unless a vowel
    follows; hyphen parts are counted separately ("re-integratie" = 5). Numbers, URLs and
    e-mail addresses count as 1. Any word with letters has at least 1 syllable.
    """
    word = word.strip()
    if not word:
        return 0
    if _is_letterless_token(word):
        return 1
    parts = re.split(r"[-‐‑–'’.]", word)
    return max(1, sum(_count_part(p) for p in parts if p))


# ---------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------

# Abbreviations that never end a sentence (a name, number or noun follows).
_ABBREV_NEVER_FINAL = _wordset(
    """
    bijv. bv. o.a. d.w.z. t.a.v. i.v.m. nr. tel. mr. dhr. mevr. mw. drs. ing. ir. dr. prof.
    m.b.t. i.p.v. ca. resp. art. n.a.v. c.q. d.d. i.c.m. m.i.v. t.b.v. o.b.v. i.s.m. i.o.m.
    m.u.v. zgn. evt. max. min. incl. excl. ong. blz. pag. vs. st. jr. sr. fam. vgl.
    """
)
# Abbreviations that may end a sentence: split only when a capital letter follows.
_ABBREV_MAY_END = _wordset("enz. etc. e.d. e.a. jl. a.s. z.s.m. a.u.b. s.v.p. t.z.t. z.o.z. lid.")

_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*•·–—▪◦]|\d{1,2}[.)]|[a-zA-Z]\))\s+")
_CANDIDATE_RE = re.compile(r"(?:[.!?…]+)[\"'”’)\]]*(?=\s|$)")
_INITIALS_RE = re.compile(rf"^(?:{_L}\.)+$")


def _split_lines(paragraph: str) -> list[str]:
    """Join wrapped lines; a line break ends a unit before a list item, a capital or a digit."""
    units: list[str] = []
    current = ""
    for raw in paragraph.split("\n"):
        line = raw.strip()
        if not line:
            continue
        is_item = bool(_LIST_MARKER_RE.match(line))
        if is_item:
            line = _LIST_MARKER_RE.sub("", line, count=1)
        if not current:
            current = line
            continue
        starts_lower = line[0].islower()
        prev_closed = current[-1] in ".!?:;"
        if is_item or not starts_lower or prev_closed:
            units.append(current)
            current = line
        else:
            current = f"{current} {line}"
    if current:
        units.append(current)
    return units


def _is_boundary(block: str, match: re.Match[str]) -> bool:
    punct = match.group(0)
    rest = block[match.end() :].lstrip()
    if not rest:
        return True
    nxt = rest[0]
    if any(c in punct for c in "!?…") or ".." in punct:
        return True
    if nxt.islower():
        return False  # a new Dutch sentence does not start in lower case
    original = block[: match.end()].rsplit(None, 1)[-1].lstrip("([\"'‘“").rstrip("\"'”’)]")
    token = original.lower()
    if token in _ABBREV_NEVER_FINAL:
        return False
    if token in _ABBREV_MAY_END:
        return not nxt.isdigit()
    # J. de Vries, J.P. Jansen: capital initials do not end a sentence
    return not (_INITIALS_RE.match(original) and original.isupper() and len(original) <= 8)


def _split_block(block: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _CANDIDATE_RE.finditer(block):
        if _is_boundary(block, m):
            out.append(block[start : m.end()])
            start = m.end()
    out.append(block[start:])
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``.

    Splits on . ! ? and …; on blank lines; and on single line breaks before a list item,
    a capital or a digit (a lower-case next line is a wrapped continuation). Does not split
    after Dutch abbreviations, initials, inside numbers, times, dates, e-mail addresses or
    URLs. Fragments without any word (e.g. "-----") are dropped.
    """
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    sentences: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        for unit in _split_lines(paragraph):
            for piece in _split_block(unit):
                sentence = " ".join(piece.split())
                if sentence and split_words(sentence):
                    sentences.append(sentence)
    return sentences


# ---------------------------------------------------------------------------
# Flesch-Douma
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counts:
    sentences: list[str]
    words_per_sentence: list[int]
    syllables: int

    @property
    def words(self) -> int:
        return sum(self.words_per_sentence)


def _counts(text: str) -> _Counts:
    sentences = split_sentences(text)
    per_sentence: list[int] = []
    syllables = 0
    for sentence in sentences:
        words = split_words(sentence)
        per_sentence.append(len(words))
        syllables += sum(count_syllables(w) for w in words)
    return _Counts(sentences, per_sentence, syllables)


def _flesch(words: int, sentences: int, syllables: int) -> float:
    if not words or not sentences:
        return 0.0
    return 206.835 - 0.93 * (words / sentences) - 77 * (syllables / words)


def flesch_douma(text: str) -> float:
    """Flesch-Douma reading ease (unrounded). 0.0 for text without words."""
    c = _counts(text)
    return _flesch(c.words, len(c.sentences), c.syllables)


# ---------------------------------------------------------------------------
# Passive sentences
# ---------------------------------------------------------------------------

_WORDEN = frozenset({"word", "wordt", "worden", "werd", "werden", "geworden"})
_HEBBEN = frozenset({"heb", "hebt", "heeft", "hebben", "had", "hadden", "gehad"})
_ZIJN = frozenset({"ben", "bent", "is", "zijn", "was", "waren", "geweest"})
_PARTICLES = tuple(
    sorted(
        _wordset("""aan af bij door in mee na om op over terug toe uit vast voor weg stop samen tegen achter
        neer rond los kwijt vrij dicht open klaar tegemoet voort onder"""),
        key=len,
        reverse=True,
    )
)
_PREFIXES = ("onder", "over", "ver", "ont", "her", "be", "er")
# Participles of prefixed strong verbs (no ge-, ending in -en) that are safe to count.
_STRONG_PARTICIPLES = _wordset(
    """ontvangen ontslagen ontbonden ontnomen ontheven onttrokken herzien herschreven herkozen herroepen
    besproken bekeken bevonden bewezen begrepen beschreven betrokken bevolen bedrogen begonnen
    verboden vergeten verkregen verzonden vervangen verschenen verworven verweten verzwegen verbonden
    verloren vertrokken verwezen vermeden verlaten verheven verschoven verdreven voorzien
    onderworpen overwogen"""
)
# Words shaped like participles that are nouns, adjectives or present tense forms.
_NOT_PARTICIPLES = _wordset(
    """gebied geduld geluid gebed gebod gezond gezicht gewicht gerecht gedicht geest gebit gevecht
    gesticht gehucht geschrift genot gewest geschikt gerust gewend gemiddeld gelet
    gebeurt geldt geeft gelooft geniet gewent gebiedt
    gebruiken geloven gebeuren genieten gelden geven getuigen gewennen gehoorzamen geraken
    gesprekken gevolgen gebouwen gedachten gebeurtenissen gemeenten gewoonten gezinnen geheimen
    gebieden gelegenheden gebreken gedeelten geschenken gerechten gevallen geluiden getallen
    gewichten gezichten geheugen geleden
    afgelopen ingewikkeld
    bestand verband beleid verstand verbod bekend bereid beroemd verliefd bevoegd verkeerd
    bericht bewust herfst ontvangst
    onderhand overeenkomst overzicht overwicht ondergrond voorbeeld voorbehoud"""
)


def _core_participle(t: str) -> bool:
    if t in _NOT_PARTICIPLES or len(t) < 5:
        return False
    if t in _STRONG_PARTICIPLES:
        return True
    if t.endswith("dt") or t.endswith("heid"):
        return False
    if t.endswith("end") and not t.endswith(("kend", "wend")):
        return False  # present participle: verschillend, betreffend
    if t.startswith("ge"):
        return t.endswith(("d", "t", "en", "aan"))
    for prefix in _PREFIXES:
        if t.startswith(prefix) and len(t) - len(prefix) >= 4:
            if t.endswith("d"):
                return True
            # -t only after 't kofschip consonants (verwerkt, verplicht, verplaatst), so "verdient",
            # "betekent", "verandert" and "verhuist" (present tense) are not taken for participles.
            return t.endswith(("kt", "ft", "pt", "xt", "cht", "tst"))
    return False


def _is_participle(token: str) -> bool:
    t = token.lower()
    if t in _NOT_PARTICIPLES:
        return False
    if _core_participle(t):
        return True
    for particle in _PARTICLES:
        if t.startswith(particle) and len(t) - len(particle) >= 5:
            rest = t[len(particle) :]
            if rest.startswith(("ge", *_PREFIXES)) and _core_participle(rest):
                return True
    return False


def _passive_match(sentence: str) -> tuple[str, str] | None:
    """(worden form, participle) when the sentence looks passive."""
    tokens = [m.group(0) for m in _PLAIN_WORD_RE.finditer(sentence)]
    lower = [t.lower() for t in tokens]
    worden_at = [i for i, t in enumerate(lower) if t in _WORDEN]
    if not worden_at:
        return None
    with_geworden = "geworden" in lower
    competing = _HEBBEN if with_geworden else _HEBBEN | _ZIJN
    other_at = [i for i, t in enumerate(lower) if t in competing]
    for i, t in enumerate(lower):
        if t in _WORDEN or not _is_participle(t):
            continue
        # The participle belongs to the nearest auxiliary: "wordt lager omdat u iets heeft gekregen".
        w = min(worden_at, key=lambda j: (abs(j - i), j > i))
        if other_at:
            o = min(other_at, key=lambda j: (abs(j - i), j > i))
            if (abs(o - i), o > i) < (abs(w - i), w > i):
                continue
        return tokens[w], tokens[i]
    return None


def passive_sentences(sentences: list[str] | str) -> list[str]:
    """Sentences with a form of "worden" plus a past participle that belongs to it.

    "wordt duidelijk" (no participle) is not passive; nor is "wordt lager omdat u ... heeft
    gekregen" (the participle belongs to "heeft"). "is betaald geworden" is passive.
    Passives with "zijn" alone ("is afgewezen") are not reported. A string is split first.
    """
    if isinstance(sentences, str):
        sentences = split_sentences(sentences)
    return [s for s in sentences if _passive_match(s)]


# ---------------------------------------------------------------------------
# Difficult words
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A difficult word or phrase found in the text.

    ``word`` is the text as found ("Indien", "dient te"; for a phrase with words in between:
    "dient … te"), ``position`` its character offset in the checked text, ``suggestion`` the
    plain alternative and ``term`` the entry in ``DIFFICULT_WORDS``.
    """

    word: str
    position: int
    suggestion: str
    term: str = ""


def _word_alternatives(word: str) -> str:
    forms = [word, *INFLECTIONS.get(word, ())]
    forms.sort(key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")"


@lru_cache(maxsize=1)
def _difficult_patterns() -> list[tuple[str, re.Pattern[str], bool]]:
    patterns = []
    for term in sorted(DIFFICULT_WORDS, key=len, reverse=True):
        words = term.split()
        gapped = term in GAPPED_PHRASES and len(words) > 1
        if gapped:
            head = r"\s+".join(_word_alternatives(w) for w in words[:-1])
            gap = rf"(?:\s+[^\s.!?;:]+){{0,{MAX_GAP_WORDS}}}?"
            body = rf"(?P<head>{head}){gap}\s+(?P<tail>{_word_alternatives(words[-1])})"
        else:
            body = r"\s+".join(_word_alternatives(w) for w in words)
        # Whole words only; an abbreviation like "c.q." ends in a dot, so only letters count.
        pattern = re.compile(rf"(?<![\w-]){body}(?![\w-]|\.\w)", re.IGNORECASE)
        patterns.append((term, pattern, gapped))
    return patterns


def difficult_words(text: str) -> list[Hit]:
    """Hits from ``DIFFICULT_WORDS`` in ``text``, in order of position.

    Whole words, case-insensitive, inflected forms from ``INFLECTIONS``; when hits overlap the
    longer phrase wins ("ten aanzien van" rather than a shorter entry inside it).
    """
    if not text:
        return []
    found: list[tuple[int, int, Hit]] = []
    for term, pattern, gapped in _difficult_patterns():
        for m in pattern.finditer(text):
            word = " ".join(m.group(0).split())
            if gapped and m.group(0)[m.end("head") - m.start() : m.start("tail") - m.start()].strip():
                word = f"{m.group('head')} … {m.group('tail')}"
            found.append((m.start(), m.end(), Hit(word, m.start(), DIFFICULT_WORDS[term], term)))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    hits: list[Hit] = []
    last_end = -1
    for start, end, hit in found:
        if start < last_end:
            continue
        hits.append(hit)
        last_end = end
    return hits


# ---------------------------------------------------------------------------
# check()
# ---------------------------------------------------------------------------


def _nl_number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _opening(sentence: str, words: int = 8) -> str:
    parts = sentence.split()
    if len(parts) <= words:
        return sentence
    return " ".join(parts[:words]) + " …"


@dataclass(frozen=True)
class Readability:
    """Result of ``check``. Lists are for reading; do not change them."""

    flesch_douma: float
    words: int
    sentences: int
    avg_sentence_length: float
    long_sentence_share: float
    passive_sentences: list[str]
    difficult_words: list[Hit]
    long_sentences: list[str] = field(default_factory=list)
    syllables: int = 0

    def passes(
        self, min_flesch: float = DEFAULT_MIN_FLESCH, max_avg_sentence: float = DEFAULT_MAX_AVG_SENTENCE
    ) -> bool:
        """True when Flesch-Douma ≥ ``min_flesch``, average sentence ≤ ``max_avg_sentence`` words
        and no difficult words. Passive sentences give tips but do not fail the check.
        Text without words never passes."""
        return (
            self.words > 0
            and self.flesch_douma >= min_flesch
            and self.avg_sentence_length <= max_avg_sentence
            and not self.difficult_words
        )

    def suggestions(
        self, min_flesch: float = DEFAULT_MIN_FLESCH, max_avg_sentence: float = DEFAULT_MAX_AVG_SENTENCE
    ) -> list[str]:
        """Tips in plain Dutch for the writer of the letter, most useful first."""
        if self.words == 0:
            return ["Er staat nog geen tekst in de brief."]
        tips: list[str] = []
        seen: set[str] = set()
        for hit in self.difficult_words:
            key = hit.word.lower()
            if key in seen:
                continue
            seen.add(key)
            tips.append(f"Gebruik '{hit.suggestion}' in plaats van '{key}'.")
        for sentence in self.long_sentences:
            n = len(split_words(sentence))
            tips.append(f"Deze zin is lang ({n} woorden). Maak er twee zinnen van: “{_opening(sentence)}”")
        for sentence in self.passive_sentences:
            match = _passive_match(sentence)
            what = f"{match[0]} … {match[1]}" if match else "worden"
            tips.append(f"Deze zin is lijdend ({what}). Schrijf wie iets doet: “{_opening(sentence)}”")
        if self.avg_sentence_length > max_avg_sentence:
            tips.append(
                f"De zinnen zijn gemiddeld {_nl_number(self.avg_sentence_length)} woorden lang. "
                f"Probeer gemiddeld {max_avg_sentence:g} woorden of minder."
            )
        if self.flesch_douma < min_flesch:
            tips.append(
                f"De tekst is moeilijk te lezen (Flesch-Douma {_nl_number(self.flesch_douma)}, "
                f"doel {min_flesch:g} of hoger). Gebruik kortere woorden en kortere zinnen."
            )
        return tips

    def as_dict(self) -> dict:
        """JSON-serialisable summary, to store with every letter."""
        data = asdict(self)
        data["difficult_words"] = [asdict(h) for h in self.difficult_words]
        data["passes"] = self.passes()
        data["thresholds"] = {
            "min_flesch": DEFAULT_MIN_FLESCH,
            "max_avg_sentence": DEFAULT_MAX_AVG_SENTENCE,
            "long_sentence_words": LONG_SENTENCE_WORDS,
        }
        data["checker_version"] = CHECKER_VERSION
        return data


def check(text: str) -> Readability:
    """Measure ``text`` (plain text; use ``html_to_text`` first for HTML)."""
    c = _counts(text or "")
    n_sentences = len(c.sentences)
    words = c.words
    long_sentences = [s for s, n in zip(c.sentences, c.words_per_sentence, strict=True) if n > LONG_SENTENCE_WORDS]
    return Readability(
        flesch_douma=round(_flesch(words, n_sentences, c.syllables), 1),
        words=words,
        sentences=n_sentences,
        avg_sentence_length=round(words / n_sentences, 1) if n_sentences else 0.0,
        long_sentence_share=round(len(long_sentences) / n_sentences, 2) if n_sentences else 0.0,
        passive_sentences=passive_sentences(c.sentences),
        difficult_words=difficult_words(text or ""),
        long_sentences=long_sentences,
        syllables=c.syllables,
    )


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

_SKIP_TAGS = frozenset({"style", "script", "head", "title", "noscript", "template"})
_BLOCK_TAGS = _wordset(
    """p li h1 h2 h3 h4 h5 h6 td th tr div table thead tbody tfoot ul ol dl dt dd section article
    header footer main nav aside blockquote address pre hr caption figcaption figure form fieldset
    legend body"""
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "body":
            self.skip = 0  # a <head> without </head>
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Readable text from letter HTML.

    Skips <head>, <style>, <script> (and <title>, <noscript>, <template>). Block elements
    (p, li, h1–h6, td, th, div, …) become paragraphs, so list items and table cells are
    sentences of their own; <br> becomes a line break, which ``split_sentences`` treats as
    a boundary unless the next line starts with a lower-case letter.
    """
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
