"""Background exports: request, publish on commit, run once, log every client, download by the requester only."""

import csv
import io
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reintegratie.audit.models import AccessLog
from reintegratie.reports import services
from reintegratie.reports.exports import safe_cell
from reintegratie.reports.models import Export
from tests.auth import login
from tests.dbstate import refusal
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().post("/rapportage/exports/")
    request.user = user
    return request


def _export(user, kind, coach_id=None):
    with mock.patch("reintegratie.reports.services.export_publish"):
        return services.export_request(request=_request(user), kind=kind, coach_id=coach_id)


@pytest.fixture
def team_clients(coach, colleague, other_coach):
    ours = [ClientFactory(coach=coach) for _ in range(3)] + [ClientFactory(coach=colleague)]
    return {"ours": ours, "foreign": ClientFactory(coach=other_coach, last_name="Buitenteam")}


def test_an_export_is_published_after_commit_with_its_id_only(teamleider, django_capture_on_commit_callbacks):
    with (
        mock.patch("reintegratie.reports.tasks.run_export_task.apply_async") as publish,
        django_capture_on_commit_callbacks(execute=True),
    ):
        export = services.export_request(request=_request(teamleider), kind="clienten_csv")
    assert publish.call_args.kwargs["args"] == [str(export.pk)]
    assert export.status == "in_wachtrij" and export.params == {}


def test_an_export_for_a_coach_of_another_team_is_refused(teamleider, other_coach):
    with refusal(r"Kies een werkcoach uit uw team\."):
        _export(teamleider, "voortgang_zip", coach_id=other_coach.pk)
    assert not Export.objects.exists()


def test_the_client_list_holds_the_team_only_without_names_and_logs_each_client(teamleider, team_clients):
    export = _export(teamleider, "clienten_csv")
    done = services.export_run(export_id=export.pk)
    assert (done.status, done.done, done.total, done.percent) == ("klaar", 4, 4, 100)
    text = done.file.open("rb").read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Cliëntnummer" and len(rows) == 5
    assert sorted(int(r[0]) for r in rows[1:]) == sorted(c.client_number for c in team_clients["ours"])
    for person in [*team_clients["ours"], team_clients["foreign"]]:
        assert person.bsn not in text and person.last_name not in text
    logged = AccessLog.objects.filter(action="export", user=teamleider)
    assert sorted(logged.values_list("client_id", flat=True)) == sorted(c.pk for c in team_clients["ours"])


def test_running_an_export_twice_makes_it_once(teamleider, team_clients):
    export = _export(teamleider, "clienten_csv")
    services.export_run(export_id=export.pk)
    assert services.export_run(export_id=export.pk) is None
    assert AccessLog.objects.filter(action="export").count() == 4


def test_the_client_list_as_xlsx(teamleider, team_clients):
    export = _export(teamleider, "clienten_xlsx")
    done = services.export_run(export_id=export.pk)
    sheet = load_workbook(done.file.open("rb")).active
    assert sheet.max_row == 5


def test_the_progress_reports_of_one_coach_come_as_one_zip_of_pdfs(teamleider, coach, team_clients):
    export = _export(teamleider, "voortgang_zip", coach_id=coach.pk)
    done = services.export_run(export_id=export.pk)
    with zipfile.ZipFile(done.file.open("rb")) as archive:
        names = sorted(archive.namelist())
        assert all(archive.read(name).startswith(b"%PDF") for name in names)
    coach_clients = [c for c in team_clients["ours"] if c.coach_id == coach.pk]
    assert names == sorted(f"voortgangsrapportage-{c.client_number}.pdf" for c in coach_clients)
    assert AccessLog.objects.filter(action="export").count() == len(coach_clients)


def test_a_failed_export_waits_for_the_sweep_and_logs_nothing(teamleider, team_clients):
    export = _export(teamleider, "clienten_csv")
    with mock.patch("reintegratie.reports.exports.write_csv_rows", side_effect=RuntimeError("disk full")):
        assert services.export_run(export_id=export.pk) is None
    export.refresh_from_db()
    assert (export.status, export.last_error) == ("in_wachtrij", "RuntimeError")
    assert not AccessLog.objects.filter(action="export").exists()
    Export.objects.filter(pk=export.pk).update(queued_at=timezone.now() - timedelta(minutes=5))
    with mock.patch("reintegratie.reports.services.export_publish", return_value=True) as publish:
        assert services.exports_sweep() == 1
    publish.assert_called_once_with(export.pk)


def test_status_and_download_are_for_the_requester_only(client, teamleider, other_teamleider, team_clients):
    export = _export(teamleider, "clienten_csv")
    login(client, teamleider)
    waiting = client.get(reverse("reports:export-status", kwargs={"export_id": export.pk})).json()
    assert (waiting["status"], waiting["download"]) == ("in_wachtrij", None)
    assert client.get(reverse("reports:export-download", kwargs={"export_id": export.pk})).status_code == 404
    services.export_run(export_id=export.pk)
    ready = client.get(reverse("reports:export-status", kwargs={"export_id": export.pk})).json()
    assert ready["percent"] == 100 and ready["download"]
    response = client.get(ready["download"])
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\xef\xbb\xbf")
    downloaded = AccessLog.objects.filter(action="export", path=ready["download"])
    assert sorted(downloaded.values_list("client_id", flat=True)) == sorted(c.pk for c in team_clients["ours"])
    login(client, other_teamleider)
    for name in ("reports:export-detail", "reports:export-status", "reports:export-download"):
        assert client.get(reverse(name, kwargs={"export_id": export.pk})).status_code == 404


def test_the_export_page_shows_a_progress_bar_with_a_nonced_script(client, teamleider):
    export = _export(teamleider, "clienten_csv")
    login(client, teamleider)
    response = client.get(reverse("reports:export-detail", kwargs={"export_id": export.pk}))
    body = response.content.decode()
    assert "<progress" in body and "js/export_progress.js" in body
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]


def test_asking_for_an_export_in_the_page_redirects_to_its_progress(client, teamleider):
    login(client, teamleider)
    with mock.patch("reintegratie.reports.services.export_publish"):
        response = client.post(reverse("reports:export-create"), {"kind": "clienten_csv", "coach": ""})
    export = Export.objects.get()
    assert response["Location"] == reverse("reports:export-detail", kwargs={"export_id": export.pk})


@pytest.mark.parametrize("value", ["=SUM(A1)", "+31", "-1", "@cmd", "\tx", "\rx"])
def test_a_cell_never_starts_a_formula(value):
    assert safe_cell(value) == "'" + value
