from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clients.models import Client
from reintegratie.accounts.policy import clients_visible_to
from reintegratie.documents.models import Brief
from tests.dbstate import refusal
from tests.factories import AanbiederFactory, UserFactory
from tests.trajecten.helpers import agreed_plan, instrument, request_as
from trajecten import services
from trajecten.models import Traject, TrajectStatusChange
from trajecten.selectors import suggested_instruments

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(coach, client_obj):
    return agreed_plan(coach, client_obj)


def start(coach, client_obj, plan, tool, **extra):
    return services.traject_start(
        request=request_as(coach),
        client=client_obj,
        instrument=tool,
        doel=plan.doelen.first(),
        reason=extra.pop("reason", "Werkritme opdoen voor werk in de zorg."),
        **extra,
    )


def close(user, traject, **extra):
    services.traject_transition(request=request_as(user), traject=traject, to_status="lopend")
    return services.traject_transition(
        request=request_as(user),
        traject=traject,
        to_status=extra.pop("to_status", "afgerond"),
        end_report=extra.pop("end_report", "Goed meegedaan; werkritme opgebouwd."),
        result=extra.pop("result", "doel_bereikt"),
        **extra,
    )


def test_a_traject_needs_a_reason_and_a_goal_from_the_current_plan(
    coach, client_obj, plan, foreign_client, other_coach
):
    tool = instrument()
    with pytest.raises(ValidationError, match="waarom"):
        start(coach, client_obj, plan, tool, reason="  ")
    other_plan = agreed_plan(other_coach, foreign_client)
    with refusal(r"Kies een doel uit het huidige plan van aanpak\."):
        services.traject_start(
            request=request_as(coach), client=client_obj, instrument=tool, doel=other_plan.doelen.first(), reason="x"
        )
    assert not Traject.objects.exists()


def test_repeating_a_kind_of_instrument_is_flagged_and_needs_a_justification(coach, client_obj, plan):
    first = start(coach, client_obj, plan, instrument(name="Sollicitatietraining A"))
    close(coach, first, result="niet_bereikt")
    second_tool = instrument(name="Sollicitatietraining B")
    day = r"\d{1,2} [a-z]+ \d{4}"
    with refusal(rf"Deze cliënt volgde al: Sollicitatietraining A \({day} tot {day}\)") as excinfo:
        start(coach, client_obj, plan, second_tool)
    message = excinfo.value.message_dict["repeat_justification"][0]
    assert "Deze cliënt volgde al: Sollicitatietraining A" in message and "doel niet bereikt" in message
    again = start(coach, client_obj, plan, second_tool, repeat_justification="Nu met een jobcoach erbij.")
    assert again.repeat_justification == "Nu met een jobcoach erbij."


def test_planned_end_stays_within_the_instruments_maximum(coach, client_obj, plan):
    today = timezone.localdate()
    short = instrument(max_weeks=15)
    with refusal(r"Dit instrument duurt hoogstens 15 weken\."):
        start(coach, client_obj, plan, short, started_on=today, planned_end=today + timedelta(weeks=16))


def test_a_traject_cannot_close_without_an_end_report_and_result(coach, client_obj, plan):
    traject = start(coach, client_obj, plan, instrument())
    services.traject_transition(request=request_as(coach), traject=traject, to_status="lopend")
    with refusal(r"Een traject sluit pas met een eindrapportage\.") as excinfo:
        services.traject_transition(request=request_as(coach), traject=traject, to_status="afgerond", end_report="")
    assert {"end_report", "result"} <= set(excinfo.value.message_dict)
    traject.refresh_from_db()
    assert traject.status == "lopend"
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Traject.objects.filter(pk=traject.pk).update(status="afgerond")


def test_early_end_needs_a_reason(coach, client_obj, plan):
    traject = start(coach, client_obj, plan, instrument())
    with refusal(r"Schrijf op waarom het traject eerder stopt\.") as excinfo:
        services.traject_transition(
            request=request_as(coach),
            traject=traject,
            to_status="voortijdig_beeindigd",
            end_report="x",
            result="niet_bereikt",
        )
    assert "early_end_reason" in excinfo.value.message_dict
    services.traject_transition(
        request=request_as(coach),
        traject=traject,
        to_status="voortijdig_beeindigd",
        end_report="Gestopt na twee weken.",
        result="niet_bereikt",
        early_end_reason="Cliënt werd ziek.",
    )


@pytest.mark.parametrize(("path", "to"), [((), "afgerond"), (("lopend", "afgerond"), "lopend"), ((), "aangemeld")])
def test_forbidden_traject_transitions_change_nothing(coach, client_obj, plan, path, to):
    traject = start(coach, client_obj, plan, instrument())
    for step in path:
        extra = {"end_report": "x", "result": "doel_bereikt"} if step == "afgerond" else {}
        services.traject_transition(request=request_as(coach), traject=traject, to_status=step, **extra)
    before = Traject.objects.get(pk=traject.pk).status
    with refusal(r"met status '.+' kan niet naar '.+'"):
        services.traject_transition(request=request_as(coach), traject=traject, to_status=to)
    assert Traject.objects.get(pk=traject.pk).status == before


def test_closing_sends_the_end_report_and_keeps_history(coach, client_obj, plan):
    traject = close(coach, start(coach, client_obj, plan, instrument()))
    assert Brief.objects.filter(client=client_obj, kind="eindrapportage_traject", source_id=str(traject.pk)).exists()
    assert list(TrajectStatusChange.objects.filter(traject=traject).values_list("to_status", flat=True)) == [
        "lopend",
        "afgerond",
    ]


def test_the_provider_sees_the_client_only_while_a_traject_runs_at_its_organisation(coach, client_obj, plan):
    werkplus = AanbiederFactory(name="WerkPlus")
    provider = UserFactory(aanbieder_account=True, aanbieder=werkplus)
    other_provider = UserFactory(aanbieder_account=True)
    traject = start(coach, client_obj, plan, instrument(aanbieder=werkplus))
    assert list(clients_visible_to(provider)) == [client_obj]
    assert not clients_visible_to(other_provider).exists()
    assert list(Traject.objects.visible_to(provider)) == [traject]
    # The provider reports progress and closes with the end report.
    services.traject_transition(request=request_as(provider), traject=traject, to_status="lopend")
    services.report_add(
        request=request_as(provider),
        traject=traject,
        period_start=timezone.localdate() - timedelta(days=14),
        period_end=timezone.localdate(),
        text="Komt elke dag op tijd.",
    )
    with pytest.raises(PermissionDenied):
        services.report_add(
            request=request_as(other_provider),
            traject=traject,
            period_start=timezone.localdate(),
            period_end=timezone.localdate(),
            text="x",
        )
    close_provider = services.traject_transition(
        request=request_as(provider), traject=traject, to_status="afgerond", end_report="Klaar.", result="werk"
    )
    assert close_provider.status == "afgerond"
    assert not clients_visible_to(provider).exists()


def test_without_the_trajecten_rule_a_provider_sees_no_client(coach, client_obj, plan, monkeypatch):
    """The policy learns the provider rule from trajecten (TrajectenConfig.ready); missing, it fails closed."""
    from reintegratie.accounts import policy

    werkplus = AanbiederFactory(name="WerkPlus")
    provider = UserFactory(aanbieder_account=True, aanbieder=werkplus)
    start(coach, client_obj, plan, instrument(aanbieder=werkplus))
    assert list(clients_visible_to(provider)) == [client_obj]
    monkeypatch.setattr(policy, "_provider_clients", None)
    assert not clients_visible_to(provider).exists()


def test_reports_only_on_running_trajecten(coach, client_obj, plan):
    traject = close(coach, start(coach, client_obj, plan, instrument()))
    with refusal(r"Dit traject loopt niet meer\. Schrijf de eindrapportage bij het afsluit"):
        services.report_add(
            request=request_as(coach),
            traject=traject,
            period_start=timezone.localdate(),
            period_end=timezone.localdate(),
            text="x",
        )


def test_suggestions_match_the_intake_domains_and_show_earlier_trajecten(coach, client_obj, plan):
    from intake import services as intake_services
    from tests.intake.test_services import PERSPECTIVE, all_scores

    intake = intake_services.intake_start(request=request_as(coach), client=client_obj)
    scores = all_scores()
    scores["financien"]["work_on"] = True
    intake_services.intake_complete(
        request=request_as(coach), intake=intake, expected_version=1, fields=dict(PERSPECTIVE), scores=scores
    )
    debt = instrument(category="financien", name="Schuldhulpverlening")
    instrument(category="justitie", name="Reclasseringstraject")
    suggestions = suggested_instruments(client_obj)
    assert [s["instrument"] for s in suggestions] == [debt]
    assert suggestions[0]["earlier"] == []


def test_outflow_and_its_follow_ups(coach, client_obj):
    with refusal(r"Vul het aantal uren per week in\."):
        services.uitstroom_register(
            request=request_as(coach), client=client_obj, on=timezone.localdate(), kind="werk_deeltijd", contract="vast"
        )
    uitstroom = services.uitstroom_register(
        request=request_as(coach),
        client=client_obj,
        on=timezone.localdate(),
        kind="werk_deeltijd",
        contract="tijdelijk",
        hours=24,
    )
    assert Client.objects.get(pk=client_obj.pk).status == "uitgestroomd"
    with pytest.raises(ValidationError, match="te vroeg"):
        services.uitstroom_followup(request=request_as(coach), uitstroom=uitstroom, months=6, result="nog_uit")
    with time_machine.travel(timezone.now() + timedelta(days=190)):
        services.uitstroom_followup(request=request_as(coach), uitstroom=uitstroom, months=6, result="nog_uit")
    with time_machine.travel(timezone.now() + timedelta(days=370)):
        services.uitstroom_followup(request=request_as(coach), uitstroom=uitstroom, months=12, result="terug")
        with refusal(r"Dit is al vastgelegd\."):
            services.uitstroom_followup(request=request_as(coach), uitstroom=uitstroom, months=12, result="terug")
    uitstroom.refresh_from_db()
    assert (uitstroom.followup_6, uitstroom.followup_12) == ("nog_uit", "terug")
    assert Client.objects.get(pk=client_obj.pk).status == "actief"  # back on benefit


def test_an_unknown_status_is_refused_not_a_crash(coach, client_obj, plan):
    traject = start(coach, client_obj, plan, instrument())
    with refusal(r"Een traject met status 'Aangemeld bij de aanbieder' kan niet naar 'onzin'\."):
        services.traject_transition(request=request_as(coach), traject=traject, to_status="onzin")


def test_a_traject_cannot_start_in_the_future(coach, client_obj, plan):
    traject = start(coach, client_obj, plan, instrument())
    with refusal(r"Een traject start pas als het begonnen is\. Kies vandaag of de dag waarop het begon\."):
        services.traject_transition(
            request=request_as(coach),
            traject=traject,
            to_status="lopend",
            started_on=timezone.localdate() + timedelta(days=3),
        )


def test_outflow_refuses_a_traject_of_another_client(coach, client_obj, plan, foreign_client, other_coach):
    other = start(other_coach, foreign_client, agreed_plan(other_coach, foreign_client), instrument())
    with refusal(r"Dit traject hoort niet bij deze cliënt\."):
        services.uitstroom_register(
            request=request_as(coach),
            client=client_obj,
            on=timezone.localdate(),
            kind="opleiding",
            contract="geen",
            traject=other,
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trial", range(3))
def test_simultaneous_closes_of_one_traject_make_one_transition_and_one_letter(require_postgres, coach, trial):
    from tests.clients.test_concurrency import THREADS, run_at_once
    from tests.factories import ClientFactory

    person = ClientFactory(coach=coach)
    plan = agreed_plan(coach, person)
    traject = start(coach, person, plan, instrument())
    services.traject_transition(request=request_as(coach), traject=traject, to_status="lopend")

    def close_it(i):
        return services.traject_transition(
            request=request_as(coach),
            traject=traject,
            to_status="afgerond",
            end_report=f"Verslag {i}",
            result="doel_bereikt",
        )

    results = run_at_once(close_it)
    winners = [r for r in results if isinstance(r, Traject)]
    assert len(winners) == 1 and all(isinstance(r, ValidationError) for r in results if r not in winners)
    assert TrajectStatusChange.objects.filter(traject=traject, to_status="afgerond").count() == 1
    assert Brief.objects.filter(kind="eindrapportage_traject", source_id=str(traject.pk)).count() == 1
    assert len(results) == THREADS
