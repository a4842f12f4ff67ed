import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from intake import services as intake_services
from reintegratie.audit.models import AccessLog
from reintegratie.documents.models import Brief
from tests.auth import login
from tests.factories import AanbiederFactory, ClientFactory, UserFactory
from tests.intake.test_services import PERSPECTIVE, all_scores
from tests.trajecten.helpers import agreed_plan, instrument, request_as
from trajecten import services
from trajecten.forms_traject import TrajectStartForm
from trajecten.models import Traject, Uitstroom, Voortgangsrapportage

pytestmark = pytest.mark.django_db

HEALTH_NOTE = "Slaapt slecht door somberheid"


def complete_intake(coach, client, *, work_on=("werk_opleiding",)):
    """A completed brede intake that marks the given leefgebieden 'work on'."""
    intake = intake_services.intake_start(request=request_as(coach), client=client)
    scores = all_scores()
    for domain in work_on:
        scores[domain]["work_on"] = True
    scores["geestelijke_gezondheid"]["note"] = HEALTH_NOTE
    return intake_services.intake_complete(
        request=request_as(coach),
        intake=intake,
        expected_version=intake.version,
        fields=dict(PERSPECTIVE),
        scores=scores,
    )


@pytest.fixture
def aanbieder(aanbieder_user):
    return aanbieder_user.aanbieder


@pytest.fixture
def plan(coach, client_obj):
    complete_intake(coach, client_obj)
    return agreed_plan(coach, client_obj)


@pytest.fixture
def werkfit(aanbieder):
    """The suggested instrument: its category is the leefgebied the intake marked 'work on'."""
    return instrument(aanbieder=aanbieder, name="Werkfit in de zorg", category="werk_opleiding")


@pytest.fixture
def budgetcursus(db):
    return instrument(name="Budgetcursus", category="financien")


def start(coach, client, plan, tool, **extra):
    return services.traject_start(
        request=request_as(coach),
        client=client,
        instrument=tool,
        doel=plan.doelen.first(),
        reason=extra.pop("reason", "Werkritme opdoen voor werk in de zorg."),
        **extra,
    )


@pytest.fixture
def traject(coach, client_obj, plan, werkfit):
    return start(coach, client_obj, plan, werkfit)


def detail_url(traject):
    return reverse("trajecten:traject-detail", kwargs={"traject_id": traject.pk})


def status_url(traject, to):
    return reverse("trajecten:traject-status", kwargs={"traject_id": traject.pk}) + f"?to={to}"


def report_url(traject):
    return reverse("trajecten:report-create", kwargs={"traject_id": traject.pk})


def create_url(client):
    return reverse("trajecten:traject-create", kwargs={"client_id": client.pk})


def run(user, traject):
    services.traject_transition(request=request_as(user), traject=traject, to_status="lopend")


def test_coach_starts_a_traject_from_a_suggested_instrument(client, coach, client_obj, plan, werkfit, budgetcursus):
    login(client, coach)
    page = client.get(create_url(client_obj) + f"?instrument={werkfit.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    # Suggestions first, the rest of the instrumentenhuis below.
    assert html.index("Voorgesteld na de intake") < html.index("Werkfit in de zorg") < html.index("Andere instrumenten")
    assert html.index("Andere instrumenten") < html.index("Budgetcursus")
    assert f'<option value="{werkfit.pk}" selected>' in html
    doel = plan.doelen.get()
    response = client.post(
        create_url(client_obj),
        {"instrument": werkfit.pk, "doel": doel.pk, "reason": "Werkritme opdoen.", "started_on": "", "planned_end": ""},
    )
    traject = Traject.objects.get(client=client_obj)
    assert response["Location"] == detail_url(traject)
    assert (traject.aanbieder, traject.doel, traject.status) == (werkfit.aanbieder, doel, "aangemeld")
    assert client.get(detail_url(traject)).status_code == 200
    assert AccessLog.objects.filter(client=client_obj, user=coach, action="view", path=detail_url(traject)).exists()


def test_without_a_plan_the_page_explains_and_links_to_the_plan(client, coach, client_obj, werkfit):
    complete_intake(coach, client_obj)
    login(client, coach)
    html = client.get(create_url(client_obj)).content.decode()
    assert "nog geen plan van aanpak" in html
    assert reverse("trajecten:plan-detail", kwargs={"client_id": client_obj.pk}) in html


def test_a_repeat_is_flagged_and_needs_a_justification(client, coach, client_obj, plan, werkfit):
    first = start(coach, client_obj, plan, instrument(name="Sollicitatietraining"))
    run(coach, first)
    services.traject_transition(
        request=request_as(coach), traject=first, to_status="afgerond", end_report="Gedaan.", result="niet_bereikt"
    )
    login(client, coach)
    html = client.get(create_url(client_obj)).content.decode()
    assert "Deze cliënt volgde al: Sollicitatietraining" in html and "doel niet bereikt" in html
    data = {"instrument": werkfit.pk, "doel": plan.doelen.get().pk, "reason": "Nu met een jobcoach."}
    refused = client.post(create_url(client_obj), data)
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Schrijf op waarom het nu opnieuw moet." in html and "Nu met een jobcoach." in html
    assert Traject.objects.filter(client=client_obj).count() == 1
    accepted = client.post(create_url(client_obj), {**data, "repeat_justification": "Eerst schulden geregeld."})
    assert accepted.status_code == 302
    assert Traject.objects.get(instrument=werkfit).repeat_justification == "Eerst schulden geregeld."


def test_provider_works_on_its_traject_until_it_is_closed(client, aanbieder_user, client_obj, traject):
    login(client, aanbieder_user)
    home = client.get(reverse("aanbieder-home")).content.decode()
    assert client_obj.full_name in home and detail_url(traject) in home
    assert client.get(detail_url(traject)).status_code == 200
    today = timezone.localdate()
    started = client.post(status_url(traject, "lopend"), {"started_on": today.isoformat()})
    assert started["Location"] == detail_url(traject)
    report = client.post(
        report_url(traject),
        {"period_start": today.isoformat(), "period_end": today.isoformat(), "text": "Komt elke dag op tijd."},
    )
    assert report.status_code == 302
    assert Voortgangsrapportage.objects.get(traject=traject).author == aanbieder_user
    assert "Komt elke dag op tijd." in client.get(detail_url(traject)).content.decode()
    closed = client.post(
        status_url(traject, "afgerond"),
        {"end_report": "Werkritme opgebouwd.", "result": "doel_bereikt", "ended_on": today.isoformat()},
    )
    # Closed: the provider no longer sees the traject or the client.
    assert closed["Location"] == reverse("aanbieder-home")
    traject.refresh_from_db()
    assert (traject.status, traject.end_report) == ("afgerond", "Werkritme opgebouwd.")
    assert Brief.objects.filter(client=client_obj, kind="eindrapportage_traject").count() == 1
    assert client.get(detail_url(traject)).status_code == 404
    assert client_obj.full_name not in client.get(reverse("aanbieder-home")).content.decode()


def test_closing_without_end_report_is_refused_and_keeps_the_input(client, coach, traject):
    run(coach, traject)
    login(client, coach)
    refused = client.post(status_url(traject, "afgerond"), {"result": "deels_bereikt", "end_report": "  "})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Een traject sluit pas met een eindrapportage." in html
    assert re.search(r'<input[^>]*value="deels_bereikt"[^>]*checked', html)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    refused = client.post(
        status_url(traject, "afgerond"),
        {"result": "deels_bereikt", "end_report": "Twee maanden goed meegedaan.", "ended_on": future},
    )
    html = refused.content.decode()
    assert "De einddatum kan niet in de toekomst liggen." in html and "Twee maanden goed meegedaan." in html
    traject.refresh_from_db()
    assert traject.status == "lopend"
    assert not Brief.objects.filter(kind="eindrapportage_traject").exists()


def test_ending_early_needs_a_reason(client, coach, traject):
    login(client, coach)
    data = {"result": "niet_bereikt", "end_report": "Gestopt na twee weken."}
    refused = client.post(status_url(traject, "voortijdig_beeindigd"), data)
    assert "Schrijf op waarom het traject eerder stopt." in refused.content.decode()
    done = client.post(status_url(traject, "voortijdig_beeindigd"), {**data, "early_end_reason": "Verhuisd."})
    assert done["Location"] == detail_url(traject)
    traject.refresh_from_db()
    assert (traject.status, traject.early_end_reason) == ("voortijdig_beeindigd", "Verhuisd.")
    html = client.get(detail_url(traject)).content.decode()
    assert "Gestopt na twee weken." in html and "Verhuisd." in html and "Traject starten" not in html


def test_a_provider_of_another_organisation_gets_404_and_does_not_see_the_client(client, client_obj, traject):
    stranger = UserFactory(username="ander_bureau", aanbieder_account=True)
    login(client, stranger)
    assert client_obj.full_name not in client.get(reverse("aanbieder-home")).content.decode()
    for url in (detail_url(traject), status_url(traject, "lopend"), report_url(traject)):
        assert client.get(url).status_code == 404
    assert client.post(status_url(traject, "lopend"), {}).status_code == 404
    traject.refresh_from_db()
    assert traject.status == "aangemeld"
    assert AccessLog.objects.filter(user=stranger, client=client_obj, result="denied").exists()


def test_other_roles_are_kept_out(client, other_coach, client_user, client_obj, traject):
    login(client, other_coach)
    assert client.get(detail_url(traject)).status_code == 404
    assert client.get(create_url(client_obj)).status_code == 404
    login(client, client_user)
    assert client.get(detail_url(traject)).status_code == 403


def test_a_provider_never_sees_the_bsn_address_health_notes_or_other_trajecten(
    client, coach, aanbieder_user, client_obj, plan, traject
):
    Client.objects.filter(pk=client_obj.pk).update(street="Lindelaan", house_number="12", postcode="3011 AB")
    other = start(
        coach, client_obj, plan, instrument(aanbieder=AanbiederFactory(), name="Taalcoach Plus", category="financien")
    )
    run(coach, traject)
    services.report_add(
        request=request_as(coach),
        traject=traject,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        text="Eerste week goed.",
    )
    login(client, aanbieder_user)
    pages = [
        reverse("aanbieder-home"),
        detail_url(traject),
        report_url(traject),
        status_url(traject, "afgerond"),
        status_url(traject, "voortijdig_beeindigd"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for secret in (client_obj.bsn, "Lindelaan", "3011 AB", HEALTH_NOTE, "Taalcoach Plus"):
            assert secret not in html, (url, secret)
    assert client.get(detail_url(other)).status_code == 404
    # The goal and the reason are what the provider needs to know.
    html = client.get(detail_url(traject)).content.decode()
    assert plan.doelen.get().text in html and traject.reason in html


def test_outflow_is_registered_and_asked_after_at_6_and_12_months(client, coach, client_obj, traject):
    login(client, coach)
    url = reverse("trajecten:uitstroom-create", kwargs={"client_id": client_obj.pk})
    page = client.get(url)
    assert page.status_code == 200 and "Werkfit in de zorg" in page.content.decode()
    today = timezone.localdate()
    refused = client.post(url, {"on": today.isoformat(), "kind": "werk_deeltijd", "contract": "vast"})
    assert "Vul het aantal uren per week in." in refused.content.decode()
    response = client.post(
        url, {"on": today.isoformat(), "kind": "werk_deeltijd", "contract": "vast", "hours": 24, "traject": traject.pk}
    )
    assert response["Location"] == reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    uitstroom = Uitstroom.objects.get(client=client_obj)
    assert (uitstroom.hours, uitstroom.traject) == (24, traject)
    assert Client.objects.get(pk=client_obj.pk).status == "uitgestroomd"

    def followup_url(months):
        kwargs = {"client_id": client_obj.pk, "uitstroom_id": uitstroom.pk, "months": months}
        return reverse("trajecten:uitstroom-followup", kwargs=kwargs)

    assert client.get(followup_url(7)).status_code == 404
    too_early = client.post(followup_url(6), {"result": "nog_uit"})
    assert "Het is nog te vroeg om dit te vragen" in too_early.content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=190)):
        login(client, coach)
        assert client.post(followup_url(6), {"result": "nog_uit"}).status_code == 302
    with time_machine.travel(timezone.now() + timedelta(days=370)):
        login(client, coach)
        assert client.post(followup_url(12), {"result": "terug"}).status_code == 302
        assert "Dit is al vastgelegd" in client.get(followup_url(12)).content.decode()
    uitstroom.refresh_from_db()
    assert (uitstroom.followup_6, uitstroom.followup_12) == ("nog_uit", "terug")
    assert Client.objects.get(pk=client_obj.pk).status == "actief"


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_traject_detail_takes_the_same_queries_for_1_or_10_reports(client, coach, aanbieder_user, traject):
    run(coach, traject)
    today = timezone.localdate()

    def add_reports(n):
        for _ in range(n):
            services.report_add(
                request=request_as(aanbieder_user), traject=traject, period_start=today, period_end=today, text="Goed."
            )

    login(client, aanbieder_user)
    add_reports(1)
    one = _queries(client, detail_url(traject))
    add_reports(9)
    ten = _queries(client, detail_url(traject))
    assert one == ten <= 14  # includes the intake summary (fixed 4 queries)


def test_aanbieder_home_takes_the_same_queries_for_1_or_10_trajecten(client, coach, aanbieder_user, werkfit):
    def add_trajecten(n):
        for _ in range(n):
            someone = ClientFactory(coach=coach)
            traject = start(coach, someone, agreed_plan(coach, someone), werkfit)
            services.report_add(
                request=request_as(coach),
                traject=traject,
                period_start=timezone.localdate(),
                period_end=timezone.localdate(),
                text="Goed.",
            )

    login(client, aanbieder_user)
    add_trajecten(1)
    one = _queries(client, reverse("aanbieder-home"))
    add_trajecten(9)
    ten = _queries(client, reverse("aanbieder-home"))
    assert one == ten <= 8


def test_provider_sees_the_intake_summary_without_health_information(client, coach, client_obj):
    from django.urls import reverse

    from intake import services as intake_services
    from tests.auth import login
    from tests.factories import AanbiederFactory, UserFactory
    from tests.intake.test_services import PERSPECTIVE, all_scores
    from tests.trajecten.helpers import agreed_plan, instrument, request_as
    from trajecten import services as traject_services

    intake = intake_services.intake_start(request=request_as(coach), client=client_obj)
    scores = all_scores()
    scores["geestelijke_gezondheid"].update(work_on=True, note="Somberheid, bij de huisarts")
    scores["financien"].update(work_on=True)
    intake_services.intake_complete(
        request=request_as(coach),
        intake=intake,
        expected_version=1,
        fields={**PERSPECTIVE, "wishes": "Werken in een keuken", "functional_limits": "Niet lang staan"},
        scores=scores,
    )
    werkplus = AanbiederFactory()
    provider = UserFactory(aanbieder_account=True, aanbieder=werkplus)
    plan = agreed_plan(coach, client_obj)
    traject = traject_services.traject_start(
        request=request_as(coach),
        client=client_obj,
        instrument=instrument(aanbieder=werkplus),
        doel=plan.doelen.first(),
        reason="Past bij het doel.",
    )
    login(client, provider)
    html = client.get(reverse("trajecten:traject-detail", kwargs={"traject_id": traject.pk})).content.decode()
    assert "Werken in een keuken" in html and "Geld en schulden" in html
    for private in ("Geestelijke gezondheid", "Somberheid", "Niet lang staan", client_obj.bsn):
        assert private not in html
    login(client, coach)
    html = client.get(reverse("trajecten:traject-detail", kwargs={"traject_id": traject.pk})).content.decode()
    assert "Geestelijke gezondheid" in html and "Niet lang staan" in html


def _start_field(html):
    return re.search(r'<input[^>]*name="started_on"[^>]*>', html).group(0)


def test_a_traject_planned_later_offers_today_says_why_and_starts(client, coach, client_obj, plan, werkfit):
    today = timezone.localdate()
    planned = today + timedelta(days=10)
    traject = start(coach, client_obj, plan, werkfit, started_on=planned)
    login(client, coach)
    for page_url in (detail_url(traject), status_url(traject, "lopend")):
        html = client.get(page_url).content.decode()
        # Today is offered, not the planned day the service would refuse; the hint says why.
        assert f'value="{today.isoformat()}"' in _start_field(html)
        assert "Gepland vanaf" in html and "Start het traject pas als het echt begonnen is" in html
        assert "Leeg laten is vandaag" not in html
    # What the page offers is accepted.
    response = client.post(status_url(traject, "lopend"), {"started_on": today.isoformat()})
    assert response.status_code == 302
    traject.refresh_from_db()
    assert (traject.status, traject.started_on) == ("lopend", today)


def test_an_empty_start_date_is_today_even_when_the_plan_said_later(client, coach, client_obj, plan, werkfit):
    traject = start(coach, client_obj, plan, werkfit, started_on=timezone.localdate() + timedelta(days=10))
    login(client, coach)
    assert client.post(status_url(traject, "lopend"), {"started_on": ""}).status_code == 302
    traject.refresh_from_db()
    assert traject.started_on == timezone.localdate()


def test_a_start_on_the_planned_future_day_is_refused_with_a_message_that_matches(
    client, coach, client_obj, plan, werkfit
):
    planned = timezone.localdate() + timedelta(days=10)
    traject = start(coach, client_obj, plan, werkfit, started_on=planned)
    login(client, coach)
    response = client.post(status_url(traject, "lopend"), {"started_on": planned.isoformat()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een traject start pas als het begonnen is. Kies vandaag of de dag waarop het begon." in html
    assert "start het op die dag of later" in html
    traject.refresh_from_db()
    assert (traject.status, traject.started_on) == ("aangemeld", planned)
    # Once the planned day has come, it is the day offered.
    with time_machine.travel(planned + timedelta(hours=12), tick=False):
        assert TrajectStartForm(traject=traject).fields["started_on"].initial == planned
        run(coach, traject)
    traject.refresh_from_db()
    assert (traject.status, traject.started_on) == ("lopend", planned)
