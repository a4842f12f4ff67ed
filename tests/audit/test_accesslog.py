import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from reintegratie.audit.models import AccessLog, AppendOnlyError
from tests.auth import login

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


def test_opening_a_client_file_writes_a_row_with_the_bio2_fields(client, coach, client_obj):
    """BIO2 8.15.01: action, object, result, origin, actor and time, with the values of this request."""
    login(client, coach)
    url = reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    before = timezone.now()
    assert client.get(url, REMOTE_ADDR="192.0.2.17").status_code == 200
    row = AccessLog.objects.get(client=client_obj)
    assert (row.action, row.result, row.user, row.role) == ("view", "allowed", coach, "werkcoach")
    assert (row.ip, row.path) == ("192.0.2.17", url)
    assert before <= row.at <= timezone.now()


def test_a_refused_client_file_writes_a_denied_row(client, coach, foreign_client):
    login(client, coach)
    url = reverse("clients:client-detail", kwargs={"client_id": foreign_client.pk})
    assert client.get(url, REMOTE_ADDR="198.51.100.4").status_code == 404
    row = AccessLog.objects.get(client=foreign_client)
    assert (row.action, row.result, row.user, row.role) == ("view", "denied", coach, "werkcoach")
    assert (row.ip, row.path) == ("198.51.100.4", url)
    # One row per request, none for other clients.
    assert AccessLog.objects.count() == 1


@pytest.mark.parametrize("ip", ["192.0.2.7", "2001:db8::1", None])
def test_the_row_written_is_the_row_the_orm_would_write_and_the_one_returned(coach, client_obj, ip):
    """``access_log_write`` sends its own INSERT on PostgreSQL (issue #17): the same values as ``save()``."""
    from django.test import RequestFactory

    from reintegratie.audit.services import access_log_write

    request = RequestFactory().get("/clienten/x/?q=geheim", REMOTE_ADDR=ip or "")
    request.user = coach
    before = timezone.now()
    row = access_log_write(request=request, client=client_obj, action=AccessLog.Action.EXPORT)
    stored = AccessLog.objects.get(pk=row.pk)
    reference = AccessLog.objects.create(
        user=coach, role="werkcoach", client=client_obj, action="export", path="/clienten/x/", ip=ip
    )
    shown = ("user_id", "role", "client_id", "action", "result", "path", "ip")
    assert [getattr(stored, name) for name in shown] == [getattr(reference, name) for name in shown]
    assert [getattr(row, name) for name in shown] == [getattr(stored, name) for name in shown]
    assert before <= stored.at == row.at <= reference.at
    assert not row._state.adding and row.pk != reference.pk
    with pytest.raises(AppendOnlyError):
        row.save()
