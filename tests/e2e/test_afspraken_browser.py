"""In a real browser: the client asks to move an appointment, the coach accepts, and both timelines tell it."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_client_asks_another_time_coach_accepts_and_both_timelines_show_it(page, live_server, demo_data, login):
    from django.utils import timezone

    from clients.models import Client, Verzetverzoek
    from reintegratie.dates import datum_tijd
    from reintegratie.outbox.models import Mail
    from tests.factories import AfspraakFactory

    client = Client.objects.get(user__username="klant")
    local = timezone.localtime(timezone.now() + timedelta(days=10)).replace(hour=10, minute=0, second=0, microsecond=0)
    afspraak = AfspraakFactory(client=client, starts_at=local, purpose="Gesprek over de cursus")
    wanted = local + timedelta(days=1, hours=4)  # the next day, 14:00

    login("klant")
    page.goto(f"{live_server.url}/mijn/afspraken/")
    page.get_by_role("link", name=re.compile(r"Andere tijd vragen\s*: Gesprek over de cursus")).click()
    page.get_by_label("Moment 1 dat u wel kunt").fill(wanted.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Waarom wilt u een andere tijd?").fill("Ik heb dan een sollicitatiegesprek.")
    page.get_by_role("button", name="Vraag versturen").click()
    expect(page.get_by_text("Uw vraag is naar uw werkcoach gestuurd.")).to_be_visible()
    expect(page.get_by_text("U vroeg om een andere tijd. Uw werkcoach kijkt ernaar.")).to_be_visible()

    page.context.clear_cookies()
    login("coach")
    page.goto(f"{live_server.url}/clienten/{client.pk}/")
    page.get_by_role("link", name="Andere tijd kiezen").click()
    page.get_by_label(datum_tijd(wanted)).check()
    page.get_by_role("button", name="Afspraak verzetten").click()
    expect(page.get_by_text("De afspraak is verzet. De cliënt krijgt een e-mail.")).to_be_visible()
    afspraak.refresh_from_db()
    assert afspraak.starts_at == wanted and afspraak.sequence == 1
    assert Verzetverzoek.objects.get(afspraak=afspraak).status == "geaccepteerd"
    assert Mail.objects.filter(key__startswith="afspraak-verzet:").count() == 1

    page.get_by_role("link", name="Tijdlijn", exact=True).click()
    old, new = datum_tijd(local), datum_tijd(wanted)
    expect(page.get_by_text(f"Afspraak Gesprek over de cursus verzet van {old} naar {new}")).to_be_visible()
    expect(page.get_by_text("Cliënt vraagt een andere tijd voor de afspraak Gesprek over de cursus")).to_be_visible()
    # The one story also holds her messages (the demo's thread, with her cv) and the coach's answer.
    expect(page.get_by_text("Bericht van de cliënt").first).to_be_visible()
    expect(page.get_by_text("Bericht aan de cliënt").first).to_be_visible()

    page.context.clear_cookies()
    login("klant")
    page.goto(f"{live_server.url}/mijn/")
    page.get_by_role("link", name=re.compile("Mijn tijdlijn: alles wat er gebeurde")).click()
    expect(page.get_by_text(f"Uw afspraak Gesprek over de cursus is verzet naar {new} uur.")).to_be_visible()
    expect(page.get_by_text("U vroeg om een andere tijd voor de afspraak Gesprek over de cursus")).to_be_visible()
    expect(page.get_by_text("U stuurde een bericht").first).to_be_visible()
    expect(page.get_by_text("Bericht van uw werkcoach").first).to_be_visible()
    page.get_by_label("Afspraken").check()
    page.get_by_role("button", name="Filter toepassen").click()
    expect(page).to_have_url(re.compile(r"/mijn/tijdlijn/\?soort=afspraken$"))
