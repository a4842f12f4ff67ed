"""The terms that are not per file: access-log months, sent mail, exports, files left over."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from reintegratie.audit.models import AccessLog
from reintegratie.audit.partitions import partitions_ensure
from reintegratie.bewaren import terms
from reintegratie.bewaren.anonymise import walked_models
from reintegratie.bewaren.models import OpruimBestand
from reintegratie.outbox.models import Mail
from reintegratie.reports.models import Export
from tests.audit.test_partitions import write_at

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_access_log_months_past_their_term_are_dropped_whole(require_postgres, settings, coach, client_obj):
    settings.RETENTION_ACCESS_LOG_MONTHS = 3
    partitions_ensure(today=date(2024, 1, 1), ahead=1)
    for at in ("2024-01-10 09:00:00+00", "2024-02-10 09:00:00+00"):
        write_at(client_obj, coach, at)
    recent = AccessLog.objects.create(user=coach, role="werkcoach", client=client_obj, action="view", path="/x/")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    result = terms.terms_apply(today=date(2024, 4, 20))
    assert result["toegangslog_maanden"] == ["audit_accesslog_y2024m01"]
    assert sorted(log.at.strftime("%Y-%m") for log in AccessLog.objects.filter(client=client_obj)) == sorted(
        ["2024-02", recent.at.strftime("%Y-%m")]
    )


def test_old_sent_mails_and_exports_go_with_their_files(settings, tmp_path, teamleider):
    settings.MEDIA_ROOT = str(tmp_path)
    now = timezone.now()
    old_mail = Mail.objects.create(to=["a@example.org"], subject="x", body="y", status="verzonden", sent_at=now)
    waiting = Mail.objects.create(to=["b@example.org"], subject="x", body="y")
    Mail.objects.filter(pk__in=[old_mail.pk, waiting.pk]).update(created_at=now - timedelta(days=100))
    name = default_storage.save("exports/oud.csv", ContentFile(b"a;b"))
    old_export = Export.objects.create(requested_by=teamleider, kind="caseload", file=name, status="klaar")
    Export.objects.filter(pk=old_export.pk).update(created_at=now - timedelta(days=8))
    fresh = Export.objects.create(requested_by=teamleider, kind="caseload")

    result = terms.terms_apply()
    assert (result["mails"], result["exports"]) == (1, 1)
    # A mail still waiting is never thrown away; a fresh export stays.
    assert list(Mail.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert list(Export.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not default_storage.exists(name)
    assert OpruimBestand.objects.get(name=name).deleted_at is not None


def test_the_walk_reaches_every_client_table_and_keeps_the_access_log(db):
    walked = {model._meta.label for model, _paths in walked_models()}
    assert {"clients.Contactmoment", "intake.LeefgebiedScore", "trajecten.Actie", "klachten.ZaakGebeurtenis"} <= walked
    assert "audit.AccessLog" not in walked


def test_history_rows_about_the_client_are_deleted_generically(monkeypatch, coach):
    """Any model recognised as history (django-pghistory events) loses its rows about this client only."""
    from clients.models import Taak
    from reintegratie.bewaren import anonymise
    from tests.factories import ClientFactory

    real = anonymise.is_history_model
    monkeypatch.setattr(anonymise, "is_history_model", lambda model: model is Taak or real(model))
    anonymise._compiled_updates.cache_clear()  # compiled with the real rule; again with this one
    mine, other = ClientFactory(coach=coach), ClientFactory(coach=coach)
    for person in (mine, mine, other):
        Taak.objects.create(client=person, kind="actie_gedaan", text="oude waarde")
    assert anonymise.history_rows_delete(mine.pk) >= 2  # her two Taak rows, and her real history rows
    assert list(Taak.objects.values_list("client", flat=True)) == [other.pk]
    # And emptying skips it: history is deleted, not rewritten.
    anonymise.related_rows_anonymise(other.pk)
    anonymise._compiled_updates.cache_clear()
    assert Taak.objects.get().text == "oude waarde"


def test_the_history_term_deletes_real_history_rows_past_it(coach):
    """The nightly term deletes pghistory rows older than RETENTION_HISTORY_YEARS, through the tables'
    own guard (which refuses any other DELETE), and keeps the newer ones."""
    from dateutil.relativedelta import relativedelta
    from django.db import IntegrityError, InternalError, transaction
    from django.utils import timezone

    from reintegratie.bewaren.terms import history_purge
    from reintegratie.privacy.models import ClientEvent
    from tests.factories import ClientFactory

    ClientFactory(coach=coach)
    assert ClientEvent.objects.exists()
    with pytest.raises((InternalError, IntegrityError)), transaction.atomic():
        ClientEvent.objects.all().delete()  # outside a term or a destruction: refused by the table itself
    assert history_purge(today=timezone.localdate()) == 0
    assert history_purge(today=timezone.localdate() + relativedelta(years=6)) >= 1
    assert not ClientEvent.objects.exists()
