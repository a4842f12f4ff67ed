"""Uploading and downloading through the pages: abuse refused with nothing stored, headers, access log, IDOR."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reintegratie.audit.models import AccessLog
from reintegratie.dossier.models import Document
from tests.auth import login
from tests.factories import ClientFactory

from .files import ELF, MZ, SVG, pdf_bytes, png_bytes, upload, zip_bomb

pytestmark = pytest.mark.django_db

PORTAL = reverse("dossier:portal-documents")

ABUSE = {
    "elf renamed to pdf": (upload("cv.pdf", ELF), "cv", "een programma, geen document"),
    "windows exe renamed to pdf": (upload("diploma.pdf", MZ), "diploma", "een programma, geen document"),
    "zip bomb": (upload("loonstrook.pdf", zip_bomb()), "inkomen", "zip-bestand"),
    "empty file": (upload("leeg.pdf", b""), "overig", "Het bestand is leeg"),
    "pdf with javascript": (upload("cv.pdf", pdf_bytes(javascript=True)), "cv", "vanzelf iets doen"),
    "svg with a script": (upload("foto.svg", SVG, "image/svg+xml"), "overig", "SVG-bestand nemen we niet aan"),
    "medical name in cv": (upload("verklaring huisarts.pdf", pdf_bytes()), "cv", "medische gegevens"),
}


@pytest.fixture
def portal(client, client_user):
    login(client, client_user)
    return client


@pytest.mark.parametrize("case", sorted(ABUSE))
def test_abuse_is_refused_in_dutch_and_nothing_is_stored(portal, client_obj, s3_storage, s3_server, case):
    file, category, message = ABUSE[case]
    response = portal.post(PORTAL, {"category": category, "file": file})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and "Er is nog iets niet goed" in body
    assert f'value="{category}" selected' in body  # the form keeps the chosen category
    assert Document.objects.count() == 0
    assert s3_server.keys(s3_storage) == []
    assert not AccessLog.objects.filter(client=client_obj, action="change").exists()


def test_a_file_bigger_than_any_limit_is_dropped_while_it_arrives(portal, s3_storage, s3_server, settings):
    settings.UPLOAD_MAX_BYTES = 64 * 1024
    big = upload("scan.pdf", pdf_bytes() + b"%" + b"x" * (200 * 1024))
    response = portal.post(PORTAL, {"category": "overig", "file": big})
    body = response.content.decode()
    assert "Het bestand is te groot." in body and "Kies een bestand." not in body
    assert Document.objects.count() == 0 and s3_server.keys(s3_storage) == []


class Unreadable:
    """An upload that says it is 6 GB and fails when anyone reads it."""

    name, size = "film.pdf", 6 * 1024**3

    def read(self, *args):
        raise AssertionError("read an over-limit file")


def test_a_file_over_the_limit_is_refused_before_it_is_read(portal, s3_storage, s3_server):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("cv.pdf", pdf_bytes() + b"%" + b"x" * (5 * 1024 * 1024), content_type="application/pdf")
    response = portal.post(PORTAL, {"category": "cv", "file": big})
    assert "Het bestand is te groot. Het mag hoogstens 5 MB zijn." in response.content.decode()
    assert Document.objects.count() == 0 and s3_server.keys(s3_storage) == []
    # The size check comes before any read: a file that cannot be read is refused on its size alone.
    from reintegratie.dossier.checks import check_upload

    with pytest.raises(ValidationError, match="te groot"):
        check_upload(Unreadable(), category="overig")


def test_a_name_with_path_parts_is_stored_under_a_safe_name(portal, client_obj, s3_storage, s3_server):
    response = portal.post(PORTAL, {"category": "cv", "file": upload("../../etc/passwd.pdf", pdf_bytes())})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "passwd.pdf"
    [key] = s3_server.keys(s3_storage)
    assert key.startswith("dossier/") and ".." not in key and "passwd" not in key and "etc" not in key
    assert (document.client, document.category, document.uploaded_by.role) == (client_obj, "cv", "client")


def test_the_client_cannot_choose_medisch(portal):
    response = portal.post(PORTAL, {"category": "medisch", "file": upload("advies.pdf", pdf_bytes())})
    assert "Kies wat voor document het is." in response.content.decode()
    assert Document.objects.count() == 0


def test_upload_and_download_are_in_the_access_log_with_safe_headers(portal, client_obj, s3_storage, settings):
    settings.DOSSIER_RETENTION_MONTHS = {**settings.DOSSIER_RETENTION_MONTHS, "diploma": 60}
    data = png_bytes()
    portal.post(PORTAL, {"category": "diploma", "file": upload("diploma.png", data, "image/png")})
    document = Document.objects.get()
    today = timezone.localdate()
    assert document.retain_until == today.replace(year=today.year + 5)
    assert document.content_type == "image/png" and len(document.sha256) == 64
    page = portal.get(PORTAL).content.decode()
    assert "diploma.png" in page and "Diploma of certificaat" in page and today.strftime("%Y") in page
    response = portal.get(reverse("dossier:document-download", kwargs={"document_id": document.pk}))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "diploma.png" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    actions = list(AccessLog.objects.filter(client=client_obj).values_list("action", flat=True))
    assert actions.count("change") == 1 and actions.count("export") == 1


def test_the_coach_uploads_on_the_client_file_and_may_choose_medisch(client, coach, client_obj, s3_storage):
    login(client, coach)
    url = reverse("dossier:client-documents", kwargs={"client_id": client_obj.pk})
    response = client.post(url, {"category": "medisch", "file": upload("advies bedrijfsarts.pdf", pdf_bytes())})
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.category, document.uploaded_by) == ("medisch", coach)
    page = client.get(url).content.decode()
    assert "advies bedrijfsarts.pdf" in page and "Medisch" in page
    file_page = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    assert 'id="documenten"' in file_page and "advies bedrijfsarts.pdf" in file_page


def test_a_client_never_gets_another_clients_document(client, client_user, other_coach, s3_storage):
    from django.core.files.base import ContentFile

    other = ClientFactory(coach=other_coach)
    document = Document(
        client=other,
        category="cv",
        uploaded_by=other_coach,
        original_name="cv-ander.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        retain_until=timezone.localdate(),
    )
    document.file.save("x.pdf", ContentFile(b"%PDF-geheim"), save=False)
    document.save()
    login(client, client_user)
    assert client.get(reverse("dossier:document-download", kwargs={"document_id": document.pk})).status_code == 404
    assert "cv-ander.pdf" not in client.get(PORTAL).content.decode()
    assert not AccessLog.objects.filter(client=other).exists()


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_document_lists_take_a_constant_number_of_queries(client, coach, client_obj, client_user):
    from tests.dossier.helpers import stored_document

    staff_url = reverse("dossier:client-documents", kwargs={"client_id": client_obj.pk})
    file_url = reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})
    stored_document(client_obj, client_user)
    login(client, coach)
    _count(client, file_url)  # each read alone, once per connection (clients.compiled_batch)
    _count(client, file_url)  # and the names of their column types
    one = (_count(client, staff_url), _count(client, file_url))
    login(client, client_user)
    portal_one = _count(client, PORTAL)
    for n in range(6):
        stored_document(client_obj, coach if n % 2 else client_user, f"stuk-{n}.pdf")
    login(client, coach)
    assert (_count(client, staff_url), _count(client, file_url)) == one
    login(client, client_user)
    assert _count(client, PORTAL) == portal_one


def test_the_client_and_the_coach_see_until_when_a_document_is_kept_and_its_size(
    client, coach, client_user, client_obj, s3_storage, settings
):
    from dateutil.relativedelta import relativedelta
    from django.utils.dateformat import format as date_format

    from reintegratie.dossier.templatetags.file_sizes import file_size

    settings.DOSSIER_RETENTION_MONTHS = {**settings.DOSSIER_RETENTION_MONTHS, "cv": 12}
    login(client, client_user)
    client.post(PORTAL, {"category": "cv", "file": upload("mijn cv.pdf", pdf_bytes() + b"%" + b"x" * 12_000)})
    document = Document.objects.get()
    kept = timezone.localdate() + relativedelta(months=12)
    assert document.retain_until == kept
    shown = f"<td>{date_format(kept, 'j F Y')}</td>"
    assert document.size > 12_000 and file_size(document.size) == "12\u00a0kB"
    page = client.get(PORTAL).content.decode()
    assert "Bewaard tot</th>" in page and shown in page and "(12\u00a0kB, downloaden)" in page
    assert "Na die datum halen wij het document weg." in page
    login(client, coach)
    for url in (
        reverse("dossier:client-documents", kwargs={"client_id": client_obj.pk}),
        reverse("clients:client-detail", kwargs={"client_id": client_obj.pk}),
    ):
        page = client.get(url).content.decode()
        assert "Bewaard tot</th>" in page and shown in page and "(12\u00a0kB, downloaden)" in page


def test_the_upload_service_itself_refuses_medisch_from_the_client(client_user, client_obj, s3_storage, s3_server):
    from django.core.exceptions import ValidationError
    from django.test import RequestFactory

    from reintegratie.dossier.services import document_upload

    request = RequestFactory().post("/")
    request.user = client_user
    with pytest.raises(ValidationError, match="Kies wat voor document het is"):
        document_upload(request=request, client=client_obj, category="medisch", upload=upload("a.pdf", pdf_bytes()))
    assert Document.objects.count() == 0 and s3_server.keys(s3_storage) == []
