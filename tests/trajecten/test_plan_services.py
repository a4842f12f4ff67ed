import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clients.services import EditConflict
from reintegratie.documents.models import Brief
from tests.dbstate import refusal
from tests.trajecten.helpers import agreed_plan, request_as
from trajecten import services
from trajecten.models import Plan, PlanStatusChange
from trajecten.selectors import plan_changes, plan_with_details

pytestmark = pytest.mark.django_db


def test_one_current_plan_per_client(coach, client_obj):
    services.plan_create(request=request_as(coach), client=client_obj)
    with refusal(r"Deze cliënt heeft al een plan van aanpak\. Werk dat bij\."):
        services.plan_create(request=request_as(coach), client=client_obj)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(client=client_obj, version=2, created_by=coach, is_current=True)


def test_a_plan_cannot_be_proposed_without_goals_or_with_a_goal_without_action(coach, client_obj):
    plan = services.plan_create(request=request_as(coach), client=client_obj)
    with pytest.raises(ValidationError, match="minstens één doel"):
        services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    services.doel_add(request=request_as(coach), plan=plan, leefgebied="financien", text="Schulden op orde")
    with pytest.raises(ValidationError, match="minstens één actie"):
        services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    plan.refresh_from_db()
    assert plan.status == "concept"


@pytest.mark.parametrize(
    ("start", "to"),
    [("concept", "akkoord"), ("concept", "vervangen"), ("akkoord", "concept"), ("akkoord", "voorgelegd")],
)
def test_forbidden_plan_transitions_change_nothing(coach, client_obj, start, to):
    plan = (
        agreed_plan(coach, client_obj)
        if start == "akkoord"
        else services.plan_create(request=request_as(coach), client=client_obj)
    )
    with refusal(r"met status '.+' kan niet naar '.+'"):
        services.plan_transition(request=request_as(coach), plan=plan, to_status=to, agreed_how="papier", note="x")
    plan.refresh_from_db()
    assert plan.status == start


def test_agreement_is_recorded_with_how_and_sends_the_full_plan(coach, client_obj):
    plan = agreed_plan(coach, client_obj)
    assert (plan.status, plan.agreed_how) == ("akkoord", "papier")
    assert plan.agreed_at is not None
    assert Brief.objects.get(client=client_obj).kind == "plan_van_aanpak"
    steps = list(PlanStatusChange.objects.filter(plan=plan).values_list("from_status", "to_status"))
    assert steps == [("concept", "voorgelegd"), ("voorgelegd", "akkoord")]


def test_agreement_needs_how_it_was_given(coach, client_obj):
    plan = services.plan_create(request=request_as(coach), client=client_obj)
    doel = services.doel_add(request=request_as(coach), plan=plan, leefgebied="financien", text="Schulden")
    services.actie_add(request=request_as(coach), doel=doel, text="Aanmelden", owner="gemeente")
    services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    with refusal(r"Kies hoe de cliënt akkoord gaf\."):
        services.plan_transition(request=request_as(coach), plan=plan, to_status="akkoord")


def test_back_to_concept_needs_a_reason_and_keeps_the_clients_words(coach, client_obj):
    plan = services.plan_create(request=request_as(coach), client=client_obj)
    doel = services.doel_add(request=request_as(coach), plan=plan, leefgebied="financien", text="Schulden")
    services.actie_add(request=request_as(coach), doel=doel, text="Aanmelden", owner="gemeente")
    services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    with refusal(r"Schrijf op waarom het plan terug gaat naar concept\."):
        services.plan_transition(request=request_as(coach), plan=plan, to_status="concept", note=" ")
    back = services.plan_transition(
        request=request_as(coach), plan=plan, to_status="concept", note="Niet eens", client_input="Te veel tegelijk."
    )
    assert (back.status, back.client_input) == ("concept", "Te veel tegelijk.")


def test_a_proposed_or_agreed_plan_cannot_be_edited(coach, client_obj):
    plan = agreed_plan(coach, client_obj)
    with refusal(r"Dit plan kan niet meer worden gewijzigd\. Maak een nieuwe versie\."):
        services.doel_add(request=request_as(coach), plan=plan, leefgebied="financien", text="Nog een doel")


def test_changing_an_agreed_plan_makes_a_new_version_and_shows_what_changed(coach, client_obj):
    agreed = agreed_plan(coach, client_obj)
    new = services.plan_new_version(request=request_as(coach), plan=agreed)
    assert (new.version, new.status, new.is_current, new.based_on) == (2, "concept", True, agreed)
    agreed.refresh_from_db()
    assert (agreed.status, agreed.is_current) == ("akkoord", False)  # still the agreement
    doel = new.doelen.get()
    services.actie_add(request=request_as(coach), doel=doel, text="Bellen met de werkgever", owner="werkcoach")
    services.doel_add(request=request_as(coach), plan=new, leefgebied="financien", text="Schulden op orde")
    changes = plan_changes(
        plan_with_details(Plan.objects.filter(pk=new.pk)).get(),
        plan_with_details(Plan.objects.filter(pk=agreed.pk)).get(),
    )
    assert ("toegevoegd", "Actie: Bellen met de werkgever (Werkcoach)") in changes
    assert ("toegevoegd", "Doel: Schulden op orde") in changes
    # Agreeing to version 2 replaces version 1.
    services.actie_add(
        request=request_as(coach), doel=new.doelen.get(leefgebied="financien"), text="Aanmelden", owner="gemeente"
    )
    services.plan_transition(request=request_as(coach), plan=new, to_status="voorgelegd")
    services.plan_transition(request=request_as(coach), plan=new, to_status="akkoord", agreed_how="portaal")
    agreed.refresh_from_db()
    assert agreed.status == "vervangen"
    assert Plan.objects.filter(client=client_obj, status="akkoord").get().version == 2


def test_only_an_agreed_current_plan_gets_a_new_version(coach, client_obj):
    plan = services.plan_create(request=request_as(coach), client=client_obj)
    with refusal(r"Alleen een plan waarmee de cliënt akkoord is, krijgt een nieuwe versie"):
        services.plan_new_version(request=request_as(coach), plan=plan)


def test_stale_edits_are_refused(coach, client_obj):
    plan = services.plan_create(request=request_as(coach), client=client_obj)
    services.doel_add(request=request_as(coach), plan=plan, leefgebied="financien", text="A", expected_lock=1)
    with pytest.raises(EditConflict):
        services.doel_add(request=request_as(coach), plan=plan, leefgebied="financien", text="B", expected_lock=1)
    assert plan.doelen.count() == 1


def test_goals_from_the_intake_are_the_domains_marked_to_work_on(coach, client_obj):
    from intake import services as intake_services
    from tests.intake.test_services import PERSPECTIVE, all_scores

    intake = intake_services.intake_start(request=request_as(coach), client=client_obj)
    scores = all_scores()
    scores["financien"].update(work_on=True, client_view="Ik wil van mijn schulden af.")
    scores["sociaal_netwerk"].update(work_on=True)
    intake_services.intake_complete(
        request=request_as(coach), intake=intake, expected_version=1, fields=dict(PERSPECTIVE), scores=scores
    )
    plan = services.plan_create(request=request_as(coach), client=client_obj)
    added = services.doelen_from_intake(request=request_as(coach), plan=plan)
    assert {d.leefgebied for d in added} == {"financien", "sociaal_netwerk"}
    # A goal sentence the coach completes with the client, not a label with a quote pasted on.
    money = next(d.text for d in added if d.leefgebied == "financien")
    assert money.startswith("Ik ") and "[" in money and "]" in money
    assert "Werken aan" not in money and "Ik wil van mijn schulden af." not in money
    # Running it again adds nothing new.
    assert services.doelen_from_intake(request=request_as(coach), plan=plan) == []
    # An unfinished goal (still with [brackets]) cannot go to the client.
    for doel in added:
        services.actie_add(request=request_as(coach), doel=doel, text="Afspraak maken", owner="client")
    with pytest.raises(ValidationError, match="Maak eerst elk doel af"):
        services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    for doel in added:
        plan.refresh_from_db()
        services.doel_update(
            request=request_as(coach),
            doel=doel,
            leefgebied=doel.leefgebied,
            text="Ik betaal mijn huur op tijd.",
            expected_lock=plan.lock_version,
        )
    assert services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd").status == "voorgelegd"


def test_goals_and_actions_of_a_concept_can_be_changed_with_a_lock(coach, client_obj):
    plan = services.plan_create(request=request_as(coach), client=client_obj)
    doel = services.doel_add(request=request_as(coach), plan=plan, leefgebied="financien", text="Schulden")
    actie = services.actie_add(request=request_as(coach), doel=doel, text="Bellen", owner="client")
    plan.refresh_from_db()
    lock = plan.lock_version
    services.doel_update(
        request=request_as(coach), doel=doel, leefgebied="werk_opleiding", text=" Ik werk 20 uur. ", expected_lock=lock
    )
    doel.refresh_from_db()
    assert (doel.leefgebied, doel.text) == ("werk_opleiding", "Ik werk 20 uur.")
    # The page the coach started from is now stale.
    with pytest.raises(EditConflict):
        services.actie_update(
            request=request_as(coach), actie=actie, text="Mailen", owner="werkcoach", expected_lock=lock
        )
    services.actie_update(
        request=request_as(coach), actie=actie, text="Mailen", owner="werkcoach", expected_lock=lock + 1
    )
    actie.refresh_from_db()
    assert (actie.text, actie.owner) == ("Mailen", "werkcoach")
    with pytest.raises(ValidationError):
        services.doel_update(
            request=request_as(coach), doel=doel, leefgebied="financien", text="  ", expected_lock=None
        )


def test_goals_of_an_agreed_plan_cannot_be_changed(coach, client_obj):
    plan = agreed_plan(coach, client_obj)
    doel = plan.doelen.get()
    with pytest.raises(ValidationError, match="kan niet meer worden gewijzigd"):
        services.doel_update(request=request_as(coach), doel=doel, leefgebied="financien", text="Anders")
    with pytest.raises(ValidationError, match="kan niet meer worden gewijzigd"):
        services.actie_update(request=request_as(coach), actie=doel.acties.get(), text="Anders", owner="client")
    doel.refresh_from_db()
    assert doel.text == "Werk vinden in de zorg"


def test_actions_are_marked_done_once_with_a_note(coach, client_obj):
    plan = agreed_plan(coach, client_obj)
    actie = plan.doelen.get().acties.get()
    services.actie_mark_done(request=request_as(coach), actie=actie, note="Brief verstuurd")
    actie.refresh_from_db()
    assert (actie.status, actie.done_note) == ("gedaan", "Brief verstuurd")
    with refusal(r"Deze actie is al afgerond\."):
        services.actie_mark_done(request=request_as(coach), actie=actie)


def test_evaluation_date_in_the_past_is_refused(coach, client_obj):
    from datetime import timedelta

    from django.utils import timezone

    plan = services.plan_create(request=request_as(coach), client=client_obj)
    with refusal(r"De evaluatiedatum kan niet in het verleden liggen\."):
        services.plan_update(
            request=request_as(coach), plan=plan, expected_lock=1, evaluate_on=timezone.localdate() - timedelta(days=1)
        )


def test_plan_history_rows_are_append_only(coach, client_obj):
    change = PlanStatusChange.objects.filter(plan=agreed_plan(coach, client_obj)).first()
    change.note = "veranderd"
    with pytest.raises(ValueError):
        change.save()
