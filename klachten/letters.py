"""The letters about a zaak (complaint, sanction, objection): registered with the letter registry.

Each comes from the zaak's handler or from the municipality, never from the
person the zaak is about (:func:`klachten.selectors.letter_signer`).
"""

from reintegratie.documents.letters import register
from reintegratie.documents.models import BriefKind

from .models import Zaak
from .selectors import zaak_letter_context
from .workflow import Soort, ZaakStatus


def _build(brief):
    return zaak_letter_context(brief.source_id)


def _accepts(client, source):
    return isinstance(source, Zaak) and source.client_id == client.pk


def _sample(soort, **filters):
    return lambda client: client.zaken.filter(soort=soort, **filters).order_by("-pk").first()


#: kind -> (subject, kenmerk code, which zaak a preview uses)
ZAAK_LETTERS = {
    BriefKind.ONTVANGST_KLACHT: ("We hebben uw klacht ontvangen", "OKL", _sample(Soort.KLACHT)),
    BriefKind.BESLISSING_KLACHT: (
        "Ons antwoord op uw klacht",
        "BKL",
        _sample(Soort.KLACHT, status=ZaakStatus.AFGEHANDELD),
    ),
    BriefKind.VOORNEMEN_MAATREGEL: (
        "We willen uw uitkering verlagen: wat vindt u?",
        "VNM",
        _sample(Soort.MAATREGEL),
    ),
    BriefKind.BESLUIT_MAATREGEL: (
        "Besluit: we verlagen uw uitkering",
        "BSM",
        _sample(Soort.MAATREGEL, status=ZaakStatus.OPGELEGD),
    ),
    BriefKind.WAARSCHUWING: ("Een waarschuwing", "WSC", _sample(Soort.MAATREGEL)),
    BriefKind.GEEN_MAATREGEL: ("We verlagen uw uitkering niet", "GMR", _sample(Soort.MAATREGEL)),
    BriefKind.ONTVANGST_BEZWAAR: ("We hebben uw bezwaar ontvangen", "OBZ", _sample(Soort.BEZWAAR)),
    BriefKind.BESLISSING_BEZWAAR: ("Ons besluit over uw bezwaar", "BBZ", _sample(Soort.BEZWAAR)),
    BriefKind.VERDAGING: ("We hebben meer tijd nodig", "VDG", _sample(Soort.KLACHT)),
}

#: The kinds of letter about a zaak.
ZAAK_KINDS = frozenset(ZAAK_LETTERS)

for _kind, (_subject, _code, _sampler) in ZAAK_LETTERS.items():
    register(
        _kind,
        template=f"brieven/{_kind}.html",
        subject=_subject,
        code=_code,
        build=_build,
        accepts=_accepts,
        sample=_sampler,
        about_zaak=True,
    )
