import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake import services
from intake.models import Intake
from intake.workflow import Leefgebied
from reintegratie.audit.models import AccessLog
from tests.auth import login
from tests.intake.test_services import PERSPECTIVE, all_scores, request_as

pytestmark = pytest.mark.django_db


def form_data(intake, *, scores=None, **fields):
    """What the intake page posts: the intake form plus one small form per leefgebied."""
    data = {"intake-version": intake.version, "score-TOTAL_FORMS": 13, "score-INITIAL_FORMS": 13}
    for name, value in fields.items():
        data[f"intake-{name}"] = value
    for i, domain in enumerate(Leefgebied.values):
        data[f"score-{i}-leefgebied"] = domain
        data[f"score-{i}-support"] = "geen"
        if scores and domain in scores:
            for name, value in scores[domain].items():
                data[f"score-{i}-{name}"] = value
    return data


@pytest.fixture
def intake(coach, client_obj):
    return services.intake_start(request=request_as(coach), client=client_obj)


def edit_url(intake):
    return reverse("intake:intake-edit", kwargs={"client_id": intake.client_id, "intake_id": intake.pk})


def test_coach_starts_an_intake_from_the_client_file(client, coach, client_obj):
    login(client, coach)
    response = client.post(reverse("intake:intake-start", kwargs={"client_id": client_obj.pk}))
    intake = Intake.objects.get(client=client_obj)
    assert response["Location"] == edit_url(intake)


def test_save_as_draft_and_come_back(client, coach, intake):
    login(client, coach)
    data = form_data(intake, wishes="Werken met mensen", scores={"financien": {"score": 2, "client_view": "Schulden"}})
    response = client.post(edit_url(intake), {**data, "save": "1"})
    assert response.status_code == 302
    page = client.get(edit_url(intake))
    html = page.content.decode()
    assert "Werken met mensen" in html and "Schulden" in html


def test_completing_with_missing_scores_keeps_the_input_and_says_what_is_missing(client, coach, intake):
    login(client, coach)
    scores = {domain: {"score": 3} for domain in Leefgebied.values[:12]}
    data = form_data(intake, wishes="Mijn wens", scores=scores, **PERSPECTIVE)
    response = client.post(edit_url(intake), {**data, "complete": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geef nog een score voor: Justitie." in html
    assert "Mijn wens" in html
    intake.refresh_from_db()
    assert intake.status == "concept" and intake.wishes == "Mijn wens"
    # The form now carries the saved version: completing again works.
    scores["justitie"] = {"score": 4}
    again = form_data(intake, wishes="Mijn wens", scores=scores, **PERSPECTIVE)
    assert client.post(edit_url(intake), {**again, "complete": "1"}).status_code == 302
    intake.refresh_from_db()
    assert intake.status == "afgerond"


def test_a_completed_intake_opens_its_summary(client, coach, intake):
    services.intake_complete(
        request=request_as(coach), intake=intake, expected_version=1, fields=dict(PERSPECTIVE), scores=all_scores()
    )
    login(client, coach)
    response = client.get(edit_url(intake))
    assert response["Location"].endswith("/samenvatting/")


def test_the_client_file_shows_the_intake_summary_first(client, coach, intake, client_obj):
    services.intake_complete(
        request=request_as(coach),
        intake=intake,
        expected_version=1,
        fields={**PERSPECTIVE, "wishes": "Kok worden"},
        scores=all_scores(),
    )
    login(client, coach)
    html = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    assert html.index("Wat we al weten") < html.index("Persoonsgegevens")
    assert "Kok worden" in html
    assert "Herbeoordeling starten" in html


def test_summary_is_logged_as_a_view(client, coach, intake, client_obj):
    login(client, coach)
    client.get(reverse("intake:intake-detail", kwargs={"client_id": client_obj.pk, "intake_id": intake.pk}))
    assert AccessLog.objects.filter(client=client_obj, action="view", path__endswith="/samenvatting/").exists()


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_intake_pages_run_a_fixed_number_of_queries(client, coach, intake, client_obj):
    from intake.models import Beroep

    login(client, coach)
    detail = reverse("intake:intake-detail", kwargs={"client_id": client_obj.pk, "intake_id": intake.pk})
    few_edit, few_detail = queries(client, edit_url(intake)), queries(client, detail)
    intake.target_occupations.set(Beroep.objects.all()[:10])
    services.intake_save(
        request=request_as(coach), intake=intake, expected_version=1, fields={}, scores=all_scores(4, note="x")
    )
    assert queries(client, edit_url(intake)) == few_edit
    assert queries(client, detail) == few_detail


def test_client_file_queries_do_not_grow_with_intakes(client, coach, client_obj):
    login(client, coach)
    url = reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    queries(client, url)  # each read alone, once per connection (clients.compiled_batch)
    queries(client, url)  # and the names of their column types
    baseline = queries(client, url)
    for _ in range(3):
        intake = services.intake_start(request=request_as(coach), client=client_obj)
        services.intake_complete(
            request=request_as(coach), intake=intake, expected_version=1, fields=dict(PERSPECTIVE), scores=all_scores()
        )
    queries(client, url)  # the new reads alone, once
    queries(client, url)  # and the names of their column types
    grown = queries(client, url)
    # The first completed intake adds its scores, its occupations, the open vacancies to match and its
    # summary letter (the letters, none before, were only probed); more intakes add none (the previous
    # intake, which the file does not show, is not read).
    intake = services.intake_start(request=request_as(coach), client=client_obj)
    services.intake_complete(
        request=request_as(coach), intake=intake, expected_version=1, fields=dict(PERSPECTIVE), scores=all_scores()
    )
    # On PostgreSQL the scores and occupations are read in one round trip, and the letters with the
    # file's other lists (clients.compiled_batch): two more instead of four.
    assert queries(client, url) == grown == baseline + (2 if connection.vendor == "postgresql" else 4)


def test_coach_registers_a_ladder_step(client, coach, client_obj):
    login(client, coach)
    response = client.post(
        reverse("intake:trede-create", kwargs={"client_id": client_obj.pk}),
        {"on": "2026-01-15", "step": "4", "note": "Vrijwilligerswerk bij de voedselbank"},
    )
    assert response.status_code == 302
    html = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    assert "Vrijwilligerswerk bij de voedselbank" in html and "<svg" in html


@pytest.mark.parametrize("total", ["0", "5", "14"])
def test_a_page_with_another_number_of_scores_saves_nothing_and_says_so(client, coach, intake, total):
    """An old or altered page (another score count than the intake has) is refused in Dutch, not a crash."""
    login(client, coach)
    data = form_data(intake, wishes="Niet bewaren", scores={"financien": {"score": 2}})
    data["score-TOTAL_FORMS"] = total
    response = client.post(edit_url(intake), {**data, "save": "1"})
    assert response.status_code == 200
    assert "De scores op de pagina hoorden niet bij deze intake. Niets is opgeslagen" in response.content.decode()
    intake.refresh_from_db()
    assert intake.version == 1 and intake.wishes == ""
