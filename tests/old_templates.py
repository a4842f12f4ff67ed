"""Render pages with templates as they were before a loop or include became a Python tag.

``old_templates(settings, {name: [(new, old), …]})`` serves each named template with every ``new`` text
of its current file put back to the ``old`` text (and any extra template, such as a removed include,
given as ``{name: source}``) ahead of the files, so a test can ask for a page twice and compare.
"""

import copy
import re
from pathlib import Path

from django.conf import settings as django_settings


def template_source(name):
    return (Path(django_settings.BASE_DIR) / "templates" / name).read_text(encoding="utf-8")


def put_back(name, swaps):
    """The current source of ``name`` with each ``(new, old)`` text swapped back (each once)."""
    source = template_source(name)
    for new, old in swaps:
        assert source.count(new) == 1, f"{new!r} is not once in {name}"
        source = source.replace(new, old)
    return source


def old_templates(settings, changes, extra=None):
    sources = {name: put_back(name, swaps) for name, swaps in changes.items()} | (extra or {})
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", sources),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = templates


def stable(html):
    """A page without what differs between two requests: CSRF tokens and CSP nonces."""
    html = re.sub(r'(csrfmiddlewaretoken" value=")[^"]+', r"\1X", html)
    return re.sub(r'nonce="[^"]+"', 'nonce="X"', html)
