"""The letter registry: which kinds of letter exist, and what each one says.

Like Django's admin, each feature app registers its own letter kinds from a
``letters.py`` module of its own (found by :func:`autodiscover`, called from
``DocumentsConfig.ready()``)::

    from reintegratie.documents.letters import register

    register(
        BriefKind.PLAN_VAN_AANPAK,
        template="brieven/plan_van_aanpak.html",
        subject="Uw plan van aanpak",
        code="PVA",
        build=_plan_context,          # brief -> dict, read from the database at render time
        accepts=_is_clients_plan,     # (client, source) -> bool
        sample=_a_plan_of,            # client -> a source for a preview, or None
    )

This package imports no feature app: it knows a letter's kind, its client and
its source (a generic relation), and asks the registered spec for the rest.
A letter's context is built from the database at render time, so a letter
always shows the data as it was when it was made.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import BriefKind

#: A kenmerk code is two to four capitals; each kind has its own.
_CODE_RE = re.compile(r"^[A-Z]{2,4}$")


@dataclass(frozen=True)
class LetterSpec:
    kind: str
    template: str
    subject: str
    code: str
    build: Callable[[Any], dict]
    accepts: Callable[[Any, Any], bool]
    sample: Callable[[Any], Any] | None = None
    #: A letter about a zaak: it comes from the zaak's handler or the municipality, never the coach.
    about_zaak: bool = False


#: kind -> LetterSpec, filled by the apps' letters.py modules.
LETTERS: dict[str, LetterSpec] = {}


def register(kind, *, template, subject, code, build, accepts, sample=None, about_zaak=False):
    """Register one letter kind. Each kind once, each kenmerk code once."""
    if kind not in BriefKind.values:
        raise ValueError(f"unknown letter kind {kind!r}: add it to BriefKind first")
    if kind in LETTERS:
        raise ValueError(f"letter kind {kind!r} is registered twice")
    if not _CODE_RE.match(code):
        raise ValueError(f"kenmerk code {code!r} must be two to four capitals")
    if code in {spec.code for spec in LETTERS.values()}:
        raise ValueError(f"kenmerk code {code!r} is used by another letter kind")
    LETTERS[kind] = LetterSpec(
        kind=kind,
        template=template,
        subject=subject,
        code=code,
        build=build,
        accepts=accepts,
        sample=sample,
        about_zaak=about_zaak,
    )
    return LETTERS[kind]


def autodiscover():
    """Import every installed app's ``letters`` module, so it registers its kinds."""
    autodiscover_modules("letters")


def code_for(kind):
    """The kenmerk code of a kind, e.g. ``VGR`` for a voortgangsrapportage."""
    return LETTERS[kind].code


def zaak_kinds():
    """The kinds of letter about a zaak (complaint, sanction, objection)."""
    return frozenset(kind for kind, spec in LETTERS.items() if spec.about_zaak)


def _common(brief):
    client = brief.client
    return {
        "gemeente": settings.GEMEENTE_NAAM,
        "gemeente_telefoon": settings.GEMEENTE_TELEFOON,
        "brief": brief,
        "client": client,
        "coach": client.coach,
        # The letter is dated on the day it was made; rendering it again later keeps that date.
        "today": timezone.localtime(brief.created_at).date() if brief.created_at else timezone.localdate(),
        "reference": brief.reference,
        "personal_note": brief.personal_note,
    }


def letter_context(brief):
    """Return the template name and context for this letter."""
    spec = LETTERS[brief.kind]
    context = _common(brief)
    context["subject"] = spec.subject
    context["about_zaak"] = spec.about_zaak
    context.update(spec.build(brief))
    return spec.template, context


def source_for(kind, client, source):
    """Check that a letter's source fits its kind and belongs to the client."""
    spec = LETTERS.get(kind)
    return spec is not None and bool(spec.accepts(client, source))


def sample_source(kind, client):
    """A source of this kind for this client (previews, tests), or None."""
    spec = LETTERS.get(kind)
    if spec is None or spec.sample is None:
        return None
    return spec.sample(client)
