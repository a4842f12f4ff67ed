from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import timezone

from clients.services import EditConflict
from intake import services
from intake.models import Beroep, Intake, LeefgebiedScore, Trede
from intake.workflow import IntakeKind, IntakeStatus, Leefgebied
from reintegratie.documents.models import Brief
from tests.dbstate import refusal
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def request_as(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def all_scores(score=3, **extra):
    return {domain: {"score": score, **extra} for domain in Leefgebied.values}


PERSPECTIVE = {"ladder_now": 2, "ladder_target": 4, "service_route": "intensief"}


def complete(coach, intake, *, fields=PERSPECTIVE, scores=None):
    return services.intake_complete(
        request=request_as(coach),
        intake=intake,
        expected_version=intake.version,
        fields=dict(fields),
        scores=scores if scores is not None else all_scores(),
    )


@pytest.fixture
def aangemeld(coach):
    return ClientFactory(coach=coach, status="aangemeld")


def test_start_creates_a_first_intake_with_all_thirteen_domains(coach, aangemeld):
    intake = services.intake_start(request=request_as(coach), client=aangemeld)
    assert (intake.kind, intake.status) == (IntakeKind.EERSTE, IntakeStatus.CONCEPT)
    assert sorted(intake.scores.values_list("leefgebied", flat=True)) == sorted(Leefgebied.values)
    assert len(Leefgebied.values) == 13


def test_only_one_intake_in_progress_per_client(coach, aangemeld):
    services.intake_start(request=request_as(coach), client=aangemeld)
    with refusal(r"Voor deze cliënt loopt al een intake\. Ga daarmee verder\."):
        services.intake_start(request=request_as(coach), client=aangemeld)
    # The database holds the line too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Intake.objects.create(client=aangemeld, kind="eerste", created_by=coach)


def test_draft_saves_partial_data_over_several_sittings(coach, aangemeld):
    intake = services.intake_start(request=request_as(coach), client=aangemeld)
    intake = services.intake_save(
        request=request_as(coach),
        intake=intake,
        expected_version=intake.version,
        fields={"wishes": "Werken in de zorg."},
        scores={"financien": {"score": 2, "client_view": "Ik heb schulden.", "work_on": True}},
    )
    intake = services.intake_save(
        request=request_as(coach),
        intake=intake,
        expected_version=intake.version,
        fields={"hours_available": 24},
        scores={"huisvesting": {"score": 4}},
    )
    intake.refresh_from_db()
    assert (intake.wishes, intake.hours_available, intake.status) == ("Werken in de zorg.", 24, "concept")
    financien = intake.scores.get(leefgebied="financien")
    assert (financien.score, financien.client_view, financien.work_on) == (2, "Ik heb schulden.", True)
    assert intake.scores.get(leefgebied="huisvesting").score == 4


def test_a_stale_draft_save_is_refused(coach, colleague, aangemeld):
    intake = services.intake_start(request=request_as(coach), client=aangemeld)
    services.intake_save(
        request=request_as(coach), intake=intake, expected_version=1, fields={"wishes": "A"}, scores={}
    )
    with pytest.raises(EditConflict):
        services.intake_save(
            request=request_as(coach), intake=intake, expected_version=1, fields={"wishes": "B"}, scores={}
        )
    intake.refresh_from_db()
    assert intake.wishes == "A"


@pytest.mark.parametrize("score", [0, 6, -1])
def test_a_score_outside_one_to_five_is_refused(coach, aangemeld, score):
    intake = services.intake_start(request=request_as(coach), client=aangemeld)
    with refusal(
        r"Zorg ervoor dat deze waarde hoogstens 5 is\.|"
        r"Zorg ervoor dat deze waarde minstens 1 is\."
    ):
        services.intake_save(
            request=request_as(coach),
            intake=intake,
            expected_version=1,
            fields={},
            scores={"justitie": {"score": score}},
        )
    assert intake.scores.get(leefgebied="justitie").score is None


def test_a_ladder_step_outside_one_to_six_is_refused(coach, aangemeld):
    intake = services.intake_start(request=request_as(coach), client=aangemeld)
    with refusal(r"Waarde 7 is geen geldige keuze\."):
        services.intake_save(
            request=request_as(coach), intake=intake, expected_version=1, fields={"ladder_now": 7}, scores={}
        )


def test_a_target_below_the_current_step_needs_a_reason(coach, aangemeld):
    intake = services.intake_start(request=request_as(coach), client=aangemeld)
    with refusal(r"Het doel ligt lager dan de trede nu\. Schrijf op waarom\.") as excinfo:
        services.intake_save(
            request=request_as(coach),
            intake=intake,
            expected_version=1,
            fields={"ladder_now": 4, "ladder_target": 3},
            scores={},
        )
    assert "ladder_target_reason" in excinfo.value.message_dict
    services.intake_save(
        request=request_as(coach),
        intake=intake,
        expected_version=1,
        fields={"ladder_now": 4, "ladder_target": 3, "ladder_target_reason": "Eerst herstel na de operatie."},
        scores={},
    )


def test_completing_with_missing_domains_is_refused_and_keeps_the_draft(coach, aangemeld):
    intake = services.intake_start(request=request_as(coach), client=aangemeld)
    partial = {domain: {"score": 3} for domain in Leefgebied.values[:10]}
    with pytest.raises(services.IncompleteIntake) as excinfo:
        complete(coach, intake, scores=partial)
    message = " ".join(excinfo.value.messages)
    assert "Meedoen in de buurt" in message and "Justitie" in message
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.CONCEPT
    assert intake.scores.exclude(score=None).count() == 10  # the draft was kept


@pytest.mark.parametrize("missing", ["ladder_now", "ladder_target", "service_route"])
def test_completing_needs_the_perspective(coach, aangemeld, missing):
    intake = services.intake_start(request=request_as(coach), client=aangemeld)
    fields = {k: v for k, v in PERSPECTIVE.items() if k != missing}
    with pytest.raises(services.IncompleteIntake) as excinfo:
        complete(coach, intake, fields=fields)
    assert missing in excinfo.value.message_dict


def test_completion_registers_the_step_activates_the_client_and_sends_the_summary(coach, aangemeld):
    intake = services.intake_start(request=request_as(coach), client=aangemeld)
    done = complete(coach, intake)
    assert (done.status, done.completed_by) == (IntakeStatus.AFGEROND, coach)
    aangemeld.refresh_from_db()
    assert (aangemeld.status, aangemeld.service_route) == ("actief", "intensief")
    trede = Trede.objects.get(client=aangemeld)
    assert (trede.step, trede.intake, trede.on) == (2, done, timezone.localdate())
    letter = Brief.objects.get(client=aangemeld)
    assert (letter.kind, letter.source_id) == ("samenvatting_intake", str(done.pk))


def test_a_completed_intake_cannot_be_changed(coach, aangemeld):
    done = complete(coach, services.intake_start(request=request_as(coach), client=aangemeld))
    with refusal(r"Deze intake is al afgerond\. Start een herbeoordeling om iets te verand"):
        services.intake_save(
            request=request_as(coach), intake=done, expected_version=done.version, fields={"wishes": "x"}, scores={}
        )


def test_herbeoordeling_starts_from_what_is_known_and_shows_changes(coach, aangemeld):
    from intake.selectors import score_changes

    first = services.intake_start(request=request_as(coach), client=aangemeld)
    cook = Beroep.objects.get(name="Kok")
    first = services.intake_save(
        request=request_as(coach),
        intake=first,
        expected_version=1,
        fields={"wishes": "Kok worden"},
        scores={},
        occupations=[cook],
    )
    first = complete(coach, first, scores=all_scores(2))
    again = services.intake_start(request=request_as(coach), client=aangemeld)
    assert (again.kind, again.previous, again.wishes) == (IntakeKind.HERBEOORDELING, first, "Kok worden")
    assert list(again.target_occupations.all()) == [cook]
    assert set(again.scores.values_list("score", flat=True)) == {2}
    again = complete(coach, again, fields={**PERSPECTIVE, "ladder_now": 3}, scores={"financien": {"score": 4}})
    changes = {row["score"].leefgebied: row for row in score_changes(again)}
    assert (changes["financien"]["before"], changes["financien"]["delta"]) == (2, 2)
    assert changes["justitie"]["delta"] == 0
    # The ladder step changed, so a second Trede was registered.
    assert list(Trede.objects.filter(client=aangemeld).values_list("step", flat=True)) == [2, 3]


def test_same_ladder_step_is_not_registered_twice(coach, aangemeld):
    complete(coach, services.intake_start(request=request_as(coach), client=aangemeld))
    complete(coach, services.intake_start(request=request_as(coach), client=aangemeld))
    assert Trede.objects.filter(client=aangemeld).count() == 1


def test_trede_in_the_future_is_refused(coach, aangemeld):
    with refusal(r"Een trede kan niet in de toekomst liggen\."):
        services.trede_register(
            request=request_as(coach), client=aangemeld, on=timezone.localdate() + timedelta(days=1), step=3
        )
    services.trede_register(
        request=request_as(coach), client=aangemeld, on=timezone.localdate(), step=3, note="Vrijwilligerswerk"
    )
    assert Trede.objects.get().note == "Vrijwilligerswerk"


def test_health_notes_are_hidden_from_providers(coach, aangemeld, aanbieder_user):
    from intake.selectors import summary_for

    done = complete(coach, services.intake_start(request=request_as(coach), client=aangemeld))
    for_coach = summary_for(coach, done)
    for_provider = summary_for(aanbieder_user, done)
    hidden = {row["score"].leefgebied for row in for_provider["rows"] if row["hidden"]}
    assert hidden == {"geestelijke_gezondheid", "lichamelijke_gezondheid", "middelengebruik"}
    assert not any(row["hidden"] for row in for_coach["rows"])
    assert for_provider["hide_health"] and not for_coach["hide_health"]


def test_scores_cannot_leave_one_to_five_in_the_database(coach, aangemeld):
    intake = services.intake_start(request=request_as(coach), client=aangemeld)
    with pytest.raises(IntegrityError), transaction.atomic():
        LeefgebiedScore.objects.filter(intake=intake, leefgebied="justitie").update(score=9)
