"""The thread between client and coach: attachments, the answer promise, the notice mail, the team, IDOR."""

import pytest
from django.core import mail as django_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from clients.models import Contactmoment, Overdracht
from reintegratie.berichten.models import Bericht
from reintegratie.berichten.werkdagen import answer_due
from reintegratie.dossier.models import Document
from reintegratie.outbox.models import Mail
from reintegratie.outbox.services import outbox_flush
from tests.auth import login
from tests.dossier.files import ELF, pdf_bytes, upload
from tests.factories import ClientFactory, UserFactory

from .helpers import client_message

pytestmark = pytest.mark.django_db

PORTAL = reverse("berichten:portal-thread")


def _thread(client_obj):
    return reverse("berichten:client-thread", kwargs={"client_id": client_obj.pk})


def nl(day):
    return date_format(day, "j F Y")


def test_the_client_sends_a_message_with_a_document(client, client_user, client_obj, s3_storage, s3_server):
    login(client, client_user)
    response = client.post(
        PORTAL, {"text": "Hierbij mijn diploma.", "attachment": upload("diploma.pdf", pdf_bytes())}, follow=True
    )
    bericht = Bericht.objects.get()
    due = answer_due(timezone.localdate())
    assert (bericht.from_client, bericht.answer_due, bericht.coach, bericht.answered_at) == (
        True,
        due,
        client_obj.coach,
        None,
    )
    assert bericht.attachment == Document.objects.get() and bericht.attachment.category == "overig"
    body = response.content.decode()
    assert f"Uw bericht is verstuurd. U krijgt uiterlijk {nl(due)} antwoord." in body
    assert "Hierbij mijn diploma." in body and "diploma.pdf" in body
    assert len(s3_server.keys(s3_storage)) == 1


def test_the_client_files_the_attachment_under_the_chosen_category(client, client_user, client_obj, s3_storage):
    login(client, client_user)
    form = client.get(PORTAL).content.decode()
    assert "Wat voor document is de bijlage?" in form and '<option value="overig" selected>Iets anders</option>' in form
    assert 'value="medisch"' not in form  # the client cannot choose medisch
    client.post(PORTAL, {"text": "Mijn nieuwe cv.", "attachment": upload("cv.pdf", pdf_bytes()), "category": "cv"})
    document = Bericht.objects.get().attachment
    assert (document.category, document.client, document.uploaded_by) == ("cv", client_obj, client_user)
    page = client.get(reverse("dossier:portal-documents")).content.decode()
    assert "<td>Cv</td>" in page and "cv.pdf" in page and "<td>Iets anders</td>" not in page


def test_the_category_rules_hold_for_an_attachment_and_the_text_is_kept(client, client_user, s3_storage, s3_server):
    login(client, client_user)
    # The cv limit (5 MB), not the 10 MB of 'Iets anders'.
    big_cv = upload("cv.pdf", pdf_bytes() + b"%" + b"x" * (5 * 1024 * 1024))
    response = client.post(PORTAL, {"text": "Mijn lange cv.", "attachment": big_cv, "category": "cv"})
    body = response.content.decode()
    assert "Het bestand is te groot. Het mag hoogstens 5 MB zijn." in body and "Mijn lange cv.</textarea>" in body
    assert '<option value="cv" selected>Cv</option>' in body
    # Medisch is not the client's to choose.
    response = client.post(
        PORTAL, {"text": "Van de dokter.", "attachment": upload("brief.pdf", pdf_bytes()), "category": "medisch"}
    )
    body = response.content.decode()
    assert "Kies wat voor document de bijlage is." in body and "Van de dokter.</textarea>" in body
    assert (Bericht.objects.count(), Document.objects.count(), s3_server.keys(s3_storage)) == (0, 0, [])


def test_the_coach_may_file_an_attachment_as_medisch_and_the_name_rule_holds_elsewhere(
    client, coach, client_obj, s3_storage
):
    login(client, coach)
    url = _thread(client_obj)
    assert 'value="medisch"' in client.get(url).content.decode()
    response = client.post(
        url, {"text": "Het advies.", "attachment": upload("advies huisarts.pdf", pdf_bytes()), "category": "diploma"}
    )
    body = response.content.decode()
    assert "De naam van dit bestand wijst op medische gegevens." in body and "Het advies.</textarea>" in body
    assert not Bericht.objects.exists()
    client.post(
        url, {"text": "Het advies.", "attachment": upload("advies huisarts.pdf", pdf_bytes()), "category": "medisch"}
    )
    assert Bericht.objects.get().attachment.category == "medisch"


def test_a_bad_attachment_stores_nothing_and_keeps_the_text(client, client_user, s3_storage, s3_server):
    login(client, client_user)
    response = client.post(PORTAL, {"text": "Mijn cv zit erbij.", "attachment": upload("cv.pdf", ELF)})
    body = response.content.decode()
    assert response.status_code == 200 and "een programma, geen document" in body
    assert "Mijn cv zit erbij.</textarea>" in body
    assert (Bericht.objects.count(), Document.objects.count(), s3_server.keys(s3_storage)) == (0, 0, [])


def test_an_empty_message_is_refused(client, client_user):
    login(client, client_user)
    response = client.post(PORTAL, {"text": "   "})
    assert "Schrijf een bericht." in response.content.decode() and not Bericht.objects.exists()


def test_the_caseload_shows_the_due_date_then_that_it_is_late(client, coach, client_user, client_obj):
    bericht = client_message(client_obj)
    login(client, coach)
    page = client.get(reverse("clients:caseload")).content.decode()
    assert f"Bericht: antwoord uiterlijk {nl(bericht.answer_due)}" in page
    Bericht.objects.filter(pk=bericht.pk).update(answer_due=timezone.localdate().replace(day=1).replace(year=2025))
    page = client.get(reverse("clients:caseload")).content.decode()
    assert "Bericht te laat: antwoord was uiterlijk 1 " in page and "2025" in page


def test_the_coach_answers_and_the_client_gets_a_notice_without_content(
    client, coach, client_user, client_obj, django_capture_on_commit_callbacks
):
    client_obj.email = "anouk@example.org"
    client_obj.save(update_fields=["email"])
    question = client_message(client_obj)
    login(client, coach)
    with django_capture_on_commit_callbacks():
        response = client.post(_thread(client_obj), {"text": "Ik bel u morgen om 10 uur."})
    assert response.status_code == 302
    question.refresh_from_db()
    answer = Bericht.objects.get(from_client=False)
    assert question.answered_at == answer.created_at and question.answered_by == coach
    queued = Mail.objects.get(key=f"bericht:{answer.pk}")
    assert queued.status == "wachtend" and answer.__class__.objects.get(pk=answer.pk).notified_at
    for personal in ("10 uur", client_obj.first_name, client_obj.last_name, client_obj.bsn):
        assert personal not in queued.subject + queued.body
    outbox_flush()
    queued.refresh_from_db()
    assert queued.status == "verzonden" and queued.sent_at
    assert django_mail.outbox[-1].to == ["anouk@example.org"]
    assert "nieuw bericht" in django_mail.outbox[-1].body
    page = client.get(reverse("clients:caseload")).content.decode()
    assert "Bericht: antwoord uiterlijk" not in page


def test_a_message_becomes_a_contactmoment_once(client, coach, client_obj):
    bericht = client_message(client_obj, "Ik ben ziek en kom niet.")
    login(client, coach)
    url = reverse("berichten:bericht-contactmoment", kwargs={"bericht_id": bericht.pk})
    client.post(url)
    contact = Contactmoment.objects.get()
    assert (contact.client, contact.channel, contact.summary, contact.author) == (
        client_obj,
        "bericht",
        "Ik ben ziek en kom niet.",
        coach,
    )
    response = client.post(url, follow=True)
    assert "Dit bericht is al een contactmoment." in response.content.decode()
    assert Contactmoment.objects.count() == 1


def test_a_message_can_be_closed_without_an_answer(client, coach, client_obj):
    bericht = client_message(client_obj, "Dank u wel!")
    login(client, coach)
    client.post(reverse("berichten:bericht-close", kwargs={"bericht_id": bericht.pk}))
    bericht.refresh_from_db()
    assert bericht.answered_at and bericht.answered_by == coach and not Bericht.objects.filter(from_client=False)


def test_a_group_message_reaches_each_own_client_alone(client, coach, client_obj, other_coach):
    second = ClientFactory(coach=coach, first_name="Bram", last_name="Groepslid")
    stranger = ClientFactory(coach=other_coach)
    login(client, coach)
    url = reverse("berichten:group-create")
    page = client.get(url).content.decode()
    assert "Groepslid" in page and stranger.last_name not in page
    response = client.post(url, {"clients": [client_obj.pk, stranger.pk], "text": "Workshop solliciteren"})
    assert "Kies alleen cliënten uit uw eigen caseload." in response.content.decode()
    assert not Bericht.objects.exists()
    response = client.post(url, {"clients": [client_obj.pk, second.pk], "text": "Workshop solliciteren"}, follow=True)
    assert "Bericht verstuurd aan 2 cliënten." in response.content.decode()
    rows = list(Bericht.objects.all())
    assert {r.client for r in rows} == {client_obj, second} and len({r.group for r in rows}) == 1
    assert all(not r.from_client and r.answer_due is None for r in rows)


def test_the_team_sees_messages_after_a_handover_absence_or_when_late(client, coach, colleague, teamleider, client_obj):
    fresh = client_message(client_obj, "Gewoon een vraag.")
    handed = ClientFactory(coach=coach, last_name="Overgedragen")
    handed_msg = client_message(handed)
    handed.coach = colleague
    handed.save(update_fields=["coach"])
    Overdracht.objects.create(
        client=handed, from_coach=coach, to_coach=colleague, reason="herverdeling", created_by=teamleider
    )
    late = ClientFactory(coach=coach, last_name="Laatantwoord")
    late_msg = client_message(late)
    Bericht.objects.filter(pk=late_msg.pk).update(answer_due=timezone.localdate().replace(year=2025))
    away_coach = UserFactory(username="coach_weg", team=teamleider.team, is_active=False)
    away = ClientFactory(coach=away_coach, last_name="Afwezigcoach")
    client_message(away)
    login(client, teamleider)
    page = client.get(reverse("berichten:team-queue")).content.decode()
    assert "Overgedragen" in page and "cliënt is overgedragen" in page
    assert "Laatantwoord" in page and "te laat" in page
    assert "Afwezigcoach" in page and "werkcoach is afwezig" in page
    assert client_obj.last_name not in page
    assert fresh.pk and handed_msg.pk


def test_a_client_never_reads_another_clients_messages(client, client_user, client_obj, other_coach, coach):
    other = ClientFactory(coach=other_coach, last_name="Anderman")
    secret = client_message(other, "Geheim bericht van een ander.")
    login(client, client_user)
    assert "Geheim bericht" not in client.get(PORTAL).content.decode()
    for name in ("berichten:bericht-contactmoment", "berichten:bericht-close"):
        assert client.post(reverse(name, kwargs={"bericht_id": secret.pk})).status_code == 403
    login(client, coach)
    for name in ("berichten:bericht-contactmoment", "berichten:bericht-close"):
        assert client.post(reverse(name, kwargs={"bericht_id": secret.pk})).status_code == 404
    assert client.get(_thread(other)).status_code == 404
    secret.refresh_from_db()
    assert secret.answered_at is None and secret.contactmoment_id is None


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_message_pages_take_a_constant_number_of_queries(client, coach, client_user, client_obj):
    client_message(client_obj)
    login(client, coach)
    for _ in range(2):  # each read alone, then the names of their column types: once per connection
        _count(client, reverse("clients:client-detail", kwargs={"client_id": client_obj.pk}))
    staff_one, file_one = (
        _count(client, _thread(client_obj)),
        _count(client, reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})),
    )
    login(client, client_user)
    portal_one = _count(client, PORTAL)
    for n in range(6):
        client_message(client_obj, f"Vraag {n}")
    login(client, coach)
    assert _count(client, _thread(client_obj)) == staff_one
    assert _count(client, reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})) == file_one
    login(client, client_user)
    assert _count(client, PORTAL) == portal_one


def test_an_attachment_bigger_than_any_limit_is_dropped_and_the_text_kept(client, client_user, settings):
    settings.UPLOAD_MAX_BYTES = 64 * 1024
    login(client, client_user)
    big = upload("scan.pdf", pdf_bytes() + b"%" + b"x" * (200 * 1024))
    response = client.post(PORTAL, {"text": "Mijn scan.", "attachment": big})
    body = response.content.decode()
    assert "Het bestand is te groot." in body and "Mijn scan.</textarea>" in body
    assert not Bericht.objects.exists() and not Document.objects.exists()


def test_the_team_queue_takes_a_constant_number_of_queries(client, coach, teamleider):
    late = ClientFactory(coach=coach)
    Bericht.objects.filter(pk=client_message(late).pk).update(answer_due=timezone.localdate().replace(year=2025))
    login(client, teamleider)
    url = reverse("berichten:team-queue")
    one = _count(client, url)
    for _n in range(5):
        other = ClientFactory(coach=coach)
        Bericht.objects.filter(pk=client_message(other).pk).update(answer_due=timezone.localdate().replace(year=2025))
    assert _count(client, url) == one
    assert client.get(url).content.decode().count("te laat</span>") == 6
