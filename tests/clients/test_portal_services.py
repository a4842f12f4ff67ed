"""What a client does in the portal, against the real database (the pages are tested in tests/portal)."""

import pytest
from django.core.exceptions import PermissionDenied

from clients import portal_services
from clients.models import Taak
from reintegratie.documents.models import Brief
from tests.dbstate import refusal
from tests.trajecten.helpers import request_as
from trajecten import services as plan_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(coach, client_obj, client_user):
    plan = plan_services.plan_create(request=request_as(coach), client=client_obj)
    doel = plan_services.doel_add(request=request_as(coach), plan=plan, leefgebied="werk_opleiding", text="Werk")
    plan_services.actie_add(request=request_as(coach), doel=doel, text="Solliciteren.", owner="client")
    plan_services.actie_add(request=request_as(coach), doel=doel, text="Vacatures zoeken.", owner="werkcoach")
    return plan_services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")


def test_client_agrees_to_exactly_the_version_seen(client_user, client_obj, proposed):
    agreed = plan_services.plan_client_agree(
        request=request_as(client_user), client=client_obj, plan=proposed, version=proposed.version
    )
    assert (agreed.status, agreed.agreed_how) == ("akkoord", "portaal")
    assert Brief.objects.filter(client=client_obj, kind="plan_van_aanpak").exists()


def test_agreeing_to_another_version_is_refused(client_user, client_obj, proposed):
    with refusal(r"Dit plan is intussen veranderd\. Lees de nieuwste versie en kies opnieu"):
        plan_services.plan_client_agree(
            request=request_as(client_user), client=client_obj, plan=proposed, version=proposed.version + 1
        )


def test_disagreeing_sends_the_plan_back_with_a_task_for_the_coach(client_user, client_obj, proposed):
    with refusal(r"Schrijf op wat u anders wilt\. Dan kan uw werkcoach het aanpassen\."):
        plan_services.plan_client_disagree(
            request=request_as(client_user), client=client_obj, plan=proposed, reason=" "
        )
    plan = plan_services.plan_client_disagree(
        request=request_as(client_user), client=client_obj, plan=proposed, reason="Ik wil eerst mijn schulden regelen."
    )
    assert plan.status == "concept"
    taak = Taak.objects.get(client=client_obj)
    assert (taak.kind, taak.text) == ("plan_niet_akkoord", "Ik wil eerst mijn schulden regelen.")


def test_client_adds_own_input_and_marks_own_action_done_only(client_user, client_obj, proposed):
    plan = plan_services.plan_client_input(
        request=request_as(client_user), client=client_obj, plan=proposed, text="Ik kan alleen 's ochtends."
    )
    assert "Ik kan alleen 's ochtends." in plan.client_input
    mine = plan.doelen.get().acties.get(owner="client")
    theirs = plan.doelen.get().acties.get(owner="werkcoach")
    plan_services.actie_client_done(request=request_as(client_user), client=client_obj, actie=mine, note="Gedaan")
    with pytest.raises(PermissionDenied):
        plan_services.actie_client_done(request=request_as(client_user), client=client_obj, actie=theirs)


def test_only_the_client_themself_acts_in_the_portal(coach, client_obj, client_user, proposed, foreign_client):
    with pytest.raises(PermissionDenied):
        plan_services.plan_client_agree(request=request_as(coach), client=client_obj, plan=proposed, version=1)
    with pytest.raises(PermissionDenied):
        portal_services.taak_create(
            request=request_as(client_user), client=foreign_client, kind="intake_klopt_niet", text="x"
        )


def test_coach_handles_a_task_once(client, coach, client_obj, client_user):
    from django.urls import reverse

    from tests.auth import login

    taak = portal_services.taak_create(
        request=request_as(client_user), client=client_obj, kind="intake_klopt_niet", text="Mijn adres klopt niet."
    )
    login(client, coach)
    page = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    assert "Mijn adres klopt niet." in page
    assert client.get(reverse("clients:caseload")).context["page"].object_list[0].open_tasks
    client.post(reverse("clients:taak-done", kwargs={"client_id": client_obj.pk, "taak_id": taak.pk}))
    taak.refresh_from_db()
    assert taak.done_by == coach
    with refusal(r"Deze taak is al afgehandeld\."):
        portal_services.taak_done(request=request_as(coach), taak=taak)
