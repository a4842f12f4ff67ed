"""The field history: who changed which field from what to what, and when (PostgreSQL triggers)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reintegratie.audit.models import AccessLog
from reintegratie.privacy.history import client_changes
from tests.auth import login
from tests.factories import ClientFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _edit_phone(client, client_obj, phone):
    url = reverse("clients:client-update", kwargs={"client_id": client_obj.pk})
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "id"}
    benefit = client_obj.benefit_start.isoformat() if client_obj.benefit_start else ""
    data.update(phone=phone, date_of_birth=client_obj.date_of_birth.isoformat(), benefit_start=benefit)
    data["version"] = client_obj.version
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    client_obj.refresh_from_db()


def _field(changes, label):
    return [(c, old, new) for c in changes for lbl, old, new in c.fields if lbl == label]


def test_an_edit_records_who_changed_which_field_from_what_to_what(require_postgres, client, coach, client_obj):
    old_phone = client_obj.phone
    login(client, coach)
    _edit_phone(client, client_obj, "06 11112222")

    [(change, old, new)] = [
        x for x in _field(client_changes(client_obj), "Telefoonnummer") if x[0].action == "gewijzigd"
    ]
    assert (old, new) == (old_phone or "(leeg)", "06 11112222")
    assert change.actor == coach and change.record == "Persoonsgegevens"
    # Only the changed field: the rest of the row is the same.
    assert [lbl for lbl, _o, _n in change.fields] == ["Telefoonnummer"]


def test_the_coach_sees_the_changes_with_names_and_dates(require_postgres, client, coach, client_obj):
    login(client, coach)
    _edit_phone(client, client_obj, "06 33334444")
    response = client.get(reverse("privacy:client-history", kwargs={"client_id": client_obj.pk}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "06 33334444" in body and "Telefoonnummer" in body and coach.get_full_name() in body
    change = next(c for c in client_changes(client_obj) if c.action == "gewijzigd")
    from reintegratie.privacy.history import datum_om

    assert datum_om(change.at) in body and " om " in datum_om(change.at)
    assert AccessLog.objects.filter(
        client=client_obj, user=coach, action="view", path__endswith="/wijzigingen/"
    ).exists()


def test_the_client_sees_their_own_changes_but_no_other_clients(
    require_postgres, client, coach, client_obj, client_user, other_coach
):
    login(client, coach)
    _edit_phone(client, client_obj, "06 55556666")
    other = ClientFactory(coach=coach, phone="06 99990000")
    _edit_phone(client, other, "06 77778888")
    client.logout()
    login(client, client_user)
    body = client.get(reverse("privacy:portal-history")).content.decode()
    assert "06 55556666" in body
    assert "06 77778888" not in body and other.last_name not in body


def test_the_history_page_is_404_outside_the_policy(client, other_coach, client_obj):
    login(client, other_coach)
    response = client.get(reverse("privacy:client-history", kwargs={"client_id": client_obj.pk}))
    assert response.status_code == 404


def test_reading_the_history_takes_a_constant_number_of_queries(require_postgres, client, coach, client_obj):
    login(client, coach)
    _edit_phone(client, client_obj, "06 10000001")
    with CaptureQueriesContext(connection) as few:
        client_changes(client_obj)
    for n in range(2, 7):
        _edit_phone(client, client_obj, f"06 1000000{n}")
    with CaptureQueriesContext(connection) as many:
        changes = client_changes(client_obj)
    assert len(_field(changes, "Telefoonnummer")) >= 6
    assert len(many) == len(few)


def test_plan_goal_changes_are_recorded_under_the_plan(require_postgres, coach, client_obj):
    import pghistory

    from tests.trajecten.helpers import agreed_plan

    with pghistory.context(user=coach.pk):
        plan = agreed_plan(coach, client_obj)
        doel = plan.doelen.first()
        doel.text = "Een baan van 20 uur vinden"
        doel.save()
    changes = client_changes(client_obj)
    [(change, _old, new)] = [x for x in _field(changes, "Doel") if x[0].action == "gewijzigd"]
    assert new == "Een baan van 20 uur vinden" and change.part == "Doel" and change.actor == coach
    assert change.record.startswith("Plan van aanpak, versie")


def test_a_deleted_goal_shows_what_was_there(require_postgres, coach, client_obj):
    import pghistory

    from tests.trajecten.helpers import agreed_plan, request_as
    from trajecten.services import plan_new_version
    from trajecten.services.plan import doel_remove

    with pghistory.context(user=coach.pk):
        concept = plan_new_version(request=request_as(coach), plan=agreed_plan(coach, client_obj))
        doel_remove(request=request_as(coach), doel=concept.doelen.get())
    removed = [c for c in client_changes(client_obj) if c.action == "verwijderd" and c.part == "Doel"]
    assert removed[0].actor == coach
    assert ("Doel", "Werk vinden in de zorg", "(leeg)") in removed[0].fields


def test_the_history_is_append_only(require_postgres, client_obj):
    from django.db import DatabaseError, transaction

    from reintegratie.privacy.models import ClientEvent

    event = ClientEvent.objects.filter(pgh_obj_id=client_obj.pk).first()
    assert event is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        ClientEvent.objects.filter(pk=event.pk).update(phone="06 00000000")
    with pytest.raises(DatabaseError), transaction.atomic():
        ClientEvent.objects.filter(pk=event.pk).delete()
    # Destruction of the client (reintegratie/bewaren) may delete, in its own transaction only.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL bewaren.vernietiging = 'aan'")
        with pytest.raises(DatabaseError), transaction.atomic():
            ClientEvent.objects.filter(pk=event.pk).update(phone="06 00000000")
        assert ClientEvent.objects.filter(pk=event.pk).delete()[0] == 1


def test_without_postgresql_the_pages_say_history_needs_it(monkeypatch, client, client_obj, client_user):
    from reintegratie.privacy import history

    monkeypatch.setattr(history, "history_available", lambda: False)
    login(client, client_user)
    body = client.get(reverse("privacy:portal-history")).content.decode()
    assert "alleen beschikbaar met PostgreSQL" in body


def test_the_plan_page_links_to_the_changes_of_that_plan_only(require_postgres, client, coach, client_obj):
    import pghistory

    from tests.trajecten.helpers import agreed_plan

    with pghistory.context(user=coach.pk):
        plan = agreed_plan(coach, client_obj)
        client_obj.phone = "06 13572468"
        client_obj.save()
    login(client, coach)
    page = client.get(reverse("trajecten:plan-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    current = client_obj.plans.get(is_current=True)
    link = reverse("privacy:client-history", kwargs={"client_id": client_obj.pk}) + f"?onderdeel=plan:{current.pk}"
    assert link in page
    body = client.get(link.replace(str(current.pk), str(plan.pk))).content.decode()
    assert "Werk vinden in de zorg" in body and "06 13572468" not in body


def test_the_history_page_takes_as_many_queries_for_many_changes_as_for_one(
    require_postgres, client, coach, client_obj
):
    login(client, coach)
    url = reverse("privacy:client-history", kwargs={"client_id": client_obj.pk})
    _edit_phone(client, client_obj, "06 20000001")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(2, 9):
        _edit_phone(client, client_obj, f"06 2000000{n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
