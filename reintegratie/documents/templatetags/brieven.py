"""Template filters for letters: ``{% load brieven %}``."""

from django import template

from ..wording import describe_readability, retell, retell_agreement, retell_note

register = template.Library()


@register.filter
def actie_voor(actie, client):
    """A plan action that is not the client's, told to the client: "Uw werkcoach zoekt … en belt u …"."""
    return retell(actie.text, actie.owner, client)


@register.filter
def afspraak_voor(agreements, client):
    """A contact moment's agreements, told to the client: "Cliënt zoekt uit …" becomes "U zoekt uit …"."""
    return retell_agreement(agreements or "", client)


@register.filter
def samenvatting_voor(summary, client):
    """A contact moment's summary, told to the client: "Cliënt wil …" becomes "U wilt …"."""
    return retell_note(summary or "", client)


@register.filter
def leesbaarheid(score):
    """A Flesch-Douma score with its scale in words: "87,8 van 100: makkelijk te lezen (doel: 65 of meer)"."""
    if score is None or score == "":
        return "–"
    return describe_readability(score)
