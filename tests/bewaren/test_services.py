"""Which files are due, the monthly list (once per month), exclusion and the four-eyes approval."""

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reintegratie.bewaren import retention, services
from reintegratie.bewaren.models import Vernietigingslijst
from reintegratie.bewaren.tasks import retention_daily_task
from reintegratie.bewaren.workflow import ItemStatus, LijstStatus
from reintegratie.scheduling.models import PeriodicRun
from tests.factories import ClientFactory, ContactmomentFactory, UserFactory
from tests.klachten.helpers import register_klacht

pytestmark = pytest.mark.django_db


def later(years):
    return timezone.localdate() + relativedelta(years=years)


@pytest.fixture
def files(coach):
    return {
        "afgesloten": ClientFactory(coach=coach, status="afgesloten"),
        "uitgestroomd": ClientFactory(coach=coach, status="uitgestroomd"),
        "actief": ClientFactory(coach=coach, status="actief"),
        "open_zaak": ClientFactory(coach=coach, status="afgesloten"),
    }


@pytest.fixture
def beheerders(db):
    return UserFactory(role="beheerder"), UserFactory(role="beheerder")


def test_closed_files_are_due_the_day_their_term_has_passed_and_not_before(files, coach, settings):
    register_klacht(coach, files["open_zaak"])
    today = timezone.localdate()
    assert list(retention.clients_due(today=later(5) - relativedelta(days=1))) == []
    due = dict(retention.clients_due(today=later(settings.RETENTION_CLIENT_FILE_YEARS)))
    # Closed files only; a file with a zaak that still waits for a decision is never due.
    assert set(due) == {files["afgesloten"], files["uitgestroomd"]}
    assert set(due.values()) == {today}


def test_the_last_activity_sets_the_end_date(files):
    ContactmomentFactory(client=files["afgesloten"], at=timezone.now() + relativedelta(years=1))
    due = dict(retention.clients_due(today=later(6) - relativedelta(days=1)))
    assert files["afgesloten"] not in due
    assert dict(retention.clients_due(today=later(6)))[files["afgesloten"]] == later(1)


def test_the_month_gets_one_list_however_often_it_is_made(files):
    first = services.lijst_make(today=later(5))
    again = services.lijst_make(today=later(5))
    assert first == again and Vernietigingslijst.objects.count() == 1
    assert sorted(first.items.values_list("client_number", flat=True)) == sorted(
        [files["afgesloten"].client_number, files["uitgestroomd"].client_number, files["open_zaak"].client_number]
    )
    assert first.period == retention.month_period(later(5))
    # A file on a running list does not go on next month's list again.
    assert services.lijst_make(today=later(5) + relativedelta(months=1)) is None


def test_the_daily_task_records_its_runs_once_per_period(db):
    retention_daily_task()
    retention_daily_task()
    jobs = sorted(PeriodicRun.objects.values_list("job", flat=True))
    assert jobs == ["bewaartermijnen", "vernietigingslijst"]


def test_an_excluded_file_is_kept_with_its_reason_and_comes_back_next_month(files, beheerders):
    lijst = services.lijst_make(today=later(5))
    item = lijst.items.get(client=files["afgesloten"])
    with pytest.raises(ValidationError):
        services.item_exclude(user=beheerders[0], item_id=item.pk, reason="  ")
    services.item_exclude(user=beheerders[0], item_id=item.pk, reason="Er loopt een rechtszaak.")
    item.refresh_from_db()
    assert (item.status, item.exclude_reason, item.excluded_by) == (
        ItemStatus.UITGEZONDERD,
        "Er loopt een rechtszaak.",
        beheerders[0],
    )
    next_month = services.lijst_make(today=later(5) + relativedelta(months=1))
    assert list(next_month.items.values_list("client", flat=True)) == [files["afgesloten"].pk]


def test_a_second_beheerder_approves_and_only_then_destruction_starts(
    files, beheerders, django_capture_on_commit_callbacks
):
    lijst = services.lijst_make(today=later(5))
    with pytest.raises(ValidationError):
        services.lijst_approve(user=beheerders[0], lijst_id=lijst.pk)  # not checked yet
    services.lijst_check(user=beheerders[0], lijst_id=lijst.pk)
    with pytest.raises(ValidationError):
        services.lijst_approve(user=beheerders[0], lijst_id=lijst.pk)  # the same pair of eyes
    item = lijst.items.first()
    with pytest.raises(ValidationError):
        services.item_exclude(user=beheerders[1], item_id=item.pk, reason="te laat")
    with django_capture_on_commit_callbacks() as callbacks:
        services.lijst_approve(user=beheerders[1], lijst_id=lijst.pk)
    lijst.refresh_from_db()
    assert (lijst.status, lijst.checked_by, lijst.approved_by) == (LijstStatus.GOEDGEKEURD, *beheerders)
    assert len(callbacks) == 1


def test_only_a_beheerder_may_check_a_list(files, coach, teamleider):
    lijst = services.lijst_make(today=later(5))
    for user in (coach, teamleider):
        with pytest.raises(PermissionDenied):
            services.lijst_check(user=user, lijst_id=lijst.pk)


def test_without_four_eyes_one_beheerder_checks_and_approves(files, beheerders, settings):
    settings.RETENTION_FOUR_EYES = False
    lijst = services.lijst_make(today=later(5))
    services.lijst_check(user=beheerders[0], lijst_id=lijst.pk)
    services.lijst_approve(user=beheerders[0], lijst_id=lijst.pk)
    lijst.refresh_from_db()
    assert lijst.status == LijstStatus.GOEDGEKEURD and lijst.approved_by == lijst.checked_by
