"""Difficult words and phrases in municipal letters, each with a plain (B1) alternative.

This is the team's own list, written by us from everyday experience with letters to
clients. It is not copied from a licensed list (see DOMAIN.md §7: the npm
``moeilijke-woorden`` list carries no licence, so we do not reuse it).

How the checker uses it (``reintegratie.documents.plain_language.difficult_words``):

* Keys are lower case. A key is matched as whole word(s), case-insensitively.
  A phrase matches across any whitespace, including line breaks.
* ``INFLECTIONS`` lists other forms of a word. The forms are used wherever the word
  appears in a key, so ``"dienen": ("dient", ...)`` lets ``"dienen te"`` match
  "dient te" and "diende te".
* ``GAPPED_PHRASES`` are phrases whose last word may come up to
  ``MAX_GAP_WORDS`` words later in the same sentence: "U dient het formulier in te vullen".

How to extend it:

1. Add ``"word or phrase": "plain alternative"`` to ``DIFFICULT_WORDS`` (lower case key).
2. If the word is a verb, noun or adjective with other forms, add them to ``INFLECTIONS``.
3. Do NOT add words that clients know and that a letter has to use: "uitkering",
   "werkcoach", "afspraak", "bijstand", "bezwaar", "maatregel" and so on. A letter
   that must contain such a word could never pass the check.
4. Run ``tests/documents/test_plain_language.py``.
"""

DIFFICULT_WORDS: dict[str, str] = {
    # Linking words and adverbs
    "aangezien": "omdat",
    "aldus": "zo",
    "alhoewel": "hoewel",
    "alsmede": "en",
    "alvorens": "voordat",
    "behoudens": "behalve",
    "c.q.": "of",
    "conform": "volgens",
    "d.d.": "van (datum), of op",
    "dan wel": "of",
    "derhalve": "dus",
    "desalniettemin": "toch",
    "desgewenst": "als u dat wilt",
    "dientengevolge": "daardoor",
    "doch": "maar",
    "dusdanig": "zo",
    "echter": "maar",
    "eveneens": "ook",
    "hetgeen": "wat",
    "hieromtrent": "hierover",
    "hiertoe": "daarvoor",
    "daartoe": "daarvoor",
    "i.c.m.": "met, samen met",
    "indien": "als",
    "ingevolge": "volgens",
    "inzake": "over",
    "mede": "ook, of mee",
    "middels": "met, via",
    "mits": "als",
    "niettemin": "toch",
    "nochtans": "toch",
    "omtrent": "over",
    "onverminderd": "los van",
    "onverwijld": "meteen",
    "overeenkomstig": "volgens",
    "reeds": "al",
    "teneinde": "om",
    "ten einde": "om",
    "terzake": "hierover",
    "ter zake": "hierover",
    "tevens": "ook",
    "thans": "nu",
    "uiteraard": "natuurlijk",
    "uitsluitend": "alleen",
    "vermits": "omdat",
    "vooralsnog": "nu nog",
    "voorts": "verder, ook",
    "zijdens": "van, door",
    "zodoende": "daardoor",
    "zulks": "dat",
    # Multi-word phrases
    "bij dezen": "hierbij",
    "in afwachting van": "tot",
    "in het kader van": "voor, bij",
    "in verband met": "door, omdat",
    "met betrekking tot": "over",
    "met ingang van": "vanaf",
    "naar aanleiding van": "na, door",
    "op grond van": "volgens, door",
    "per omgaande": "meteen",
    "ten aanzien van": "over",
    "ten behoeve van": "voor",
    "ten gevolge van": "door",
    "ten laste van": "te betalen door",
    "ten spoedigste": "zo snel mogelijk",
    "ter attentie van": "voor",
    "zo spoedig mogelijk": "zo snel mogelijk",
    "in casu": "in dit geval",
    "dienen te": "moeten",
    "doen toekomen": "sturen",
    "in kennis stellen": "laten weten",
    "kenbaar maken": "laten weten",
    "zorg dragen voor": "zorgen voor",
    "ter hand stellen": "geven",
    # Verbs
    "aanwenden": "gebruiken",
    "bewerkstelligen": "zorgen voor",
    "evalueren": "bespreken hoe het gaat",
    "faciliteren": "mogelijk maken, helpen",
    "gelieve": "wilt u",
    "implementeren": "invoeren",
    "mededelen": "laten weten",
    "opschorten": "tijdelijk stoppen",
    "prolongeren": "verlengen",
    "restitueren": "terugbetalen",
    "retourneren": "terugsturen",
    "toezenden": "sturen",
    "trachten": "proberen",
    "verstrekken": "geven",
    "verzoeken": "vragen",
    "vorderen": "terugvragen, eisen",
    "woonachtig": "wonen",
    "zorgdragen": "zorgen",
    # Nouns and adjectives
    "aanvang": "begin",
    "adequaat": "goed, passend",
    "belanghebbende": "u, of de persoon om wie het gaat",
    "beschikking": "besluit",
    "betreffende": "over",
    "bijgaand": "bij deze brief",
    "desbetreffend": "die, deze",
    "frequentie": "hoe vaak",
    "gaarne": "graag",
    "inwerkingtreding": "start",
    "inzage": "bekijken",
    "medio": "half, midden",
    "nader": "later, meer",
    "onderhavig": "deze",
    "primair": "eerst, vooral",
    "prioriteit": "voorrang",
    "retour": "terug",
    "ultimo": "uiterlijk, op de laatste dag van",
    "urgent": "dringend",
    "voornemen": "plan",
    "voornoemd": "genoemd, deze",
}

# Other forms of words that occur in DIFFICULT_WORDS keys (base form -> other forms).
INFLECTIONS: dict[str, tuple[str, ...]] = {
    "aanwenden": ("aanwendt", "aanwendde", "aanwendden", "aangewend"),
    "adequaat": ("adequate",),
    "belanghebbende": ("belanghebbenden",),
    "beschikking": ("beschikkingen",),
    "bewerkstelligen": ("bewerkstelligt", "bewerkstelligde", "bewerkstelligd"),
    "desbetreffend": ("desbetreffende",),
    "dienen": ("dien", "dient", "diende", "dienden"),
    "doen": ("doe", "doet", "deed", "deden"),
    "dragen": ("draag", "draagt", "droeg", "droegen", "gedragen"),
    "evalueren": ("evalueer", "evalueert", "evalueerde", "evalueerden", "geëvalueerd"),
    "faciliteren": ("faciliteer", "faciliteert", "faciliteerde", "faciliteerden", "gefaciliteerd"),
    "implementeren": ("implementeer", "implementeert", "implementeerde", "implementeerden", "geïmplementeerd"),
    "maken": ("maak", "maakt", "maakte", "maakten", "gemaakt"),
    "mededelen": ("medegedeeld", "mededeling", "mededelingen"),
    "nader": ("nadere",),
    "onderhavig": ("onderhavige",),
    "opschorten": ("opgeschort",),
    "primair": ("primaire",),
    "prolongeren": ("prolongeer", "prolongeert", "prolongeerde", "geprolongeerd"),
    "restitueren": ("restitueer", "restitueert", "restitueerde", "gerestitueerd"),
    "retourneren": ("retourneer", "retourneert", "retourneerde", "retourneerden", "geretourneerd"),
    "stellen": ("stel", "stelt", "stelde", "stelden", "gesteld"),
    "toezenden": ("toegezonden",),
    "trachten": ("tracht", "trachtte", "trachtten", "getracht"),
    "urgent": ("urgente",),
    "verstrekken": ("verstrek", "verstrekt", "verstrekte", "verstrekten"),
    "verzoeken": ("verzoek", "verzoekt", "verzocht", "verzochten"),
    "vorderen": ("vorder", "vordert", "vorderde", "vorderden", "gevorderd"),
    "voornemen": ("voornemens",),
    "voornoemd": ("voornoemde",),
    "zorgdragen": ("zorgdraagt", "zorggedragen"),
}

# Phrases whose last word may follow a few words later in the sentence.
GAPPED_PHRASES: frozenset[str] = frozenset({"dienen te", "doen toekomen"})
MAX_GAP_WORDS = 8
