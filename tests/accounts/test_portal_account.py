import re

import pytest
from django.core import mail
from django.urls import reverse

from clients.models import Client
from reintegratie.outbox.services import outbox_flush
from tests.auth import login

pytestmark = pytest.mark.django_db


def link_from(message):
    return re.search(r"http://testserver(/account/wachtwoord-kiezen/\S+/)", message.body).group(1)


def test_coach_invites_the_client_who_activates_and_logs_in(
    client, coach, client_obj, django_capture_on_commit_callbacks
):
    client_obj.email = "Anouk@Example.org"
    client_obj.save()
    login(client, coach)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("clients:portal-invite", kwargs={"client_id": client_obj.pk}))
    assert outbox_flush() == (1, 0)  # the worker's job: hand the queued mail to the mail server
    account = Client.objects.get(pk=client_obj.pk).user
    assert (account.username, account.role, account.has_usable_password()) == ("anouk@example.org", "client", False)
    message = mail.outbox[0]
    assert message.to == ["anouk@example.org"]
    for private in (client_obj.last_name, client_obj.bsn):
        assert private not in message.body

    browser = client.__class__()
    form_page = browser.get(link_from(message), follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "een-lang-wachtwoord-2026", "new_password2": "een-lang-wachtwoord-2026"},
    )
    assert done.status_code == 302
    response = browser.post(
        reverse("accounts:login"),
        {"username": "anouk@example.org", "password": "een-lang-wachtwoord-2026"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    # The link works once; a second invite for an activated account is refused.
    assert not browser.get(link_from(message), follow=True).context["validlink"]
    client.post(reverse("clients:portal-invite", kwargs={"client_id": client_obj.pk}))
    assert len(mail.outbox) == 1


def test_invite_needs_an_email_address(client, coach, client_obj):
    client_obj.email = ""
    client_obj.save()
    login(client, coach)
    response = client.post(reverse("clients:portal-invite", kwargs={"client_id": client_obj.pk}), follow=True)
    assert "Vul eerst het e-mailadres" in response.content.decode()
    assert Client.objects.get(pk=client_obj.pk).user is None


def test_password_reset_sends_a_link_without_personal_details(client, client_user):
    client_user.email = "klant@example.org"
    client_user.set_password("oud-wachtwoord-123")
    client_user.save()
    response = client.post(reverse("accounts:password-reset"), {"email": "klant@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "Nieuw wachtwoord" in mail.outbox[0].subject
    assert "/account/wachtwoord-kiezen/" in mail.outbox[0].body
    # An unknown address gives the same answer and no mail.
    client.post(reverse("accounts:password-reset"), {"email": "niemand@example.org"})
    assert len(mail.outbox) == 1
