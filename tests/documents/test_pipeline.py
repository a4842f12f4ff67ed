"""The letter pipeline against the real database, WeasyPrint and (where marked) Redis."""

import time
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from reintegratie.audit.models import AccessLog
from reintegratie.celery import app as celery_app
from reintegratie.documents import services
from reintegratie.documents.models import Brief, BriefKind, BriefStatus
from tests.auth import login
from tests.dbstate import refusal
from tests.factories import AfspraakFactory, ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager():
    """Run tasks in-process, as the embedded default does."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@contextmanager
def broker(url, *, eager=False):
    """Point the Celery app at another broker for a while (its connection pools are cached)."""
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)

    def switch(always_eager, broker_url):
        celery_app.conf.task_always_eager = always_eager
        # Celery resolved the read/write URLs from broker_url at start-up; move all three.
        celery_app.conf.broker_url = celery_app.conf.broker_write_url = celery_app.conf.broker_read_url = broker_url
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    switch(eager, url)
    try:
        yield
    finally:
        switch(*previous)


UNREACHABLE = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


def request_as(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def invite(coach, client, **kwargs):
    afspraak = AfspraakFactory(client=client)
    return services.brief_request(
        request=request_as(coach), client=client, kind=BriefKind.UITNODIGING_AFSPRAAK, source=afspraak, **kwargs
    )


def test_a_rolled_back_transaction_sends_no_task_and_leaves_no_letter(coach, client_obj, eager):
    with mock.patch.object(services, "brief_publish") as publish, pytest.raises(RuntimeError), transaction.atomic():
        invite(coach, client_obj)
        raise RuntimeError("the event that caused the letter failed")
    publish.assert_not_called()
    assert not Brief.objects.exists()


def test_the_task_is_published_only_after_commit(coach, client_obj, django_capture_on_commit_callbacks):
    with mock.patch.object(services, "brief_publish") as publish:
        with django_capture_on_commit_callbacks() as callbacks:
            brief = invite(coach, client_obj)
            publish.assert_not_called()
        assert len(callbacks) == 1
        callbacks[0]()
    publish.assert_called_once_with(brief.pk)


def test_requested_letter_is_rendered_to_a_pdf_with_scores(
    coach, client_obj, eager, django_capture_on_commit_callbacks
):
    client_obj.email = "anouk@example.org"
    client_obj.save()
    with django_capture_on_commit_callbacks(execute=True):
        brief = invite(coach, client_obj)
    brief.refresh_from_db()
    assert brief.status == BriefStatus.KLAAR
    data = brief.pdf.read()
    assert data.startswith(b"%PDF-")
    assert len(brief.sha256) == 64
    assert brief.readability["flesch_douma"] >= 65
    assert brief.pdf.name == f"brieven/{brief.pk}.pdf"
    # One notification, without personal details.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Er staat een nieuwe brief voor u klaar"
    assert message.to == ["anouk@example.org"]
    for private in (client_obj.first_name, client_obj.last_name, client_obj.bsn, str(client_obj.client_number)):
        assert private not in message.body


def test_rendering_twice_yields_one_pdf(coach, client_obj):
    brief = invite(coach, client_obj)
    first = services.brief_render(brief_id=brief.pk)
    assert first.status == BriefStatus.KLAAR
    name, digest = first.pdf.name, first.sha256
    assert services.brief_render(brief_id=brief.pk) is None
    brief.refresh_from_db()
    assert (brief.pdf.name, brief.sha256, brief.attempts) == (name, digest, 1)


def test_a_new_request_for_the_same_appointment_is_a_new_version(coach, client_obj):
    afspraak = AfspraakFactory(client=client_obj)
    first = services.brief_request(
        request=request_as(coach), client=client_obj, kind=BriefKind.UITNODIGING_AFSPRAAK, source=afspraak
    )
    second = services.brief_request(
        request=request_as(coach), client=client_obj, kind=BriefKind.UITNODIGING_AFSPRAAK, source=afspraak
    )
    assert (first.version, second.version) == (1, 2)


def test_a_source_of_another_client_is_refused(coach, client_obj, foreign_client):
    foreign_afspraak = AfspraakFactory(client=foreign_client)
    with refusal(r"Deze brief past niet bij deze cliënt\."):
        services.brief_request(
            request=request_as(coach),
            client=client_obj,
            kind=BriefKind.UITNODIGING_AFSPRAAK,
            source=foreign_afspraak,
        )


def test_failing_render_is_retried_then_marked_failed_and_can_be_retried(coach, client_obj):
    brief = invite(coach, client_obj)
    with mock.patch("reintegratie.documents.renderer.render_html_to_pdf", side_effect=OSError("disk full")):
        for attempt in range(1, 4):
            services.brief_render(brief_id=brief.pk)
            brief.refresh_from_db()
            assert brief.attempts == attempt
    assert brief.status == BriefStatus.MISLUKT
    assert brief.last_error == "OSError"
    services.brief_retry(request=request_as(coach), brief=brief)
    brief.refresh_from_db()
    assert (brief.status, brief.attempts) == (BriefStatus.IN_WACHTRIJ, 0)
    assert services.brief_render(brief_id=brief.pk).status == BriefStatus.KLAAR


def test_sweep_republishes_lost_and_abandoned_letters(coach, client_obj):
    waiting = invite(coach, client_obj)
    abandoned = invite(coach, client_obj)
    fresh = invite(coach, client_obj)
    long_ago = timezone.now() - timedelta(minutes=10)
    Brief.objects.filter(pk=waiting.pk).update(queued_at=long_ago)
    Brief.objects.filter(pk=abandoned.pk).update(status=BriefStatus.BEZIG, claimed_at=long_ago, attempts=1)
    with mock.patch.object(services, "brief_publish", return_value=True) as publish:
        assert services.briefs_sweep() == 2
    assert {call.args[0] for call in publish.call_args_list} == {waiting.pk, abandoned.pk}
    assert fresh.pk not in {call.args[0] for call in publish.call_args_list}
    # A worker that died mid-render left the claim behind; the next render takes it over.
    assert services.brief_render(brief_id=abandoned.pk).status == BriefStatus.KLAAR


def test_a_live_claim_is_not_taken_over(coach, client_obj):
    brief = invite(coach, client_obj)
    Brief.objects.filter(pk=brief.pk).update(status=BriefStatus.BEZIG, claimed_at=timezone.now(), attempts=1)
    assert services.brief_render(brief_id=brief.pk) is None


def test_publish_never_raises_when_the_broker_is_down(coach, client_obj):
    brief = invite(coach, client_obj)
    with broker(UNREACHABLE):
        started = time.monotonic()
        assert services.brief_publish(brief.pk) is False
        assert time.monotonic() - started < 5
    brief.refresh_from_db()
    assert brief.status == BriefStatus.IN_WACHTRIJ


def test_progress_reports_are_requested_once_per_period(coach, eager):
    old = ClientFactory(coach=coach)
    new = ClientFactory(coach=coach)
    Brief.objects.none()
    from clients.models import Client

    Client.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=200))
    today = timezone.localdate()
    assert services.progress_reports_due(period=today) == 1
    assert services.progress_reports_due(period=today) == 0
    report = Brief.objects.get(client=old)
    assert (report.kind, report.created_by, report.period) == (BriefKind.VOORTGANGSRAPPORTAGE, coach, today)
    assert not Brief.objects.filter(client=new).exists()


def test_download_is_an_attachment_and_is_logged(client, coach, client_obj):
    brief = invite(coach, client_obj)
    services.brief_render(brief_id=brief.pk)
    login(client, coach)
    response = client.get(reverse("documents:brief-download", kwargs={"brief_id": brief.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert client_obj.last_name not in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AccessLog.objects.filter(client=client_obj, action="print", user=coach).exists()


def test_client_downloads_own_shared_letters_only(client, coach, client_obj, client_user):
    shared = invite(coach, client_obj)
    internal = invite(coach, client_obj, shared_with_client=False)
    for brief in (shared, internal):
        services.brief_render(brief_id=brief.pk)
    login(client, client_user)
    assert client.get(reverse("documents:brief-download", kwargs={"brief_id": shared.pk})).status_code == 200
    assert client.get(reverse("documents:brief-download", kwargs={"brief_id": internal.pk})).status_code == 404


def test_a_letter_not_ready_cannot_be_downloaded(client, coach, client_obj):
    brief = invite(coach, client_obj)
    login(client, coach)
    assert client.get(reverse("documents:brief-download", kwargs={"brief_id": brief.pk})).status_code == 404


def test_coach_text_with_difficult_words_gets_suggestions_before_sending(client, coach, client_obj):
    afspraak = AfspraakFactory(client=client_obj)
    login(client, coach)
    url = reverse("clients:afspraak-invite", kwargs={"client_id": client_obj.pk, "afspraak_id": afspraak.pk})
    note = "Indien u verhinderd bent, dient u dit tijdig door te geven."
    response = client.post(url, {"kind": "uitnodiging_afspraak", "personal_note": note})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kan uw tekst eenvoudiger?" in html and "als" in html
    assert note in html  # the text is kept
    assert not Brief.objects.exists()
    response = client.post(url, {"kind": "uitnodiging_afspraak", "personal_note": note, "confirm": "1"})
    assert response.status_code == 302
    assert Brief.objects.get().personal_note == note


def test_plain_coach_text_is_sent_at_once(client, coach, client_obj):
    afspraak = AfspraakFactory(client=client_obj)
    login(client, coach)
    url = reverse("clients:afspraak-invite", kwargs={"client_id": client_obj.pk, "afspraak_id": afspraak.pk})
    response = client.post(url, {"kind": "uitnodiging_brede_intake", "personal_note": "Ik zie u graag."})
    assert response.status_code == 302
    assert Brief.objects.get().kind == BriefKind.UITNODIGING_BREDE_INTAKE


def test_user_text_is_escaped_in_the_letter(coach, client_obj):
    from django.template.loader import render_to_string

    from reintegratie.documents.letters import letter_context

    client_obj.first_name = "<script>alert(1)</script>"
    client_obj.save()
    brief = invite(coach, client_obj, personal_note='<img src="file:///etc/passwd">')
    template, context = letter_context(brief)
    html = render_to_string(template, context)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert '<img src="file:///etc/passwd">' not in html


def test_client_file_lists_letters_without_extra_queries_per_letter(client, coach, client_obj):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    invite(coach, client_obj)
    login(client, coach)
    url = reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    for _ in range(2):  # the file's reads alone, then the names of their types: once per connection
        client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        invite(coach, client_obj)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["brieven"]) == 11
    assert len(many) == len(few)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_real_worker_on_redis_renders_a_requested_letter(require_redis, client, coach, client_obj):
    from celery.contrib.testing.worker import start_worker

    with broker(settings.CELERY_BROKER_URL):
        celery_app.control.purge()
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING"):
            login(client, coach)
            response = client.post(reverse("clients:progress-report", kwargs={"client_id": client_obj.pk}))
            assert response.status_code == 302
            brief = Brief.objects.get(client=client_obj)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                brief.refresh_from_db()
                if brief.status == BriefStatus.KLAAR:
                    break
                time.sleep(0.2)
    assert brief.status == BriefStatus.KLAAR
    assert brief.pdf.read().startswith(b"%PDF-")


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_request_succeeds_and_the_sweep_sends_it_later(
    require_redis, client, coach, client_obj
):
    from celery.contrib.testing.worker import start_worker

    login(client, coach)
    with broker(UNREACHABLE):
        response = client.post(reverse("clients:progress-report", kwargs={"client_id": client_obj.pk}))
    assert response.status_code == 302
    brief = Brief.objects.get(client=client_obj)
    assert brief.status == BriefStatus.IN_WACHTRIJ

    Brief.objects.filter(pk=brief.pk).update(queued_at=timezone.now() - timedelta(minutes=5))
    with broker(settings.CELERY_BROKER_URL):
        celery_app.control.purge()
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING"):
            assert services.briefs_sweep() == 1
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                brief.refresh_from_db()
                if brief.status == BriefStatus.KLAAR:
                    break
                time.sleep(0.2)
    assert brief.status == BriefStatus.KLAAR


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_for_one_client_each_get_their_own_version(require_postgres, coach):
    """Found by tests/faults: two requests at once picked the same version and one answered 500."""
    from tests.clients.test_concurrency import run_at_once

    person = ClientFactory(coach=coach)

    def request_report(i):
        with mock.patch.object(services, "brief_publish"):
            return services.brief_request(
                request=request_as(coach), client=person, kind=BriefKind.VOORTGANGSRAPPORTAGE, source=person
            )

    results = run_at_once(request_report)
    assert all(isinstance(r, Brief) for r in results), results
    assert sorted(b.version for b in results) == list(range(1, len(results) + 1))


def test_a_file_left_by_a_failed_commit_is_overwritten_not_kept_beside_a_copy(coach, client_obj):
    """Found by tests/faults: a commit that failed after the PDF was written left a stray file."""
    from django.core.files.storage import default_storage

    brief = invite(coach, client_obj)
    stray = f"brieven/{brief.pk}.pdf"
    default_storage.save(stray, ContentFile(b"half-finished attempt"))
    rendered = services.brief_render(brief_id=brief.pk)
    assert rendered.pdf.name == stray
    assert default_storage.open(stray).read().startswith(b"%PDF-")
    siblings = [n for n in default_storage.listdir("brieven")[1] if n.startswith(str(brief.pk))]
    assert siblings == [f"{brief.pk}.pdf"]
