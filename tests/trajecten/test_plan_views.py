"""The coach's plan van aanpak pages: the whole flow, refusals, access, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake import services as intake_services
from reintegratie.audit.models import AccessLog
from reintegratie.documents.models import Brief
from tests.auth import login
from tests.factories import ClientFactory, UserFactory
from tests.intake.test_services import PERSPECTIVE, all_scores, request_as
from trajecten import services
from trajecten.models import Actie, Doel, Instrument, Plan, PlanStatusChange, Traject

pytestmark = pytest.mark.django_db


def url(name, client, plan=None, **kwargs):
    kwargs["client_id"] = client.pk
    if plan is not None:
        kwargs["plan_id"] = plan.pk
    return reverse(f"trajecten:{name}", kwargs=kwargs)


def current(client):
    return Plan.objects.get(client=client, is_current=True)


def lock(client):
    return current(client).lock_version


def complete_intake(coach, client, *, work_on):
    """A completed brede intake that marks the given leefgebieden 'work on'."""
    intake = intake_services.intake_start(request=request_as(coach), client=client)
    scores = all_scores()
    for domain in work_on:
        scores[domain] = {**scores[domain], "work_on": True}
    return intake_services.intake_complete(
        request=request_as(coach),
        intake=intake,
        expected_version=intake.version,
        fields=dict(PERSPECTIVE),
        scores=scores,
    )


def plan_with_goals(coach, client, count, *, actions_per_goal=2):
    plan = services.plan_create(request=request_as(coach), client=client)
    for n in range(count):
        doel = services.doel_add(request=request_as(coach), plan=plan, leefgebied="werk_opleiding", text=f"Doel {n}")
        for owner in ["client", "werkcoach", "gemeente", "aanbieder"][:actions_per_goal]:
            services.actie_add(request=request_as(coach), doel=doel, text=f"Actie {n} {owner}", owner=owner)
    return plan


def page(client, client_obj):
    response = client.get(url("plan-detail", client_obj))
    assert response.status_code == 200
    return response.content.decode()


def test_the_coach_makes_agrees_and_changes_a_plan(client, coach, client_obj):
    login(client, coach)
    assert "Plan van aanpak maken" in page(client, client_obj)

    response = client.post(url("plan-create", client_obj))
    assert response.status_code == 302
    plan = current(client_obj)
    assert (plan.version, plan.status) == (1, "concept")

    # Two goals by hand.
    for leefgebied, text in [("werk_opleiding", "Werk vinden in de zorg"), ("lichamelijke_gezondheid", "Fitter")]:
        response = client.post(
            url("doel-create", client_obj, plan), {"leefgebied": leefgebied, "text": text, "lock": lock(client_obj)}
        )
        assert response.status_code == 302
    # One from the completed intake: debts were marked 'work on'; werk en opleiding is there already.
    complete_intake(coach, client_obj, work_on=["financien", "werk_opleiding"])
    assert "Doelen uit de intake overnemen" in page(client, client_obj)
    response = client.post(url("doelen-from-intake", client_obj, plan), {"lock": lock(client_obj)})
    assert response.status_code == 302
    werk, fitter, schulden = Doel.objects.filter(plan=plan).order_by("pk")
    assert schulden.leefgebied == "financien"
    assert Doel.objects.filter(plan=plan).count() == 3
    # The goal from the intake is a sentence to complete; the coach completes it.
    assert "[" in schulden.text
    response = client.post(
        url("doel-edit", client_obj, plan, doel_id=schulden.pk),
        {"leefgebied": "financien", "text": "Ik betaal mijn vaste lasten op tijd.", "lock": lock(client_obj)},
    )
    assert response.status_code == 302

    # Actions with different owners; every goal needs one before proposing.
    for doel, text, owner in [
        (werk, "Cv maken", "client"),
        (werk, "Werkgevers in de zorg benaderen", "werkcoach"),
        (fitter, "Sportproject aanbieden", "aanbieder"),
        (schulden, "Aanmelden bij schuldhulp", "gemeente"),
    ]:
        response = client.post(
            url("actie-create", client_obj, plan, doel_id=doel.pk),
            {"text": text, "owner": owner, "due": "", "lock": lock(client_obj)},
        )
        assert response.status_code == 302
    html = page(client, client_obj)
    assert "Wat de cliënt doet" in html and "Wat de gemeente, werkcoach of aanbieder doet" in html
    assert "Cv maken" in html and "Aanmelden bij schuldhulp" in html

    response = client.post(url("plan-status", client_obj, plan), {"to": "voorgelegd", "lock": lock(client_obj)})
    assert response.status_code == 302
    assert current(client_obj).status == "voorgelegd"
    assert "Akkoord vastleggen" in page(client, client_obj)

    response = client.post(
        url("plan-status", client_obj, plan),
        {"to": "akkoord", "agreed_how": "papier", "client_input": "Eerst mijn schulden.", "lock": lock(client_obj)},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.agreed_how, plan.client_input) == ("akkoord", "papier", "Eerst mijn schulden.")
    assert Brief.objects.filter(client=client_obj, kind="plan_van_aanpak").exists()

    # On the agreed plan an action is marked done, with a note.
    cv = Actie.objects.get(doel__plan=plan, text="Cv maken")
    assert client.get(url("actie-done", client_obj, plan, actie_id=cv.pk)).status_code == 200
    response = client.post(url("actie-done", client_obj, plan, actie_id=cv.pk), {"note": "Samen gemaakt"})
    assert response.status_code == 302
    cv.refresh_from_db()
    assert (cv.status, cv.done_note) == ("gedaan", "Samen gemaakt")

    # A change needs a new version; the agreed one stays the agreement.
    response = client.post(url("plan-version", client_obj, plan))
    assert response.status_code == 302
    new = current(client_obj)
    assert (new.version, new.status) == (2, "concept")
    old_action = Actie.objects.get(doel__plan=new, text="Werkgevers in de zorg benaderen")
    response = client.post(url("actie-delete", client_obj, new, actie_id=old_action.pk), {"lock": lock(client_obj)})
    assert response.status_code == 302
    new_werk = Doel.objects.get(plan=new, key=werk.key)
    response = client.post(
        url("actie-create", client_obj, new, doel_id=new_werk.pk),
        {"text": "Proefplaatsing regelen", "owner": "werkcoach", "lock": lock(client_obj)},
    )
    assert response.status_code == 302

    html = page(client, client_obj)
    assert "Wat is er veranderd sinds de afgesproken versie (1)?" in html
    assert "Actie: Proefplaatsing regelen (Werkcoach)" in html
    assert "Actie: Werkgevers in de zorg benaderen" in html
    assert "Versie 1, akkoord op" in html


def test_a_goal_without_action_cannot_be_proposed(client, coach, client_obj):
    plan = plan_with_goals(coach, client_obj, 1)
    services.doel_add(request=request_as(coach), plan=plan, leefgebied="financien", text="Schulden regelen")
    plan.refresh_from_db()
    login(client, coach)
    response = client.post(
        url("plan-status", client_obj, plan), {"to": "voorgelegd", "lock": plan.lock_version}, follow=True
    )
    html = response.content.decode()
    assert "Elk doel heeft minstens één actie nodig. Nog zonder actie: Schulden regelen." in html
    after = current(client_obj)
    assert (after.status, after.lock_version) == ("concept", plan.lock_version)
    assert not PlanStatusChange.objects.filter(plan=plan).exists()


def test_a_stale_page_gets_409_and_keeps_the_input(client, coach, client_obj):
    plan = services.plan_create(request=request_as(coach), client=client_obj)
    stale = plan.lock_version
    # Someone else adds a goal while this page is open.
    services.doel_add(request=request_as(coach), plan=plan, leefgebied="financien", text="Schulden regelen")
    login(client, coach)

    response = client.post(
        url("doel-create", client_obj, plan),
        {"leefgebied": "werk_opleiding", "text": "Werk in de techniek", "lock": stale},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft deze gegevens gewijzigd" in html
    assert "Werk in de techniek" in html
    assert "Schulden regelen" in html  # the plan as it is now
    assert f'value="{lock(client_obj)}"' in html  # saving again is a choice made after seeing it
    assert Doel.objects.filter(plan=plan).count() == 1

    response = client.post(
        url("plan-edit", client_obj, plan), {"evaluate_on": "2099-01-31", "client_input": "Mijn idee", "lock": stale}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mijn idee" in html and "Verschillen met wat nu is opgeslagen" in html
    assert current(client_obj).client_input == ""

    response = client.post(url("plan-status", client_obj, plan), {"to": "voorgelegd", "lock": stale}, follow=True)
    assert "Iemand anders heeft het plan gewijzigd" in response.content.decode()
    assert current(client_obj).status == "concept"


def test_a_proposed_plan_cannot_be_edited(client, coach, client_obj):
    plan = plan_with_goals(coach, client_obj, 1)
    plan = services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    doel = plan.doelen.get()
    actie = doel.acties.first()
    login(client, coach)
    html = page(client, client_obj)
    assert "Doel toevoegen" not in html and "Doel verwijderen" not in html

    response = client.post(
        url("doel-create", client_obj, plan),
        {"leefgebied": "financien", "text": "Schulden regelen", "lock": plan.lock_version},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit plan kan niet meer worden gewijzigd. Maak een nieuwe versie." in html
    assert "Schulden regelen" in html
    response = client.post(
        url("actie-delete", client_obj, plan, actie_id=actie.pk), {"lock": plan.lock_version}, follow=True
    )
    assert "Dit plan kan niet meer worden gewijzigd" in response.content.decode()
    response = client.post(
        url("plan-edit", client_obj, plan),
        {"evaluate_on": "2099-01-31", "client_input": "x", "lock": plan.lock_version},
    )
    assert "Dit plan kan niet meer worden gewijzigd" in response.content.decode()
    assert client.get(url("plan-edit", client_obj, plan)).status_code == 302
    assert Doel.objects.filter(plan=plan).count() == 1 and Actie.objects.filter(pk=actie.pk).exists()
    assert current(client_obj).client_input == ""


def test_status_forms_keep_their_input_and_refuse_what_the_coach_cannot_record(client, coach, client_obj):
    plan = plan_with_goals(coach, client_obj, 1)
    plan = services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    login(client, coach)
    status_url = url("plan-status", client_obj, plan)

    response = client.post(
        status_url, {"to": "concept", "note": "", "client_input": "Liever parttime", "lock": plan.lock_version}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Liever parttime" in html and "Dit veld is verplicht" in html
    # Agreement in the portal is the client's own act, not the coach's.
    response = client.post(status_url, {"to": "akkoord", "agreed_how": "portaal", "lock": plan.lock_version})
    assert response.status_code == 200
    assert current(client_obj).status == "voorgelegd"
    # Someone sent the plan back and proposed it again meanwhile: this page is stale.
    response = client.post(
        status_url,
        {"to": "akkoord", "agreed_how": "papier", "client_input": "Eerst schulden", "lock": plan.lock_version - 1},
    )
    assert response.status_code == 409
    assert "Eerst schulden" in response.content.decode()
    assert current(client_obj).status == "voorgelegd"
    # A made-up status is refused politely.
    response = client.post(status_url, {"to": "vervangen", "lock": plan.lock_version})
    assert response.status_code == 302
    assert current(client_obj).status == "voorgelegd"

    response = client.post(
        status_url,
        {"to": "concept", "note": "Wil parttime", "client_input": "Liever parttime", "lock": plan.lock_version},
    )
    assert response.status_code == 302
    after = current(client_obj)
    assert (after.status, after.client_input) == ("concept", "Liever parttime")
    assert after.history.last().note == "Wil parttime"


def test_a_goal_with_a_traject_stays_with_a_message(client, coach, client_obj):
    plan = plan_with_goals(coach, client_obj, 1)
    doel = plan.doelen.get()
    instrument = Instrument.objects.create(name="Werkfit", category="werk_opleiding")
    Traject.objects.create(client=client_obj, instrument=instrument, doel=doel, reason="Werkritme", created_by=coach)
    login(client, coach)
    confirm = client.get(url("doel-delete", client_obj, plan, doel_id=doel.pk)).content.decode()
    assert "Dit doel hoort bij een traject" in confirm and "Ja, verwijderen" not in confirm
    response = client.post(
        url("doel-delete", client_obj, plan, doel_id=doel.pk), {"lock": lock(client_obj)}, follow=True
    )
    assert "Dit doel hoort bij een traject" in response.content.decode()
    assert Doel.objects.filter(pk=doel.pk).exists()


def test_the_coach_changes_a_goal_and_an_action_on_their_own_pages(client, coach, client_obj):
    plan = plan_with_goals(coach, client_obj, 1, actions_per_goal=1)
    doel = plan.doelen.get()
    actie = doel.acties.get()
    login(client, coach)
    html = page(client, client_obj)
    assert url("doel-edit", client_obj, plan, doel_id=doel.pk) in html
    assert url("actie-edit", client_obj, plan, actie_id=actie.pk) in html

    form = client.get(url("doel-edit", client_obj, plan, doel_id=doel.pk))
    assert form.status_code == 200 and "Doel 0" in form.content.decode()
    response = client.post(
        url("doel-edit", client_obj, plan, doel_id=doel.pk),
        {"leefgebied": "financien", "text": "Ik betaal mijn huur op tijd.", "due": "", "lock": lock(client_obj)},
        follow=True,
    )
    assert "Het doel is opgeslagen." in response.content.decode()
    doel.refresh_from_db()
    assert (doel.leefgebied, doel.text) == ("financien", "Ik betaal mijn huur op tijd.")

    stale = lock(client_obj) - 1
    response = client.post(
        url("actie-edit", client_obj, plan, actie_id=actie.pk),
        {"text": "Budgetcoach bellen", "owner": "client", "due": "", "lock": stale},
    )
    assert response.status_code == 409
    assert "Budgetcoach bellen" in response.content.decode()
    response = client.post(
        url("actie-edit", client_obj, plan, actie_id=actie.pk),
        {"text": "Budgetcoach bellen", "owner": "werkcoach", "due": "", "lock": lock(client_obj)},
        follow=True,
    )
    assert "De actie is opgeslagen." in response.content.decode()
    actie.refresh_from_db()
    assert (actie.text, actie.owner) == ("Budgetcoach bellen", "werkcoach")


def test_deleting_asks_first_and_says_which_actions_go_with_a_goal(client, coach, client_obj):
    plan = plan_with_goals(coach, client_obj, 1, actions_per_goal=2)
    doel = plan.doelen.get()
    login(client, coach)
    # The plan page links to a question, it does not delete in one click.
    html = page(client, client_obj)
    assert f'action="{url("doel-delete", client_obj, plan, doel_id=doel.pk)}"' not in html
    confirm = client.get(url("doel-delete", client_obj, plan, doel_id=doel.pk))
    text = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Doel verwijderen?" in text and "Bij dit doel horen 2 acties. Die worden ook verwijderd" in text
    assert "Actie 0 client" in text and "Actie 0 werkcoach" in text
    assert Doel.objects.filter(pk=doel.pk).exists()

    actie = doel.acties.first()
    confirm = client.get(url("actie-delete", client_obj, plan, actie_id=actie.pk)).content.decode()
    assert "Actie verwijderen?" in confirm and actie.text in confirm
    assert Actie.objects.filter(pk=actie.pk).exists()

    response = client.post(
        url("doel-delete", client_obj, plan, doel_id=doel.pk), {"lock": lock(client_obj)}, follow=True
    )
    assert "Het doel en de 2 acties erbij zijn verwijderd." in response.content.decode()
    assert not Doel.objects.filter(pk=doel.pk).exists()


@pytest.mark.parametrize("state", ["concept", "new_version"])
def test_the_plan_page_runs_the_same_queries_for_one_and_ten_goals(client, coach, state):
    small, large = ClientFactory(coach=coach), ClientFactory(coach=coach)
    for client_obj, count in [(small, 1), (large, 10)]:
        plan = plan_with_goals(coach, client_obj, count)
        if state == "new_version":
            services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
            services.plan_transition(request=request_as(coach), plan=plan, to_status="akkoord", agreed_how="papier")
            new = services.plan_new_version(request=request_as(coach), plan=plan)
            services.doel_add(request=request_as(coach), plan=new, leefgebied="financien", text="Nieuw doel")
    login(client, coach)
    page(client, small)  # warm up the session
    counts = []
    for client_obj in (small, large):
        with CaptureQueriesContext(connection) as queries:
            html = page(client, client_obj)
        counts.append(len(queries.captured_queries))
    assert "Doel 9" in html
    assert counts[0] == counts[1], counts


def test_opening_the_plan_writes_an_access_log_row(client, coach, client_obj):
    plan_with_goals(coach, client_obj, 1)
    login(client, coach)
    before = AccessLog.objects.filter(client=client_obj, action="view").count()
    page(client, client_obj)
    row = AccessLog.objects.filter(client=client_obj, action="view").latest("pk")
    assert AccessLog.objects.filter(client=client_obj, action="view").count() == before + 1
    assert (row.user, row.path) == (coach, url("plan-detail", client_obj))


def _every_plan_url(client_obj, plan, doel, actie):
    return [
        ("get", url("plan-detail", client_obj)),
        ("post", url("plan-create", client_obj)),
        ("get", url("plan-edit", client_obj, plan)),
        ("post", url("plan-edit", client_obj, plan)),
        ("post", url("plan-status", client_obj, plan)),
        ("post", url("plan-version", client_obj, plan)),
        ("get", url("doel-create", client_obj, plan)),
        ("post", url("doel-create", client_obj, plan)),
        ("post", url("doelen-from-intake", client_obj, plan)),
        ("post", url("doel-delete", client_obj, plan, doel_id=doel.pk)),
        ("get", url("actie-create", client_obj, plan, doel_id=doel.pk)),
        ("post", url("actie-create", client_obj, plan, doel_id=doel.pk)),
        ("post", url("actie-delete", client_obj, plan, actie_id=actie.pk)),
        ("get", url("actie-done", client_obj, plan, actie_id=actie.pk)),
        ("post", url("actie-done", client_obj, plan, actie_id=actie.pk)),
    ]


def test_every_plan_url_of_another_coachs_client_answers_404(client, coach, colleague, foreign_client, client_obj):
    foreign_plan = plan_with_goals(foreign_client.coach, foreign_client, 1)
    foreign_plan.refresh_from_db()
    untouched = (foreign_plan.status, foreign_plan.lock_version)
    doel = foreign_plan.doelen.get()
    actie = doel.acties.first()
    urls = _every_plan_url(foreign_client, foreign_plan, doel, actie)
    login(client, coach)
    for method, address in urls:
        assert getattr(client, method)(address, {"lock": foreign_plan.lock_version}).status_code == 404, address
    # Nor through the coach's own client: the plan, goal and action must belong to it.
    plan_with_goals(coach, client_obj, 1)
    for method, address in _every_plan_url(client_obj, foreign_plan, doel, actie)[2:]:
        assert getattr(client, method)(address, {"lock": foreign_plan.lock_version}).status_code == 404, address
    # A colleague in the same team does not coach this client either.
    own = current(client_obj)
    own_doel = own.doelen.get()
    login(client, colleague)
    for method, address in _every_plan_url(client_obj, own, own_doel, own_doel.acties.first()):
        assert getattr(client, method)(address, {"lock": own.lock_version}).status_code == 404, address
    foreign_plan.refresh_from_db()
    assert (foreign_plan.status, foreign_plan.lock_version) == untouched
    assert Actie.objects.filter(pk=actie.pk).exists()


def test_the_teamleider_sees_the_plan_and_other_roles_are_refused(client, teamleider, coach, client_obj):
    plan_with_goals(coach, client_obj, 1)
    login(client, teamleider)
    assert "Doel 0" in page(client, client_obj)
    login(client, UserFactory(username="beheerder_x", beheerder=True))
    assert client.get(url("plan-detail", client_obj)).status_code == 403


def test_coach_text_in_the_plan_is_checked_for_plain_language_before_it_is_proposed(client, coach, client_obj):
    from django.urls import reverse

    from tests.auth import login
    from tests.trajecten.helpers import request_as
    from trajecten import services as plan_services

    plan = plan_services.plan_create(request=request_as(coach), client=client_obj)
    doel = plan_services.doel_add(
        request=request_as(coach),
        plan=plan,
        leefgebied="werk_opleiding",
        text="Indien mogelijk dient cliënt teneinde uitstroom te bewerkstelligen te solliciteren.",
    )
    plan_services.actie_add(request=request_as(coach), doel=doel, text="Solliciteren.", owner="client")
    login(client, coach)
    html = client.get(reverse("trajecten:plan-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    assert "Kan de tekst van het plan eenvoudiger?" in html
    assert "Gebruik &#x27;als&#x27; in plaats van &#x27;indien&#x27;" in html or "indien" in html.lower()


def test_plain_plan_text_shows_no_warning(client, coach, client_obj):
    from django.urls import reverse

    from tests.auth import login
    from tests.trajecten.helpers import request_as
    from trajecten import services as plan_services

    plan = plan_services.plan_create(request=request_as(coach), client=client_obj)
    doel = plan_services.doel_add(
        request=request_as(coach), plan=plan, leefgebied="werk_opleiding", text="U vindt werk in de zorg."
    )
    plan_services.actie_add(request=request_as(coach), doel=doel, text="U belt de werkgever.", owner="client")
    login(client, coach)
    html = client.get(reverse("trajecten:plan-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    assert "Kan de tekst van het plan eenvoudiger?" not in html
