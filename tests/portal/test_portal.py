"""Mijn re-integratie: what the client sees, what stays internal, and what the client can do."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import Taak
from intake import services as intake_services
from intake.models import Trede
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.documents.models import Brief
from reintegratie.documents.services import brief_request
from tests.auth import login
from tests.factories import AfspraakFactory, ClientFactory, ContactmomentFactory, UserFactory
from tests.intake.test_services import PERSPECTIVE, all_scores
from trajecten import services
from trajecten.models import Actie, Plan, PlanStatusChange

pytestmark = pytest.mark.django_db

PAGES = ("home", "plan", "afspraken", "brieven", "intake", "inzage")
STAFF_IP = "10.20.30.40"


def url(name, **kwargs):
    return reverse(f"portal:{name}", kwargs=kwargs)


def request_as(user, ip=STAFF_IP):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = user
    return request


def build_plan(coach, client_obj, goals=1, *, status="voorgelegd", prefix="Doel"):
    """A plan made through the services: per goal one action for the client and one for the coach."""
    plan = services.plan_create(request=request_as(coach), client=client_obj)
    for n in range(goals):
        doel = services.doel_add(
            request=request_as(coach), plan=plan, leefgebied="werk_opleiding", text=f"{prefix} {n}"
        )
        services.actie_add(
            request=request_as(coach),
            doel=doel,
            text=f"Mijn actie {n}",
            owner="client",
            due=timezone.localdate() + timedelta(days=10),
        )
        services.actie_add(request=request_as(coach), doel=doel, text=f"Coach belt werkgever {n}", owner="werkcoach")
    return _move(coach, plan, status)


def _move(coach, plan, status):
    if status in ("voorgelegd", "akkoord"):
        plan = services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    if status == "akkoord":
        plan = services.plan_transition(request=request_as(coach), plan=plan, to_status="akkoord", agreed_how="papier")
    return Plan.objects.get(pk=plan.pk)


def ready_letter(client_obj, author, *, kind="voortgangsrapportage", source=None, shared=True):
    """A letter in state 'klaar' (rendering is tested in tests/documents)."""
    with mock.patch("reintegratie.documents.services.brief_publish"):
        brief = brief_request(
            request=request_as(author),
            client=client_obj,
            kind=kind,
            source=source or client_obj,
            shared_with_client=shared,
        )
    brief.pdf.save(f"{brief.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    brief.sha256, brief.status = "0" * 64, "klaar"
    brief.save()
    return brief


def html_of(client, name="home", **kwargs):
    response = client.get(url(name, **kwargs))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def post_plan(client, **data):
    return client.post(url("plan"), data)


def agree_data(plan):
    return {"form": "akkoord", "version": plan.version, "lock": plan.lock_version}


def one_h1(html):
    return len(re.findall(r"<h1[\s>]", html)) == 1


@pytest.fixture
def portal(client, client_user):
    """The Django test client, logged in as the client."""
    return login(client, client_user)


# --- Every page -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_for_the_client_with_one_h1_and_writes_a_view_row(portal, client_obj, client_user, name):
    html = html_of(portal, name)
    assert one_h1(html)
    assert 'style="' not in html and "<script>" not in html
    assert client_obj.bsn not in html
    row = AccessLog.objects.filter(client=client_obj, user=client_user).latest("pk")
    assert (row.action, row.path) == ("view", url(name))


@pytest.mark.parametrize("role", ["coach", "teamleider", "beheerder", "aanbieder_user"])
@pytest.mark.parametrize("name", [*PAGES, "actie-done"])
def test_staff_get_403_on_portal_pages(request, client, client_obj, role, name):
    login(client, request.getfixturevalue(role))
    kwargs = {"actie_id": 1} if name == "actie-done" else {}
    assert client.get(url(name, **kwargs)).status_code == 403
    assert client.post(url(name, **kwargs), {}).status_code in (403, 405)


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(url("plan"))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_a_client_login_lands_on_the_portal(client, client_user):
    response = client.post(
        reverse("accounts:login"), {"username": client_user.username, "password": "geheim-wachtwoord"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("home")


def test_an_account_without_a_client_file_sees_a_message_and_no_data(client):
    login(client, UserFactory(client_account=True))
    assert "nog niet gekoppeld" in html_of(client, "home")
    assert client.get(url("plan")).status_code == 404


# --- Home -------------------------------------------------------------------------------------------------------


def test_home_shows_coach_next_appointment_open_actions_of_both_sides_and_new_letters(portal, client_obj, coach):
    coach.phone, coach.reachable = "010 123 45 67", "maandag tot en met donderdag, 9.00 tot 12.00 uur"
    coach.save()
    AfspraakFactory(client=client_obj, purpose="Voortgangsgesprek")
    build_plan(coach, client_obj, status="akkoord")
    new = ready_letter(client_obj, coach)
    old = ready_letter(client_obj, coach)
    Brief.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    html = html_of(portal, "home")
    assert "Sanne de Vries" in html and "010 123 45 67" in html and "maandag tot en met donderdag" in html
    assert coach.email in html
    assert "Voortgangsgesprek" in html
    assert "Wat ik doe" in html and "Mijn actie 0" in html
    assert "Wat mijn werkcoach, de gemeente of de aanbieder doet" in html and "Coach belt werkgever 0" in html
    assert reverse("documents:brief-download", kwargs={"brief_id": new.pk}) in html
    assert reverse("documents:brief-download", kwargs={"brief_id": old.pk}) not in html
    assert "Heeft u een vraag?" in html and "Bel uw werkcoach" in html and 'href="tel:0101234567"' in html


def test_home_shows_no_actions_from_a_concept_never_proposed(portal, client_obj, coach):
    build_plan(coach, client_obj, status="concept", prefix="Geheim conceptdoel")
    html = html_of(portal, "home")
    assert "Mijn actie 0" not in html and "Coach belt werkgever" not in html
    assert "nog geen plan van aanpak" in html


# --- Plan: what the client sees ---------------------------------------------------------------------------------


def test_plan_page_shows_a_proposed_plan_with_goals_actions_owners_dates_and_the_choice(portal, client_obj, coach):
    plan = build_plan(coach, client_obj)
    html = html_of(portal, "plan")
    assert "Doel 0" in html and "Mijn actie 0" in html and "Coach belt werkgever 0" in html
    assert "uw werkcoach" in html
    assert plan.evaluate_on.strftime("%Y-%m-%d") in html
    assert "Ik ga akkoord met versie 1" in html and "Ik ben het niet eens" in html
    assert f'name="lock" value="{plan.lock_version}"' in html
    assert "Zelf iets toevoegen aan uw plan" in html


def test_a_concept_that_was_never_proposed_is_never_shown(portal, client_obj, coach):
    build_plan(coach, client_obj, status="concept", prefix="Geheim conceptdoel")
    html = html_of(portal, "plan")
    assert "Geheim conceptdoel" not in html and "Mijn actie" not in html
    assert "Ik ga akkoord" not in html
    assert "maakt uw plan nu klaar" in html


def test_while_a_new_version_is_drafted_the_client_sees_the_agreed_version_only(portal, client_obj, coach):
    agreed = build_plan(coach, client_obj, status="akkoord", prefix="Afgesproken doel")
    new = services.plan_new_version(request=request_as(coach), plan=agreed)
    services.doel_add(request=request_as(coach), plan=new, leefgebied="financien", text="Geheim nieuw doel")
    Plan.objects.filter(pk=new.pk).update(client_input="Interne aantekening in het concept")
    html = html_of(portal, "plan")
    assert "Afgesproken doel 0" in html and "Versie 1" in html
    assert "Geheim nieuw doel" not in html and "Interne aantekening" not in html and "Versie 2" not in html
    assert "maakt nu een nieuwe versie" in html
    assert "Ik ga akkoord" not in html


def test_a_proposed_new_version_shows_what_changed_since_the_agreed_version(portal, client_obj, coach):
    agreed = build_plan(coach, client_obj, status="akkoord", prefix="Afgesproken doel")
    new = services.plan_new_version(request=request_as(coach), plan=agreed)
    services.doel_add(request=request_as(coach), plan=new, leefgebied="financien", text="Schulden regelen")
    doel = new.doelen.get(text="Schulden regelen")
    services.actie_add(request=request_as(coach), doel=doel, text="Naar de schuldhulp", owner="gemeente")
    services.plan_transition(request=request_as(coach), plan=new, to_status="voorgelegd")
    html = html_of(portal, "plan")
    assert "Wat is er veranderd sinds de versie waarmee u akkoord ging (versie 1)?" in html
    assert "Doel: Schulden regelen" in html
    assert "Ik ga akkoord met versie 2" in html


def test_plan_page_links_the_plan_pdf_of_this_client(portal, client_obj, coach):
    plan = build_plan(coach, client_obj, status="akkoord")
    Brief.objects.filter(client=client_obj, kind="plan_van_aanpak").delete()
    letter = ready_letter(client_obj, coach, kind="plan_van_aanpak", source=plan)
    html = html_of(portal, "plan")
    href = reverse("documents:brief-download", kwargs={"brief_id": letter.pk})
    assert href in html and "Download uw plan als PDF" in html
    assert portal.get(href).status_code == 200


# --- Plan: agree, disagree, own input ---------------------------------------------------------------------------


def test_agreeing_to_the_version_read_records_agreement_in_the_portal_and_asks_for_the_plan_letter(
    portal, client_obj, client_user, coach
):
    plan = build_plan(coach, client_obj)
    response = post_plan(portal, **agree_data(plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.agreed_how) == ("akkoord", "portaal")
    assert PlanStatusChange.objects.filter(plan=plan, to_status="akkoord", by=client_user).exists()
    assert Brief.objects.filter(client=client_obj, kind="plan_van_aanpak", source_id=str(plan.pk)).exists()
    html = html_of(portal, "plan")
    assert "U bent akkoord met versie 1" in html and "Ik ga akkoord" not in html


def test_agreeing_to_an_older_version_number_is_refused(portal, client_obj, coach):
    agreed = build_plan(coach, client_obj, status="akkoord")
    new = services.plan_new_version(request=request_as(coach), plan=agreed)
    services.plan_transition(request=request_as(coach), plan=new, to_status="voorgelegd")
    new.refresh_from_db()
    post_plan(portal, form="akkoord", version=1, lock=new.lock_version)
    new.refresh_from_db()
    assert new.status == "voorgelegd"
    assert "Dit plan is intussen veranderd" in html_of(portal, "plan")


def test_agreeing_to_a_version_that_was_changed_and_proposed_again_is_refused(portal, client_obj, coach):
    """Same version number, other text: the page the client read is stale (the lock shows it)."""
    plan = build_plan(coach, client_obj)
    seen = agree_data(plan)
    services.plan_transition(request=request_as(coach), plan=plan, to_status="concept", note="Nog een doel erbij.")
    doel = services.doel_add(request=request_as(coach), plan=plan, leefgebied="financien", text="Extra doel")
    services.actie_add(request=request_as(coach), doel=doel, text="Extra actie", owner="client")
    services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    post_plan(portal, **seen)
    plan.refresh_from_db()
    assert (plan.version, plan.status) == (1, "voorgelegd")
    assert "Dit plan is intussen veranderd" in html_of(portal, "plan")


def test_disagreeing_creates_a_task_for_the_coach_and_puts_the_plan_back_to_concept(portal, client_obj, coach):
    plan = build_plan(coach, client_obj)
    data = {"form": "oneens", "version": plan.version, "lock": plan.lock_version}
    response = post_plan(portal, **data, reason="Ik wil eerst een taalcursus doen.")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "concept"
    taak = Taak.objects.get(client=client_obj)
    assert (taak.kind, taak.text) == ("plan_niet_akkoord", "Ik wil eerst een taalcursus doen.")
    html = html_of(portal, "plan")
    assert "U was het niet eens met het plan" in html and "Doel 0" not in html


def test_disagreeing_without_a_reason_shows_the_error_summary_and_changes_nothing(portal, client_obj, coach):
    plan = build_plan(coach, client_obj)
    response = post_plan(portal, form="oneens", version=plan.version, lock=plan.lock_version, reason=" ")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="formulierfouten"' in html and 'href="#oneens_reason"' in html
    plan.refresh_from_db()
    assert plan.status == "voorgelegd" and not Taak.objects.exists()


def test_disagreeing_with_a_stale_page_keeps_the_reason_and_changes_nothing(portal, client_obj, coach):
    plan = build_plan(coach, client_obj)
    response = post_plan(portal, form="oneens", version=plan.version, lock=plan.lock_version - 1, reason="Anders.")
    assert response.status_code == 409
    assert "Dit plan is intussen veranderd" in response.content.decode() and "Anders." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "voorgelegd" and not Taak.objects.exists()


def test_own_input_is_added_to_the_plan(portal, client_obj, coach):
    plan = build_plan(coach, client_obj)
    response = post_plan(portal, form="inbreng", text="Ik kan goed met mensen omgaan.")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert "Ik kan goed met mensen omgaan." in plan.client_input
    assert "Ik kan goed met mensen omgaan." in html_of(portal, "plan")


def test_own_input_goes_to_a_concept_without_showing_it(portal, client_obj, coach):
    plan = build_plan(coach, client_obj, status="concept", prefix="Geheim conceptdoel")
    assert post_plan(portal, form="inbreng", text="Ik wil in de zorg werken.").status_code == 302
    plan.refresh_from_db()
    assert "Ik wil in de zorg werken." in plan.client_input


def test_own_input_is_refused_when_there_is_no_plan(portal):
    response = post_plan(portal, form="inbreng", text="Iets")
    assert response.status_code == 302
    assert "U kunt nu niets toevoegen" in html_of(portal, "plan")


def test_an_unknown_plan_form_changes_nothing(portal, client_obj, coach):
    plan = build_plan(coach, client_obj)
    assert post_plan(portal, form="iets").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "voorgelegd"


# --- Own actions ------------------------------------------------------------------------------------------------


def test_the_client_marks_an_own_action_done_with_a_note(portal, client_obj, coach):
    plan = build_plan(coach, client_obj, status="akkoord")
    actie = Actie.objects.get(doel__plan=plan, owner="client")
    html = html_of(portal, "plan")
    assert url("actie-done", actie_id=actie.pk) in html
    assert "Mijn actie 0" in html_of(portal, "actie-done", actie_id=actie.pk)
    response = portal.post(url("actie-done", actie_id=actie.pk), {"note": "Brief is verstuurd."})
    assert response.status_code == 302
    actie.refresh_from_db()
    assert (actie.status, actie.done_note) == ("gedaan", "Brief is verstuurd.")


@pytest.mark.parametrize("which", ["coach_action", "foreign_action", "concept_action", "missing"])
def test_the_client_cannot_mark_any_other_action(portal, client_obj, coach, foreign_client, other_coach, which):
    plan = build_plan(coach, client_obj, status="akkoord")
    if which == "coach_action":
        actie = Actie.objects.get(doel__plan=plan, owner="werkcoach")
    elif which == "foreign_action":
        foreign_plan = build_plan(other_coach, foreign_client, status="akkoord")
        actie = Actie.objects.get(doel__plan=foreign_plan, owner="client")
    elif which == "concept_action":
        new = services.plan_new_version(request=request_as(coach), plan=plan)
        actie = Actie.objects.get(doel__plan=new, owner="client")
    else:
        actie = Actie(pk=999999)
    assert portal.get(url("actie-done", actie_id=actie.pk)).status_code == 404
    assert portal.post(url("actie-done", actie_id=actie.pk), {"note": "x"}).status_code == 404
    assert not Actie.objects.filter(status="gedaan").exists()


def test_an_action_of_the_agreed_version_waits_while_a_new_version_is_drafted(portal, client_obj, coach):
    plan = build_plan(coach, client_obj, status="akkoord")
    services.plan_new_version(request=request_as(coach), plan=plan)
    actie = Actie.objects.get(doel__plan=plan, owner="client")
    assert url("actie-done", actie_id=actie.pk) not in html_of(portal, "plan")
    assert "nieuwe versie van uw plan" in html_of(portal, "actie-done", actie_id=actie.pk)
    response = portal.post(url("actie-done", actie_id=actie.pk), {"note": ""})
    assert response.status_code == 200 and "nieuwe versie van uw plan" in response.content.decode()
    assert not Actie.objects.filter(status="gedaan").exists()


def test_an_action_that_is_done_cannot_be_done_again(portal, client_obj, coach):
    plan = build_plan(coach, client_obj, status="akkoord")
    actie = Actie.objects.get(doel__plan=plan, owner="client")
    portal.post(url("actie-done", actie_id=actie.pk), {"note": "Eerste keer."})
    html = html_of(portal, "actie-done", actie_id=actie.pk)
    assert "Deze actie is al klaar." in html and "Ja, dit is klaar" not in html
    portal.post(url("actie-done", actie_id=actie.pk), {"note": "Tweede keer."})
    actie.refresh_from_db()
    assert actie.done_note == "Eerste keer."


# --- Appointments and contact moments ---------------------------------------------------------------------------


def test_appointments_and_only_shared_contact_moments(portal, client_obj, coach):
    AfspraakFactory(client=client_obj, purpose="Gesprek over werk")
    AfspraakFactory(client=client_obj, geweest=True, purpose="Eerste kennismaking", outcome_note="Interne notitie")
    ContactmomentFactory(client=client_obj, summary="Gedeeld: we bespraken uw cv.", shared_with_client=True)
    ContactmomentFactory(client=client_obj, summary="Intern: twijfel over motivatie.", shared_with_client=False)
    ContactmomentFactory(client=ClientFactory(coach=coach), summary="Van een ander.", shared_with_client=True)
    html = html_of(portal, "afspraken")
    assert "Gesprek over werk" in html and "Eerste kennismaking" in html and "u was er" in html
    assert "Gedeeld: we bespraken uw cv." in html
    assert "Intern: twijfel" not in html and "Van een ander" not in html and "Interne notitie" not in html


def test_shared_agreements_are_told_to_the_client(portal, client_obj):
    """The coach typed "Cliënt neemt … mee"; the client reads "U neemt … mee", as in the progress report."""
    ContactmomentFactory(
        client=client_obj, shared_with_client=True, agreements="Cliënt neemt haar loonstroken mee.\nIk bel daarna."
    )
    html = html_of(portal, "afspraken")
    assert "U neemt uw loonstroken mee.<br>Uw werkcoach belt daarna." in html
    assert "Cliënt neemt" not in html


# --- Letters ----------------------------------------------------------------------------------------------------


def test_letters_page_lists_shared_letters_only_and_other_letters_cannot_be_downloaded(
    portal, client_obj, coach, foreign_client, other_coach
):
    shared = ready_letter(client_obj, coach)
    hidden = ready_letter(client_obj, coach, shared=False)
    foreign = ready_letter(foreign_client, other_coach)
    html = html_of(portal, "brieven")
    download = "documents:brief-download"
    assert reverse(download, kwargs={"brief_id": shared.pk}) in html and "Voortgangsrapportage" in html
    assert reverse(download, kwargs={"brief_id": hidden.pk}) not in html
    assert portal.get(reverse(download, kwargs={"brief_id": shared.pk})).status_code == 200
    assert portal.get(reverse(download, kwargs={"brief_id": hidden.pk})).status_code == 404
    assert portal.get(reverse(download, kwargs={"brief_id": foreign.pk})).status_code == 404


# --- Intake -----------------------------------------------------------------------------------------------------


def _completed_intake(coach, client_obj):
    intake = intake_services.intake_start(request=request_as(coach), client=client_obj)
    scores = all_scores(note="Interne notitie van de coach")
    scores["financien"].update(work_on=True, client_view="Ik wil van mijn schulden af.", support_note="Geheim")
    fields = {**PERSPECTIVE, "wishes": "Werken in de zorg.", "functional_limits": "Niet langer dan 2 uur staan."}
    return intake_services.intake_complete(
        request=request_as(coach), intake=intake, expected_version=intake.version, fields=fields, scores=scores
    )


def test_intake_page_shows_the_clients_own_words_and_the_ladder_without_internal_notes(portal, client_obj, coach):
    _completed_intake(coach, client_obj)
    Trede.objects.create(
        client=client_obj, on=timezone.localdate(), step=3, note="Interne tredenotitie", created_by=coach
    )
    html = html_of(portal, "intake")
    assert "Ik wil van mijn schulden af." in html and "Werken in de zorg." in html
    assert "Geld en schulden" in html and "ladder-bar" in html
    assert "Interne notitie van de coach" not in html and "Interne tredenotitie" not in html
    assert "Niet langer dan 2 uur staan" not in html and "Geheim" not in html
    assert "Dit klopt niet" in html


def test_this_is_not_right_creates_a_task_for_the_coach(portal, client_obj, coach):
    _completed_intake(coach, client_obj)
    response = portal.post(url("intake"), {"text": "Ik heb wel een rijbewijs."})
    assert response.status_code == 302
    taak = Taak.objects.get(client=client_obj)
    assert (taak.kind, taak.text) == ("intake_klopt_niet", "Ik heb wel een rijbewijs.")
    empty = portal.post(url("intake"), {"text": ""})
    assert 'id="formulierfouten"' in empty.content.decode() and Taak.objects.count() == 1


def test_intake_page_without_a_completed_intake(portal, client_obj, coach):
    intake_services.intake_start(request=request_as(coach), client=client_obj)
    html = html_of(portal, "intake")
    assert "nog niet klaar" in html and "Dit klopt niet" not in html


# --- Inzage -----------------------------------------------------------------------------------------------------


def test_inzage_lists_staff_access_newest_first_without_ip_or_path(portal, client_obj, client_user, coach):
    access_log_write(request=request_as(coach), client=client_obj, action=AccessLog.Action.VIEW)
    access_log_write(request=request_as(coach), client=client_obj, action=AccessLog.Action.CHANGE)
    access_log_write(request=request_as(client_user, ip="10.99.99.99"), client=client_obj, action="view")
    html = html_of(portal, "inzage")
    assert "Sanne de Vries" in html and "Werkcoach" in html
    assert "bekeken (1 keer), iets veranderd (1 keer)" in html
    assert STAFF_IP not in html and "10.99.99.99" not in html and "/clienten/" not in html
    assert client_user.get_full_name() not in html.split("<main")[1].split("</main>")[0]


def test_inzage_shows_only_this_client_and_pages_by_25_days(portal, client_obj, coach, foreign_client, other_coach):
    now = timezone.now()
    for days_ago in range(30):
        with time_machine.travel(now - timedelta(days=days_ago), tick=False):
            access_log_write(request=request_as(coach), client=client_obj, action=AccessLog.Action.VIEW)
    access_log_write(request=request_as(other_coach), client=foreign_client, action=AccessLog.Action.VIEW)
    first = html_of(portal, "inzage")
    row = "<strong>Sanne de Vries</strong> (Werkcoach)"
    assert first.count(row) == 25 and other_coach.get_full_name() not in first
    assert "Pagina 1 van 2" in first
    second = portal.get(url("inzage") + "?page=2").content.decode()
    assert second.count(row) == 5


def test_inzage_groups_one_persons_visits_of_a_day_with_count_and_times(portal, client_obj, coach):
    """Not three pages of identical rows from a few minutes: one line per person per day."""
    start = timezone.make_aware(datetime(2026, 12, 3, 9, 2))
    for minutes, action in [(0, "view"), (3, "view"), (5, "change"), (7, "view"), (9, "print")]:
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            access_log_write(request=request_as(coach), client=client_obj, action=action)
    html = html_of(portal, "inzage")
    main = html.split("<main")[1].split("</main>")[0]
    assert main.count("<strong>Sanne de Vries</strong> (Werkcoach)") == 1
    assert "donderdag 3 december 2026" in main
    assert "bekeken (3 keer), iets veranderd (1 keer), afgedrukt (1 keer)" in main
    assert "9.02" in main and "9.11" in main
    # The words are explained in plain Dutch.
    assert "Wat betekenen de woorden?" in main
    assert "Afgedrukt" in main and "maakte een brief voor u" in main
    assert "Geëxporteerd" in main and "bijvoorbeeld een rapport voor de teamleider" in main


def test_inzage_with_many_visits_shows_the_first_and_last_time(portal, client_obj, coach):
    start = timezone.make_aware(datetime(2026, 12, 2, 10, 0))
    for minutes in range(0, 40, 5):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            access_log_write(request=request_as(coach), client=client_obj, action="view")
    main = html_of(portal, "inzage").split("<main")[1].split("</main>")[0]
    assert "bekeken (8 keer)" in main and "8 keer, tussen 10.00 en 10.35 uur." in main


# --- A fixed number of queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["home", "plan"])
def test_home_and_plan_pages_run_the_same_queries_for_one_and_many_items(client, coach, name):
    counts = []
    for goals in (1, 6):
        person = ClientFactory(coach=coach)
        user = UserFactory(client_account=True)
        person.user = user
        person.save(update_fields=["user"])
        agreed = build_plan(coach, person, goals, status="akkoord")
        new = services.plan_new_version(request=request_as(coach), plan=agreed)
        for n in range(goals):
            doel = services.doel_add(request=request_as(coach), plan=new, leefgebied="financien", text=f"Nieuw {n}")
            services.actie_add(request=request_as(coach), doel=doel, text=f"Nieuwe actie {n}", owner="aanbieder")
        services.plan_transition(request=request_as(coach), plan=new, to_status="voorgelegd")
        for _ in range(goals):
            ready_letter(person, coach)
            AfspraakFactory(client=person)
        login(client, user)
        client.get(url(name))  # warm up the session
        with CaptureQueriesContext(connection) as queries:
            html = html_of(client, name)
        counts.append(len(queries.captured_queries))
    assert "Nieuwe actie 5" in html
    assert counts[0] == counts[1], counts


def test_a_shared_summary_is_told_to_the_client_or_quoted_as_the_coachs_words(portal, client_obj, coach):
    """A summary is written for colleagues ("Cliënt wil …"); the client reads "U wilt …", and a line
    whose "ze" or "hij" could mean someone else is shown as what the coach wrote, in quotes."""
    ContactmomentFactory(
        client=client_obj,
        shared_with_client=True,
        summary="Gesproken over de horeca. Cliënt wil graag weer in een keuken werken.\n"
        "Cliënt vertelde over de zorg voor haar moeder. Twee ochtenden per week kan ze niet.",
    )
    html = html_of(portal, "afspraken")
    assert "Gesproken over de horeca. U wilt graag weer in een keuken werken.<br>" in html
    assert (
        "Uw werkcoach schreef op: “Cliënt vertelde over de zorg voor haar moeder. "
        "Twee ochtenden per week kan ze niet.”" in html
    )
    # The client's own timeline tells it the same way; the coach's timeline keeps the coach's words.
    timeline = portal.get(reverse("portal:tijdlijn")).content.decode()
    assert "Gesproken over de horeca. U wilt graag weer in een keuken werken." in timeline
    assert "Cliënt wil graag" not in timeline
    login(portal, coach)
    staff = portal.get(reverse("clients:client-timeline", kwargs={"client_id": client_obj.pk})).content.decode()
    assert "Cliënt wil graag weer in een keuken werken." in staff
