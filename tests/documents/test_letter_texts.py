"""Every letter template, filled with the demo data, is plain Dutch (B1)."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string

from clients.models import Client
from reintegratie.documents import letters
from reintegratie.documents.models import Brief, BriefKind
from reintegratie.documents.plain_language import check, html_to_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", quiet_logins=True)


def source_for(kind, client):
    if kind == BriefKind.VOORTGANGSRAPPORTAGE:
        return client
    if kind == BriefKind.PLAN_VAN_AANPAK:
        return client.plans.filter(status="akkoord").first()
    if kind == BriefKind.EINDRAPPORTAGE_TRAJECT:
        return client.trajecten.filter(status="afgerond").first()
    if kind == BriefKind.SAMENVATTING_INTAKE:
        return client.intakes.filter(status="afgerond").first()
    return client.afspraken.order_by("-starts_at").first()


def letters_for_demo_clients(kind, limit=12):
    clients = Client.objects.select_related("coach").order_by("client_number")
    if kind == BriefKind.SAMENVATTING_INTAKE:
        clients = clients.filter(intakes__status="afgerond")
    if kind == BriefKind.PLAN_VAN_AANPAK:
        clients = clients.filter(plans__status="akkoord")
    if kind == BriefKind.EINDRAPPORTAGE_TRAJECT:
        clients = clients.filter(trajecten__status="afgerond")
    for client in clients[:limit]:
        source = source_for(kind, client)
        brief = Brief(client=client, kind=kind, source_id=str(source.pk), version=1, personal_note="")
        template, context = letters.letter_context(brief)
        yield client, render_to_string(template, context)


@pytest.mark.parametrize("kind", list(letters.LETTERS))
def test_every_letter_template_passes_the_plain_language_checker(demo, kind):
    scores = []
    for client, html in letters_for_demo_clients(kind):
        result = check(html_to_text(html))
        scores.append(result.flesch_douma)
        assert result.words > 40, "the letter body is empty"
        assert result.flesch_douma >= 65, (client.client_number, result.as_dict())
        assert result.avg_sentence_length <= 15, (client.client_number, result.as_dict())
        assert result.difficult_words == [], (client.client_number, result.difficult_words)
        assert result.passes()
    assert scores, f"no demo client has a source for {kind}"
    print(f"{kind}: Flesch-Douma {min(scores)}–{max(scores)} over {len(scores)} demo clients")


def test_every_letter_kind_has_a_template_that_extends_the_letterhead():
    for kind, spec in letters.LETTERS.items():
        source = (settings.BASE_DIR / "templates" / spec.template).read_text(encoding="utf-8")
        assert source.startswith('{% extends "brieven/_briefhoofd.html" %}'), kind
