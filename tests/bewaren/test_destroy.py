"""Destroying a client file: no name, BSN or e-mail left in any table or file; every figure still adds up."""

from datetime import date

import pytest
from django.core.files.storage import default_storage

from clients.models import Client
from reintegratie.audit.models import AccessLog
from reintegratie.bewaren import services
from reintegratie.bewaren.anonymise import DESTROYED_FILE
from reintegratie.bewaren.models import OpruimBestand
from reintegratie.bewaren.workflow import ItemStatus, LijstStatus
from reintegratie.documents.models import Brief
from reintegratie.reports import kpi
from reintegratie.reports.kpi import Period
from tests.bewaren.helpers import PERSON, approved_list, database_hits, needles, seeded_klant, storage_hits
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def klant(require_postgres, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return seeded_klant()


@pytest.fixture
def beheerders(db):
    return UserFactory(role="beheerder"), UserFactory(role="beheerder")


def test_destroyed_client_leaves_no_name_bsn_or_email_in_any_table_or_file(klant, beheerders):
    letters = list(Brief.objects.filter(client=klant).values_list("pdf", flat=True))
    assert len(letters) >= 10 and all(letters)
    # The search finds her before: in the client row, her account, the mail, the failed login, the letters.
    before = database_hits(needles())
    tables = {table for table, _column, _needle in before}
    assert {"clients_client", "accounts_user", "outbox_mail", "axes_accessattempt"} <= tables
    assert any(needle == PERSON["last_name"] for _name, needle in storage_hits(needles()))
    logged = AccessLog.objects.filter(client=klant).count()

    lijst = approved_list([klant], checked_by=beheerders[0], approved_by=beheerders[1])
    assert services.lijst_destroy(lijst.pk) == 1

    assert database_hits(needles()) == {}
    assert storage_hits(needles()) == set()
    assert all(not default_storage.exists(name) for name in letters)
    # What stays: the client row (anonymised), her letters pointing at the placeholder, the access log rows.
    kept = Client.objects.get(pk=klant.pk)
    assert (kept.first_name, kept.last_name, kept.email, kept.date_of_birth.month, kept.date_of_birth.day) == (
        "",
        "Vernietigd dossier",
        "",
        1,
        1,
    )
    assert kept.bsn != PERSON["bsn"] and len(kept.bsn) == 9
    assert set(Brief.objects.filter(client=klant).values_list("pdf", flat=True)) == {DESTROYED_FILE}
    assert AccessLog.objects.filter(client=klant).count() == logged
    lijst.refresh_from_db()
    assert lijst.status == LijstStatus.UITGEVOERD
    assert not OpruimBestand.objects.filter(deleted_at__isnull=True).exists()


def test_the_coach_still_opens_the_destroyed_file_and_sees_nothing_personal(client, klant, beheerders):
    from django.urls import reverse

    from tests.auth import login

    lijst = approved_list([klant], checked_by=beheerders[0], approved_by=beheerders[1])
    services.lijst_destroy(lijst.pk)
    login(client, klant.coach)
    html = client.get(reverse("clients:client-detail", kwargs={"client_id": klant.pk})).content.decode()
    assert "Vernietigd dossier" in html
    assert not any(needle in html for needle in needles())
    letter = Brief.objects.filter(client=klant).first()
    response = client.get(reverse("documents:brief-download", kwargs={"brief_id": letter.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_destruction_runs_once_and_a_second_run_changes_nothing(klant, beheerders):
    lijst = approved_list([klant], checked_by=beheerders[0], approved_by=beheerders[1])
    assert services.lijst_destroy(lijst.pk) == 1
    item = lijst.items.get()
    first = item.destroyed_at
    assert services.lijst_destroy(lijst.pk) == 0
    item.refresh_from_db()
    assert (item.status, item.destroyed_at) == (ItemStatus.VERNIETIGD, first)


def test_every_kpi_adds_up_the_same_after_destruction(klant, beheerders):
    everyone = Client.objects.all()
    period = Period(date(2020, 1, 1), date(2030, 12, 31))
    figures = kpi.dashboard(everyone, period)
    others = list(Client.objects.exclude(pk=klant.pk).filter(coach=klant.coach)[:5])
    lijst = approved_list([klant, *others], checked_by=beheerders[0], approved_by=beheerders[1])
    assert services.lijst_destroy(lijst.pk) == 6
    assert kpi.dashboard(Client.objects.all(), period) == figures
