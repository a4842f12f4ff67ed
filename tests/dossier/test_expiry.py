"""Documents past their term are deleted, row and stored file, once a day; a failed file delete is retried."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from klachten.models import Zaak
from reintegratie.audit.models import AccessLog
from reintegratie.berichten.models import Bericht
from reintegratie.bewaren.anonymise import DESTROYED_FILE
from reintegratie.bewaren.models import OpruimBestand
from reintegratie.dossier.models import Document
from reintegratie.dossier.tasks import documents_expire_task
from reintegratie.scheduling.models import PeriodicRun
from reintegratie.storage_url import s3_options
from tests.auth import login
from tests.dossier.files import pdf_bytes, upload
from tests.s3server import ACCESS_KEY, SECRET_KEY, free_port

from .helpers import stored_document

pytestmark = pytest.mark.django_db

JOB = "dossier: verlopen documenten"


def _document(client_obj, *, days, name):
    """A stored document whose term ends ``days`` from today (negative: ended)."""
    document = stored_document(client_obj, client_obj.coach, name)
    Document.objects.filter(pk=document.pk).update(retain_until=timezone.localdate() + timedelta(days=days))
    document.refresh_from_db()
    return document


def _run(capture):
    with capture(execute=True):
        return documents_expire_task()


def _state(s3_server, bucket):
    return (
        sorted(Document.objects.values_list("pk", flat=True)),
        AccessLog.objects.count(),
        PeriodicRun.objects.count(),
        sorted(OpruimBestand.objects.values_list("name", "deleted_at")),
        sorted(s3_server.keys(bucket)),
    )


def test_a_document_past_its_term_is_gone_row_and_file_and_a_second_run_does_nothing(
    client, coach, client_obj, s3_storage, s3_server, django_capture_on_commit_callbacks
):
    expired = _document(client_obj, days=-1, name="oud-cv.pdf")
    last_day = _document(client_obj, days=0, name="vandaag.pdf")
    later = _document(client_obj, days=400, name="nieuw.pdf")
    message = Bericht.objects.create(
        client=client_obj, sender=coach, from_client=False, text="Hier is uw oude cv terug.", attachment=expired
    )
    assert len(s3_server.keys(s3_storage)) == 3

    _run(django_capture_on_commit_callbacks)

    assert sorted(Document.objects.values_list("pk", flat=True)) == sorted([last_day.pk, later.pk])
    assert sorted(s3_server.keys(s3_storage)) == sorted([last_day.file.name, later.file.name])
    assert OpruimBestand.objects.get(name=expired.file.name).deleted_at is not None
    run = PeriodicRun.objects.get(job=JOB)
    assert (run.period, run.result) == (timezone.localdate().isoformat(), {"documenten": 1})
    # Traceable without personal data: the access log names the document by its id, no user (the term did it).
    log = AccessLog.objects.get(path=f"bewaartermijn/dossier/{expired.pk}")
    assert (log.client_id, log.action, log.user_id, log.role) == (client_obj.pk, "change", None, "")
    # The message keeps its text; its attachment is gone.
    message.refresh_from_db()
    assert message.attachment is None and message.text == "Hier is uw oude cv terug."
    login(client, coach)
    page = client.get(reverse("dossier:client-documents", kwargs={"client_id": client_obj.pk})).content.decode()
    assert "oud-cv.pdf" not in page and "vandaag.pdf" in page and "nieuw.pdf" in page

    before = _state(s3_server, s3_storage)
    _run(django_capture_on_commit_callbacks)  # a second beat, the same day
    assert _state(s3_server, s3_storage) == before
    # Even without the day's guard the deletion has nothing left to do.
    from reintegratie.dossier.services import documents_expire

    assert documents_expire() == {"documenten": 0}


def test_a_failed_file_delete_stays_on_the_list_and_the_next_run_finishes_it(
    client_obj, s3_storage, s3_server, settings, django_capture_on_commit_callbacks
):
    expired = _document(client_obj, days=-30, name="presentielijst.pdf")
    name = expired.file.name
    working = settings.STORAGES
    # The store cannot be reached during the delete: nothing listens on this loopback port.
    unreachable = f"s3+http://{ACCESS_KEY}:{SECRET_KEY}@127.0.0.1:{free_port()}/{s3_storage}"
    settings.STORAGES = {**working, "default": {**working["default"], "OPTIONS": s3_options(unreachable)}}

    assert _run(django_capture_on_commit_callbacks) == 0  # no exception: the run goes on

    assert not Document.objects.exists()
    pending = OpruimBestand.objects.get(name=name)
    assert pending.deleted_at is None and pending.attempts >= 1 and pending.last_error
    assert s3_server.keys(s3_storage) == [name]

    settings.STORAGES = working
    assert _run(django_capture_on_commit_callbacks) == 1
    pending.refresh_from_db()
    assert pending.deleted_at is not None and s3_server.keys(s3_storage) == []
    assert PeriodicRun.objects.filter(job=JOB).count() == 1


def test_documents_stay_while_a_zaak_waits_for_a_decision(client_obj, coach, s3_storage, s3_server):
    from reintegratie.dossier.services import documents_expire

    expired = _document(client_obj, days=-5, name="presentielijst.pdf")
    zaak = Zaak.objects.create(
        soort="maatregel", client=client_obj, status="gesignaleerd", received_on=timezone.localdate(), created_by=coach
    )
    assert documents_expire() == {"documenten": 0}
    assert Document.objects.filter(pk=expired.pk).exists() and s3_server.keys(s3_storage) == [expired.file.name]
    Zaak.objects.filter(pk=zaak.pk).update(
        status="geen_maatregel", decided_on=timezone.localdate(), motivation="Geen verwijtbaarheid."
    )
    assert documents_expire() == {"documenten": 1}


def test_a_destroyed_files_placeholder_is_never_deleted(client_obj, coach, s3_storage, s3_server):
    from django.core.files.storage import default_storage

    from reintegratie.dossier.services import documents_expire

    default_storage.save(DESTROYED_FILE, ContentFile(b"%PDF-1.7 vernietigd"))
    expired = _document(client_obj, days=-1, name="cv.pdf")
    default_storage.delete(expired.file.name)
    Document.objects.filter(pk=expired.pk).update(file=DESTROYED_FILE, original_name="vernietigd")
    assert documents_expire() == {"documenten": 1}
    assert s3_server.keys(s3_storage) == [DESTROYED_FILE]
    assert not OpruimBestand.objects.filter(name=DESTROYED_FILE).exists()


def test_beat_runs_the_deletion_every_night(settings):
    from celery.schedules import crontab

    entry = settings.CELERY_BEAT_SCHEDULE["dossier: verlopen documenten verwijderen"]
    assert entry["task"] == documents_expire_task.name == "reintegratie.dossier.tasks.documents_expire_task"
    assert entry["schedule"] == crontab(hour=3, minute=10)


def test_the_thread_says_an_attachment_was_removed_after_its_term(
    client, client_user, client_obj, s3_storage, s3_server, django_capture_on_commit_callbacks
):
    login(client, client_user)
    client.post(
        reverse("berichten:portal-thread"),
        {
            "text": "Hierbij mijn loonstrook.",
            "attachment": upload("loonstrook-mei.pdf", pdf_bytes()),
            "category": "inkomen",
        },
    )
    message = Bericht.objects.get()
    assert message.attachment_name == "loonstrook-mei.pdf"
    download = reverse("dossier:document-download", kwargs={"document_id": message.attachment_id})
    Document.objects.filter(pk=message.attachment_id).update(retain_until=timezone.localdate() - timedelta(days=1))
    _run(django_capture_on_commit_callbacks)

    message.refresh_from_db()
    assert message.attachment is None and message.attachment_name == "loonstrook-mei.pdf"
    said = "Bijlage: loonstrook-mei.pdf. Deze bijlage is verwijderd, omdat de bewaartermijn voorbij was."
    portal = client.get(reverse("berichten:portal-thread")).content.decode()
    assert said in portal and "Hierbij mijn loonstrook." in portal
    assert download not in portal  # no link to a file that is gone
    client.logout()
    login(client, client_obj.coach)
    staff = client.get(reverse("berichten:client-thread", kwargs={"client_id": client_obj.pk})).content.decode()
    assert said in staff
