"""Real plurals: no "doel(en)", "cliënt(en)", "maand(en)" on screen, and no "0 keer overgedragen"."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.auth import login

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
SOURCES = ["clients", "intake", "klachten", "trajecten", "reintegratie", "templates"]
# A word with its plural ending in brackets: doel(en), cliënt(en), dag(en), maand(en), keer(s).
BRACKET_PLURAL = re.compile(r"\w\((en|s|e|n)\)(?!s)")


def test_no_text_writes_a_plural_in_brackets():
    found = []
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                # Python's %(name)s placeholders are not plurals; in code only the strings are text.
                text = re.sub(r"%\(\w+\)s", "", line)
                if path.suffix == ".py":
                    text = " ".join(re.findall(r'"[^"]*"', text))
                if BRACKET_PLURAL.search(text):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert found == []


def test_a_client_never_handed_over_is_not_handed_over_zero_times(client, coach, client_obj):
    login(client, coach)
    html = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    assert "0 keer overgedragen" not in html
    assert "nog nooit overgedragen" in html
