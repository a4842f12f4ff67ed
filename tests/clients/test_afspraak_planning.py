"""Planning an appointment: warnings on odd times, the invitation in the same step, video calls."""

from datetime import date, datetime, timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clients import services
from clients.afspraak_times import afspraak_warnings
from clients.models import Afspraak
from reintegratie.documents import letters
from reintegratie.documents.models import Brief
from reintegratie.documents.plain_language import html_to_text
from tests.auth import login
from tests.trajecten.helpers import request_as

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def next_christmas():
    today = timezone.localdate()
    christmas = date(today.year, 12, 25)
    return christmas if christmas > today else date(today.year + 1, 12, 25)


def next_weekday(weekday, after_days=2):
    day = timezone.localdate() + timedelta(days=after_days)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def test_odd_times_give_plain_warnings():
    assert afspraak_warnings(at(date(2026, 12, 8), 10), 45) == []  # a Tuesday morning
    christmas_night = afspraak_warnings(at(date(2026, 12, 25), 3), 45)
    assert "25 december 2026 is een feestdag (Eerste Kerstdag)." in christmas_night
    assert any("buiten kantooruren" in w for w in christmas_night)
    sunday = afspraak_warnings(at(date(2026, 12, 6), 11), 45)
    assert sunday == ["6 december 2026 is een zondag. Dan is het gemeentehuis dicht."]
    # Ends after closing time (18.00 by default).
    assert any("buiten kantooruren" in w for w in afspraak_warnings(at(date(2026, 12, 8), 17, 30), 45))


def test_office_hours_come_from_the_settings(settings):
    settings.OFFICE_OPENS, settings.OFFICE_CLOSES = "07:00", "21:00"
    assert afspraak_warnings(at(date(2026, 12, 8), 19), 60) == []
    warning = afspraak_warnings(at(date(2026, 12, 8), 6, 30), 30)[0]
    assert "van 7.00 tot 21.00 uur" in warning


def _post(client, client_obj, when, **extra):
    data = {
        "starts_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "45",
        "mode": "op_locatie",
        "place": "Stadswinkel, balie 3",
        "video_link": "",
        "purpose": "Voortgangsgesprek",
        "invitation": "uitnodiging_afspraak",
        **extra,
    }
    return client.post(reverse("clients:afspraak-create", kwargs={"client_id": client_obj.pk}), data)


def test_christmas_at_three_at_night_asks_to_confirm_first(client, coach, client_obj):
    login(client, coach)
    when = at(next_christmas(), 3)
    response = _post(client, client_obj, when)
    html = response.content.decode()
    assert response.status_code == 200
    assert "is een feestdag (Eerste Kerstdag)" in html and "buiten kantooruren" in html
    assert "Toch plannen" in html
    assert not Afspraak.objects.exists() and not Brief.objects.exists()

    response = _post(client, client_obj, when, confirm_time="1")
    assert response.status_code == 302
    assert Afspraak.objects.get().starts_at == when


def test_planning_sends_the_invitation_in_the_same_step(client, coach, client_obj):
    login(client, coach)
    when = at(next_weekday(1), 10)
    response = _post(client, client_obj, when)
    assert response.status_code == 302
    afspraak = Afspraak.objects.get()
    brief = Brief.objects.get(client=client_obj)
    assert (brief.kind, brief.source_id) == ("uitnodiging_afspraak", str(afspraak.pk))
    page = client.get(response["Location"]).content.decode()
    assert "De afspraak is gepland. De uitnodiging wordt gemaakt" in page


def test_the_coach_may_choose_not_to_invite(client, coach, client_obj):
    login(client, coach)
    response = _post(client, client_obj, at(next_weekday(2), 14), invitation="geen")
    assert response.status_code == 302
    assert Afspraak.objects.count() == 1 and not Brief.objects.exists()
    assert "Er is geen uitnodiging gestuurd." in client.get(response["Location"]).content.decode()


def test_a_video_call_needs_a_link_and_its_invitation_asks_for_no_id(coach, client_obj):
    when = at(next_weekday(3), 11)
    with pytest.raises(services.ValidationError) as refused:
        services.afspraak_create(
            request=request_as(coach), client=client_obj, starts_at=when, mode="video", purpose="Gesprek"
        )
    assert "video_link" in refused.value.message_dict
    afspraak = services.afspraak_create(
        request=request_as(coach),
        client=client_obj,
        starts_at=when,
        duration_minutes=30,
        mode="video",
        video_link="https://beeldbellen.voorbeeldstad.nl/kamer/8f3a",
        purpose="Voortgangsgesprek",
        invitation="uitnodiging_afspraak",
    )
    assert afspraak.place == "Beeldbellen"
    brief = Brief.objects.get(client=client_obj)
    template, context = letters.letter_context(brief)
    text = html_to_text(render_to_string(template, context))
    assert "https://beeldbellen.voorbeeldstad.nl/kamer/8f3a" in text
    assert "paspoort" not in text.lower() and "ID-kaart" not in text
    assert "Hoe werkt beeldbellen?" in text


def test_an_invitation_to_the_office_still_asks_for_id(coach, client_obj):
    afspraak = services.afspraak_create(
        request=request_as(coach),
        client=client_obj,
        starts_at=at(next_weekday(3), 11),
        duration_minutes=30,
        place="Stadswinkel",
        purpose="Gesprek",
        invitation="uitnodiging_afspraak",
    )
    brief = Brief.objects.get(client=client_obj, source_id=str(afspraak.pk))
    template, context = letters.letter_context(brief)
    text = html_to_text(render_to_string(template, context))
    assert "Stadswinkel" in text and "paspoort of ID-kaart" in text
