"""The access log in monthly partitions: rows land in their month, stay append-only, old months leave whole."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from reintegratie.audit.models import AccessLog
from reintegratie.audit.partitions import (
    month_start,
    partition_name,
    partitioned,
    partitions_ensure,
    partitions_list,
    partitions_retire,
)
from tests.auth import login

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def write_at(client, user, at):
    """An access-log row at a given moment (the model always stamps 'now')."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_accesslog (at, user_id, role, client_id, action, result, path) "
            "VALUES (%s, %s, 'werkcoach', %s, 'view', 'allowed', '/x/') RETURNING id, tableoid::regclass::text",
            [at, user.pk, client.pk],
        )
        return cursor.fetchone()


def test_the_access_log_is_partitioned_and_a_new_row_lands_in_this_month(require_postgres, coach, client_obj):
    assert partitioned()
    log = AccessLog.objects.create(user=coach, role="werkcoach", client=client_obj, action="view", path="/x/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM audit_accesslog WHERE id = %s", [log.pk])
        assert cursor.fetchone()[0] == partition_name(month_start(timezone.now().date()))
    # The migration made this month and three ahead.
    months = [month for _name, month in partitions_list()]
    this_month = month_start(timezone.now().date())
    assert this_month in months and len([m for m in months if m >= this_month]) >= 4


def test_rows_of_every_month_stay_append_only(require_postgres, coach, client_obj):
    partitions_ensure(today=date(2025, 3, 1), ahead=0)
    row_id, partition = write_at(client_obj, coach, "2025-03-15 10:00:00+00")
    assert partition == "audit_accesslog_y2025m03"
    for sql in (
        "UPDATE audit_accesslog SET action = 'change' WHERE id = %s",
        "DELETE FROM audit_accesslog WHERE id = %s",
        "UPDATE audit_accesslog_y2025m03 SET action = 'change' WHERE id = %s",
        "DELETE FROM audit_accesslog_y2025m03 WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [row_id])
    assert AccessLog.objects.filter(pk=row_id, action="view").exists()


def test_making_partitions_ahead_is_idempotent(require_postgres):
    assert partitions_ensure(today=date(2031, 11, 20), ahead=2) == [
        "audit_accesslog_y2031m11",
        "audit_accesslog_y2031m12",
        "audit_accesslog_y2032m01",
    ]
    assert partitions_ensure(today=date(2031, 11, 20), ahead=2) == []
    call_command("accesslog_partitions", "--ahead", "1")  # the command and the daily task: nothing new today


def test_retention_detaches_or_drops_whole_old_months_only(require_postgres, coach, client_obj):
    partitions_ensure(today=date(2024, 1, 1), ahead=2)
    for at in ("2024-01-10 09:00:00+00", "2024-02-10 09:00:00+00", "2024-03-10 09:00:00+00"):
        write_at(client_obj, coach, at)
    recent = AccessLog.objects.create(user=coach, role="werkcoach", client=client_obj, action="view", path="/x/")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as in a fresh transaction: no foreign-key checks pending

    # Keep from March 2024 on: January and February leave; January is dropped in a second step.
    assert partitions_retire(keep_months=10, today=date(2024, 12, 5)) == [
        "audit_accesslog_y2024m01",
        "audit_accesslog_y2024m02",
    ]
    years = sorted({log.at.strftime("%Y-%m") for log in AccessLog.objects.filter(client=client_obj)})
    assert years == ["2024-03", recent.at.strftime("%Y-%m")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM audit_accesslog_y2024m01")  # detached: a plain table to archive
        assert cursor.fetchone()[0] == 1
        cursor.execute("DROP TABLE audit_accesslog_y2024m01")
    assert partitions_retire(keep_months=1, today=date(2024, 4, 1), drop=True) == ["audit_accesslog_y2024m03"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('audit_accesslog_y2024m03')")
        assert cursor.fetchone()[0] is None
    assert AccessLog.objects.filter(pk=recent.pk).exists()


def test_a_query_bounded_in_time_reads_only_its_months(require_postgres, coach, client_obj):
    partitions_ensure(today=date(2025, 6, 1), ahead=0)
    write_at(client_obj, coach, "2025-06-15 10:00:00+00")
    since = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    query = AccessLog.objects.filter(client=client_obj, at__gte=since).order_by("-at")
    plan = query.explain()
    assert partition_name(month_start(since.date())) in plan
    assert "audit_accesslog_y2025m06" not in plan  # pruned
    # Without a time bound every month is read, and the row is found.
    assert "audit_accesslog_y2025m06" in AccessLog.objects.filter(client=client_obj).explain()


def test_the_client_still_sees_who_opened_their_file(require_postgres, coach, client_user, client_obj):
    login(Browser(), coach).get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk}))
    browser = login(Browser(), client_user)
    page = browser.get(reverse("portal:inzage")).content.decode()
    assert coach.get_full_name() in page
