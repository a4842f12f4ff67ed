"""Letters and exports in a real S3-API object store (moto_server in its own process, over HTTP).

Downloads stream through the app behind the access policy and the access log; the bucket
holds the file encrypted at rest; no file touches the local disk; a bad storage setting
stops a web node or worker at start-up with a message that says what is wrong.
"""

import csv
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.test import RequestFactory
from django.urls import reverse

from reintegratie.audit.models import AccessLog
from reintegratie.documents import services as letters
from reintegratie.documents.models import BriefKind, BriefStatus
from reintegratie.reports import services as reports
from reintegratie.storage import check_storage, storage_state, uses_object_store
from reintegratie.storage_url import StorageUrlError, s3_options
from tests.auth import login
from tests.factories import AfspraakFactory, ClientFactory
from tests.s3server import S3Server, free_port

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def _files_under(path):
    return [p for p in Path(path).rglob("*") if p.is_file()] if Path(path).exists() else []


def test_a_letter_is_stored_encrypted_in_the_bucket_and_streamed_through_the_app(
    s3_storage, s3_server, settings, client, coach, client_obj
):
    assert uses_object_store()
    afspraak = AfspraakFactory(client=client_obj)
    brief = letters.brief_request(
        request=_request(coach), client=client_obj, kind=BriefKind.UITNODIGING_AFSPRAAK, source=afspraak
    )
    done = letters.brief_render(brief_id=brief.pk)
    assert done.status == BriefStatus.KLAAR

    key = f"brieven/{brief.pk}.pdf"
    assert s3_server.keys(s3_storage) == [key]
    head = s3_server.client().head_object(Bucket=s3_storage, Key=key)
    assert head["ServerSideEncryption"] == "AES256"

    login(client, coach)
    logged = AccessLog.objects.filter(client=client_obj, action="print", user=coach)
    before = logged.count()
    response = client.get(reverse("documents:brief-download", kwargs={"brief_id": brief.pk}))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert int(response["Content-Length"]) == len(body)
    assert body.startswith(b"%PDF-") and hashlib.sha256(body).hexdigest() == done.sha256
    assert logged.count() == before + 1
    assert _files_under(settings.MEDIA_ROOT) == []


def test_rendering_again_overwrites_the_one_object(s3_storage, s3_server, coach, client_obj):
    afspraak = AfspraakFactory(client=client_obj)
    brief = letters.brief_request(
        request=_request(coach), client=client_obj, kind=BriefKind.UITNODIGING_AFSPRAAK, source=afspraak
    )
    default_storage.save(f"brieven/{brief.pk}.pdf", io.BytesIO(b"half-finished attempt"))
    letters.brief_render(brief_id=brief.pk)
    assert s3_server.keys(s3_storage) == [f"brieven/{brief.pk}.pdf"]
    assert default_storage.open(f"brieven/{brief.pk}.pdf").read().startswith(b"%PDF-")


def test_another_coach_gets_404_and_no_bytes(s3_storage, client, coach, other_coach, client_obj):
    afspraak = AfspraakFactory(client=client_obj)
    brief = letters.brief_request(
        request=_request(coach), client=client_obj, kind=BriefKind.UITNODIGING_AFSPRAAK, source=afspraak
    )
    letters.brief_render(brief_id=brief.pk)
    login(client, other_coach)
    assert client.get(reverse("documents:brief-download", kwargs={"brief_id": brief.pk})).status_code == 404
    assert not AccessLog.objects.filter(user=other_coach, action="print").exists()


def test_an_export_is_stored_in_the_bucket_and_downloaded_by_its_requester(
    s3_storage, s3_server, settings, client, teamleider, coach
):
    team = [ClientFactory(coach=coach) for _ in range(3)]
    export = reports.export_request(request=_request(teamleider), kind="clienten_csv")
    done = reports.export_run(export_id=export.pk)
    assert done.status == "klaar"
    assert s3_server.keys(s3_storage) == [done.file.name]

    login(client, teamleider)
    response = client.get(reverse("reports:export-download", kwargs={"export_id": export.pk}))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert sorted(int(r[0]) for r in rows[1:]) == sorted(c.client_number for c in team)
    assert _files_under(settings.MEDIA_ROOT) == []


def test_health_reports_the_object_store(s3_storage, client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get(reverse("health"))
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process", "storage": "ok"}


def test_health_says_degraded_when_the_object_store_is_away(s3_storage, client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    _use(settings, f"s3+http://k:s@127.0.0.1:{free_port()}/{s3_storage}")
    response = client.get(reverse("health"))
    assert response.status_code == 200  # pages still work
    assert response.json()["status"] == "degraded" and response.json()["storage"] == "unavailable"


def test_health_says_local_for_files_on_this_machine(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert storage_state() == "local"
    assert client.get(reverse("health")).json()["storage"] == "local"


def _use(settings, url):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options(url, connect_timeout=1)},
    }


def test_the_startup_check_names_a_missing_bucket(s3_server, settings):
    _use(settings, s3_server.url("bestaat-niet"))
    with pytest.raises(ImproperlyConfigured, match=r"bucket 'bestaat-niet' at http://127.0.0.1:.* does not exist"):
        check_storage()


def test_the_startup_check_names_refused_credentials(settings, tmp_path):
    guarded = S3Server(auth=True, log_path=tmp_path / "moto-auth.log").start()
    try:
        _use(settings, f"s3+http://WRONGKEY:wrong-secret@127.0.0.1:{guarded.port}/brieven")
        with pytest.raises(ImproperlyConfigured, match="refused the credentials") as error:
            check_storage()
        assert "wrong-secret" not in str(error.value)
    finally:
        guarded.stop()


def test_the_startup_check_names_an_unreachable_server(settings):
    _use(settings, f"s3+http://k:s@127.0.0.1:{free_port()}/brieven")
    with pytest.raises(ImproperlyConfigured, match="cannot be reached"):
        check_storage()


def test_the_startup_check_passes_and_leaves_nothing_behind(s3_storage, s3_server):
    check_storage()
    assert s3_server.keys(s3_storage) == []


def _start(argv, storage_url, timeout=90):
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    env.update(STORAGE_URL=storage_url, DJANGO_DEBUG="true", CELERY_BROKER_URL="memory://")
    return subprocess.run(  # noqa: S603 - our own entry points
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_a_web_node_with_a_missing_bucket_does_not_start(s3_server):
    result = _start([sys.executable, "-c", "import reintegratie.wsgi"], s3_server.url("geen-bucket"))
    assert result.returncode != 0
    assert "File storage: The bucket 'geen-bucket'" in result.stderr and "does not exist" in result.stderr


def test_a_worker_with_an_unreachable_store_does_not_start():
    celery = str(Path(sys.executable).parent / "celery")
    result = _start(
        [celery, "-A", "reintegratie", "worker", "--pool", "solo", "-l", "warning"],
        f"s3+http://k:s@127.0.0.1:{free_port()}/brieven",
    )
    assert result.returncode != 0
    assert "cannot be reached" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://host/bucket", "must start with s3://"),
        ("s3://host:9000/", "must name one bucket"),
        ("s3://host:9000/b?sse=rot13", "sse must be one of"),
        ("s3://host:9000/b?colour=blue", "unknown options: colour"),
    ],
)
def test_a_storage_url_that_cannot_be_read_says_why(url, message):
    with pytest.raises(StorageUrlError, match=message):
        s3_options(url)


def test_the_storage_url_asks_for_encryption_and_never_a_public_acl():
    options = s3_options("s3+http://key:se%2Fcret@127.0.0.1:9000/brieven?region=eu-west-1&prefix=voorbeeldstad")
    assert options["object_parameters"] == {"ServerSideEncryption": "AES256"}
    assert options["default_acl"] is None
    assert (options["endpoint_url"], options["bucket_name"], options["location"]) == (
        "http://127.0.0.1:9000",
        "brieven",
        "voorbeeldstad",
    )
    assert (options["access_key"], options["secret_key"]) == ("key", "se/cret")
    assert s3_options("s3://minio:9000/b?sse=none")["object_parameters"] == {}
    assert s3_options("s3://minio:9000/b")["endpoint_url"] == "https://minio:9000"
