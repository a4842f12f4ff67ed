"""Template filters for letters: ``{% load brieven %}``."""

from django import template

from ..wording import retell

register = template.Library()


@register.filter
def actie_voor(actie, client):
    """A plan action that is not the client's, told to the client: "Uw werkcoach zoekt … en belt u …"."""
    return retell(actie.text, actie.owner, client)
