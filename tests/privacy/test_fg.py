"""The privacy officer (FG): a named client's access log and change history, no content, every use logged."""

import pytest
from django.urls import reverse

from reintegratie.audit.models import AccessLog
from reintegratie.privacy.models import FgRaadpleging
from tests.auth import login
from tests.factories import ContactmomentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _consult(client, query, reason="klacht", note="Klacht K-17: wie opende mijn dossier?"):
    return client.post(reverse("privacy:fg-search"), {"query": query, "reason": reason, "note": note})


def test_the_fg_sees_who_opened_and_changed_the_file_but_no_content(
    require_postgres, client, coach, client_obj, fg_user
):
    import pghistory

    ContactmomentFactory(client=client_obj, author=coach, summary="Vertelde over haar schulden.")
    with pghistory.context(user=coach.pk):
        client_obj.phone = "06 24681357"
        client_obj.save()
    AccessLog.objects.create(user=coach, role="werkcoach", client=client_obj, action="view", path="/clienten/x/")
    login(client, fg_user)
    response = _consult(client, client_obj.bsn)
    assert response.status_code == 302
    # The BSN goes in the POST body only: never in a URL.
    assert client_obj.bsn not in response["Location"]
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert coach.get_full_name() in body and "Telefoonnummer" in body
    # No content: not the new value, not the contact's summary.
    assert "06 24681357" not in body and "schulden" not in body
    consult = FgRaadpleging.objects.get()
    assert (consult.user, consult.client, consult.reason, consult.note) == (
        fg_user,
        client_obj,
        "klacht",
        "Klacht K-17: wie opende mijn dossier?",
    )
    # Both the consultation and each look at the result are in the client's access log.
    assert AccessLog.objects.filter(client=client_obj, user=fg_user, role="fg", action="view").count() == 2


def test_the_fg_finds_a_client_by_client_number(client, client_obj, fg_user):
    login(client, fg_user)
    response = _consult(client, str(client_obj.client_number), reason="datalek", note="Datalek D-3")
    assert response.status_code == 302
    assert FgRaadpleging.objects.get().client == client_obj


@pytest.mark.parametrize(
    ("query", "reason", "note", "message"),
    [
        ("", "klacht", "x", "Dit veld is verplicht"),
        ("12ab", "klacht", "x", "Vul alleen cijfers in"),
        ("999999990", "klacht", "x", "Er is geen cliënt met dit BSN of cliëntnummer"),
        (None, "", "x", "Dit veld is verplicht"),
        (None, "klacht", "   ", "Dit veld is verplicht"),
    ],
)
def test_a_consultation_needs_a_client_and_a_reason(client, client_obj, fg_user, query, reason, note, message):
    login(client, fg_user)
    response = _consult(client, client_obj.bsn if query is None else query, reason=reason, note=note)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FgRaadpleging.objects.exists()
    assert not AccessLog.objects.filter(user=fg_user).exists()


def test_a_consultation_is_only_for_the_fg_who_made_it(client, client_obj, fg_user):
    login(client, fg_user)
    location = _consult(client, client_obj.bsn)["Location"]
    client.logout()
    login(client, UserFactory(username="fg_b", fg=True))
    assert client.get(location).status_code == 404


def test_the_fg_cannot_open_the_client_file(client, client_obj, fg_user):
    login(client, fg_user)
    assert client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})).status_code in (403, 404)
    assert client.get(reverse("home"))["Location"] == reverse("privacy:fg-search")


def test_the_client_sees_that_the_fg_looked(client, client_obj, client_user, fg_user):
    login(client, fg_user)
    _consult(client, client_obj.bsn)
    client.logout()
    login(client, client_user)
    body = client.get(reverse("portal:inzage")).content.decode()
    assert "Functionaris gegevensbescherming" in body and fg_user.get_full_name() in body
