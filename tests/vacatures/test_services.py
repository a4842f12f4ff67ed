"""Services of Werk zoeken: every voordracht transition, consent, placement and starting work."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from clients.models import Client
from reintegratie.audit.models import AccessLog
from reintegratie.vacatures import services
from reintegratie.vacatures.models import (
    Voordracht,
    VoordrachtStatusChange,
    Zichtbaarheid,
    ZichtbaarheidGebeurtenis,
)
from reintegratie.vacatures.workflow import ALLOWED, VoordrachtStatus
from tests.dbstate import refusal
from trajecten.models import Uitstroom

from .helpers import make_manager, request_as, vacature, voordracht

pytestmark = pytest.mark.django_db

PAIRS = [(a, b) for a in VoordrachtStatus for b in VoordrachtStatus]


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS, ids=[f"{a.value}-{b.value}" for a, b in PAIRS])
def test_every_allowed_and_every_forbidden_transition(coach, client_obj, from_status, to_status):
    item = voordracht(vacature(coach), client_obj)
    Voordracht.objects.filter(pk=item.pk).update(
        status=from_status, reject_reason="Te weinig ervaring." if from_status == "afgewezen" else ""
    )
    history = VoordrachtStatusChange.objects.filter(voordracht=item).count()
    call = lambda: services.voordracht_transition(  # noqa: E731
        request=request_as(coach), voordracht=item, to_status=to_status, reason="Geen ervaring in een keuken."
    )
    if to_status in ALLOWED[from_status]:
        result = call()
        assert result.status == to_status
        assert VoordrachtStatusChange.objects.filter(voordracht=item).count() == history + 1
        last = VoordrachtStatusChange.objects.filter(voordracht=item).last()
        assert (last.from_status, last.to_status) == (from_status, to_status)
    else:
        with refusal(r"met status '.+' kan niet naar '.+'"):
            call()
        item.refresh_from_db()
        assert item.status == from_status
        assert VoordrachtStatusChange.objects.filter(voordracht=item).count() == history


def test_rejection_needs_a_reason(coach, client_obj):
    item = voordracht(vacature(coach), client_obj)
    with refusal(r"Schrijf op waarom de werkgever de cliënt afwees\.") as error:
        services.voordracht_transition(request=request_as(coach), voordracht=item, to_status="afgewezen")
    assert "reason" in error.value.message_dict


def test_history_rows_are_append_only(coach, client_obj):
    item = voordracht(vacature(coach), client_obj)
    row = item.history.first()
    row.note = "anders"
    with pytest.raises(ValueError):
        row.save()


def test_coach_puts_own_client_forward_once(coach, client_obj):
    vac = vacature(coach)
    item = services.voordracht_create(request=request_as(coach), vacature=vac, client=client_obj, note="Kookt graag.")
    assert item.status == "voorgedragen" and item.history.count() == 1
    assert AccessLog.objects.filter(client=client_obj, action="change").exists()
    with refusal(r"Deze cliënt is al voorgedragen voor deze vacature\."):
        services.voordracht_create(request=request_as(coach), vacature=vac, client=client_obj)
    # The database refuses a second active one too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Voordracht.objects.create(vacature=vac, client=client_obj, by=coach)
    # After a rejection the client may be put forward again.
    services.voordracht_transition(request=request_as(coach), voordracht=item, to_status="afgewezen", reason="Vol.")
    again = services.voordracht_create(request=request_as(coach), vacature=vac, client=client_obj)
    assert again.pk != item.pk


def test_another_coach_cannot_put_a_client_forward_even_with_consent(coach, other_coach, client_obj):
    from .helpers import consent

    consent(client_obj)
    with pytest.raises(PermissionDenied):
        services.voordracht_create(request=request_as(other_coach), vacature=vacature(coach), client=client_obj)


def test_closed_vacancy_takes_no_voordracht(coach, client_obj):
    closed = vacature(coach, status="gesloten")
    with refusal(r"Deze vacature is niet meer open\."):
        services.voordracht_create(request=request_as(coach), vacature=closed, client=client_obj)


def test_werkgeversdienstverlener_records_the_outcome_for_another_coachs_client(coach, other_coach, foreign_client):
    vac = vacature(coach)
    item = voordracht(vac, foreign_client)
    with pytest.raises(PermissionDenied):
        services.voordracht_transition(request=request_as(coach), voordracht=item, to_status="gesprek")
    make_manager(coach)
    assert services.voordracht_transition(request=request_as(coach), voordracht=item, to_status="gesprek").status == (
        "gesprek"
    )


def test_last_placement_fills_the_vacancy(coach, client_obj):
    from tests.factories import ClientFactory

    vac = vacature(coach, places=2)
    for person in (client_obj, ClientFactory(coach=coach)):
        item = voordracht(vac, person)
        services.voordracht_transition(request=request_as(coach), voordracht=item, to_status="gesprek")
        vac.refresh_from_db()
        assert vac.status == "open"
        services.voordracht_transition(request=request_as(coach), voordracht=item, to_status="geplaatst")
    vac.refresh_from_db()
    assert vac.status == "vervuld"


def test_starting_work_records_the_outflow_through_the_outflow_service(coach, client_obj):
    vac = vacature(coach, contract="vast")
    item = voordracht(vac, client_obj)
    with refusal(r"Alleen een geplaatste cliënt kan beginnen met werken\."):
        services.voordracht_start_work(request=request_as(coach), voordracht=item, on=timezone.localdate(), hours=24)
    for step in ("gesprek", "geplaatst"):
        services.voordracht_transition(request=request_as(coach), voordracht=item, to_status=step)
    with refusal(r"De datum van uitstroom kan niet in de toekomst liggen\."):  # not in the future
        services.voordracht_start_work(
            request=request_as(coach), voordracht=item, on=timezone.localdate() + timedelta(days=3), hours=24
        )
    done = services.voordracht_start_work(request=request_as(coach), voordracht=item, on=timezone.localdate(), hours=24)
    uitstroom = Uitstroom.objects.get(client=client_obj)
    assert done.uitstroom == uitstroom and done.started_work_on == timezone.localdate()
    assert (uitstroom.kind, uitstroom.contract, uitstroom.hours) == ("werk_deeltijd", "vast", 24)
    assert Client.objects.get(pk=client_obj.pk).status == "uitgestroomd"
    with refusal(r"Dit is al vastgelegd\."):
        services.voordracht_start_work(request=request_as(coach), voordracht=item, on=timezone.localdate(), hours=24)


def test_profile_is_visible_only_while_both_consent(coach, client_obj, client_user, colleague):
    record = services.zichtbaarheid_set(request=request_as(client_user), client=client_obj, party="client", given=True)
    assert record.client_consents and not record.is_visible
    record = services.zichtbaarheid_set(request=request_as(coach), client=client_obj, party="werkcoach", given=True)
    assert record.is_visible and record.coach_consent_by == coach
    record = services.zichtbaarheid_set(request=request_as(client_user), client=client_obj, party="client", given=False)
    assert not record.is_visible and record.client_revoked_at is not None
    # Saying the same again changes nothing and adds no history.
    services.zichtbaarheid_set(request=request_as(client_user), client=client_obj, party="client", given=False)
    assert list(ZichtbaarheidGebeurtenis.objects.values_list("party", "given")) == [
        ("client", True),
        ("werkcoach", True),
        ("client", False),
    ]
    record = services.zichtbaarheid_set(request=request_as(client_user), client=client_obj, party="client", given=True)
    assert record.is_visible and record.client_revoked_at is None
    assert Zichtbaarheid.objects.count() == 1


def test_only_the_client_gives_the_clients_consent_and_only_the_own_coach_the_coachs(
    coach, other_coach, client_obj, client_user
):
    with pytest.raises(PermissionDenied):
        services.zichtbaarheid_set(request=request_as(coach), client=client_obj, party="client", given=True)
    with pytest.raises(PermissionDenied):
        services.zichtbaarheid_set(request=request_as(other_coach), client=client_obj, party="werkcoach", given=True)
    with pytest.raises(PermissionDenied):
        services.zichtbaarheid_set(request=request_as(client_user), client=client_obj, party="werkcoach", given=True)
    assert not Zichtbaarheid.objects.exists()


def test_only_a_werkgeversdienstverlener_records_vacancies(coach, teamleider):
    from .helpers import beroep

    fields = {
        "employer_name": "Hotel Zee",
        "beroep": beroep(),
        "hours_min": 20,
        "hours_max": 30,
        "location": "Voorbeeldstad",
        "contract": "tijdelijk",
    }
    with pytest.raises(PermissionDenied):
        services.vacature_create(request=request_as(coach), **fields)
    make_manager(teamleider)
    vac = services.vacature_create(request=request_as(teamleider), **fields)
    assert vac.created_by == teamleider
    with refusal(r"Het maximum aantal uren is lager dan het minimum\."):
        services.vacature_update(request=request_as(teamleider), vacature=vac, hours_min=40, hours_max=30)


def test_after_a_handover_the_new_coach_decides_on_visibility_again(coach, client_obj, client_user, other_coach):
    from reintegratie.vacatures.models import double_consent

    services.zichtbaarheid_set(request=request_as(client_user), client=client_obj, party="client", given=True)
    services.zichtbaarheid_set(request=request_as(coach), client=client_obj, party="werkcoach", given=True)
    assert Client.objects.filter(double_consent(), pk=client_obj.pk).exists()
    # The client moves to a coach in another team: the old coach's consent no longer counts.
    Client.objects.filter(pk=client_obj.pk).update(coach=other_coach)
    record = Zichtbaarheid.objects.select_related("client__coach", "coach_consent_by").get(client=client_obj)
    assert not record.is_visible
    assert not Client.objects.filter(double_consent(), pk=client_obj.pk).exists()
    services.zichtbaarheid_set(request=request_as(other_coach), client=client_obj, party="werkcoach", given=True)
    assert Client.objects.filter(double_consent(), pk=client_obj.pk).exists()
