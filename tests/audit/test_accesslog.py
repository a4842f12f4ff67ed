import pytest
from django.db import DatabaseError, connection, transaction

from reintegratie.audit.models import AccessLog, AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(coach, client_obj):
    return AccessLog.objects.create(user=coach, role="werkcoach", client=client_obj, action="view", path="/x/")


def test_access_log_refuses_changes_through_the_model(log):
    log.action = "change"
    with pytest.raises(AppendOnlyError):
        log.save()
    with pytest.raises(AppendOnlyError):
        log.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=log.pk).update(action="change")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    log.refresh_from_db()
    assert log.action == "view"


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete_of_access_log_rows(require_postgres, log):
    for sql in ("UPDATE audit_accesslog SET action = 'change'", "DELETE FROM audit_accesslog"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AccessLog.objects.filter(pk=log.pk, action="view").exists()


def test_access_log_row_has_the_bio2_fields(log):
    # BIO2 8.15.01: action, object, result, origin, actor, time.
    for field in ("action", "client", "result", "ip", "user", "at"):
        assert AccessLog._meta.get_field(field)
