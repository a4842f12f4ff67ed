"""Inzage (AVG art. 15): the client downloads everything held about them as a zip."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reintegratie.audit.models import AccessLog
from reintegratie.dates import datum
from reintegratie.privacy import services
from reintegratie.privacy.models import InzageStatus, InzageVerzoek
from tests.auth import login
from tests.factories import ClientFactory

from .helpers import file_with_history, open_zip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _request_and_make(client, django_capture_on_commit_callbacks, url):
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url)
    assert response.status_code == 302
    verzoek = InzageVerzoek.objects.latest("created_at")
    assert response["Location"] == reverse("privacy:inzage-detail", kwargs={"verzoek_id": verzoek.pk})
    made = services.inzage_make(verzoek_id=verzoek.pk)
    assert made is not None and made.status == InzageStatus.KLAAR, verzoek.last_error
    return made


def test_the_client_downloads_a_zip_with_everything_held_about_them(
    client, coach, client_obj, client_user, django_capture_on_commit_callbacks
):
    letters = file_with_history(client_obj, coach, contacts=3, appointments=2, letters=2)
    login(client, client_user)
    verzoek = _request_and_make(client, django_capture_on_commit_callbacks, reverse("privacy:portal-gegevens"))
    assert client.get(reverse("privacy:inzage-status", kwargs={"verzoek_id": verzoek.pk})).json()["percent"] == 100

    response = client.get(reverse("privacy:inzage-download", kwargs={"verzoek_id": verzoek.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive, data, table, pdf = open_zip(b"".join(response.streaming_content))

    person = data["onderdelen"]["persoonsgegevens"]["rijen"][0]
    assert (person["first_name"], person["last_name"], person["bsn"]) == (
        client_obj.first_name,
        client_obj.last_name,
        client_obj.bsn,
    )
    assert person["date_of_birth"] == client_obj.date_of_birth.isoformat()
    contacts = table("contactmomenten")
    assert sorted(row["samenvatting"] for row in contacts) == [
        "Gesprek nummer 1.",
        "Gesprek nummer 2.",
        "Gesprek nummer 3.",
    ]
    assert len(table("afspraken")) == 2
    assert sorted(n for n in archive.namelist() if n.startswith("brieven/")) == sorted(
        f"brieven/{timezone.localtime(b.created_at):%Y-%m-%d}-voortgangsrapportage-{b.pk}.pdf" for b in letters
    )
    assert archive.read(next(n for n in archive.namelist() if n.startswith("brieven/")))[:5] == b"%PDF-"
    # The overview reads as the data says: name, counts, dates.
    assert client_obj.full_name in pdf and str(client_obj.client_number) in pdf
    assert "Contactmomenten: 3 gesprekken" in pdf and "Afspraken: 2 afspraken" in pdf and "Brieven: 2 brieven" in pdf
    assert datum(client_obj.date_of_birth) in pdf
    first_contact = min(c.at for c in client_obj.contactmomenten.all())
    assert datum(first_contact) in pdf
    # One date style where a person reads: no 2026-12-04 or 04-12-2026 in the overview.
    from tests.documents.test_date_style import OTHER_STYLES

    assert not OTHER_STYLES.findall(pdf)
    # The access log is in it, without the staff's IP addresses.
    log = table("toegangslog")
    assert log and "ip" not in data["onderdelen"]["toegangslog"]["velden"]
    # The download itself is logged.
    assert AccessLog.objects.filter(client=client_obj, user=client_user, action="export").count() == 1


def test_a_client_cannot_download_another_clients_zip(client, coach, client_obj, client_user):
    other = ClientFactory(coach=coach)
    verzoek = InzageVerzoek.objects.create(client=other, requested_by=coach, via="papier")
    login(client, client_user)
    for name in ("privacy:inzage-detail", "privacy:inzage-status", "privacy:inzage-download"):
        assert client.get(reverse(name, kwargs={"verzoek_id": verzoek.pk})).status_code == 404


def test_the_coach_makes_the_same_file_for_a_request_on_paper(
    client, coach, client_obj, django_capture_on_commit_callbacks
):
    file_with_history(client_obj, coach, contacts=1, appointments=0, letters=0)
    login(client, coach)
    url = reverse("privacy:staff-inzage", kwargs={"client_id": client_obj.pk})
    verzoek = _request_and_make(client, django_capture_on_commit_callbacks, url)
    assert verzoek.via == "papier" and verzoek.requested_by == coach
    response = client.get(reverse("privacy:inzage-download", kwargs={"verzoek_id": verzoek.pk}))
    _archive, _data, table, _pdf = open_zip(b"".join(response.streaming_content))
    assert [row["samenvatting"] for row in table("contactmomenten")] == ["Gesprek nummer 1."]


def test_a_second_request_while_one_waits_makes_no_second_file(client, client_obj, client_user):
    login(client, client_user)
    client.post(reverse("privacy:portal-gegevens"))
    client.post(reverse("privacy:portal-gegevens"))
    assert InzageVerzoek.objects.filter(client=client_obj).count() == 1


def test_making_is_idempotent_and_the_zip_is_removed_after_its_term(settings, coach, client_obj):
    verzoek = InzageVerzoek.objects.create(client=client_obj, requested_by=coach, via="papier")
    made = services.inzage_make(verzoek_id=verzoek.pk)
    assert services.inzage_make(verzoek_id=verzoek.pk) is None  # ready: nothing to do
    name = made.file.name
    assert made.file.storage.exists(name)
    assert made.expires_at - made.finished_at == timedelta(days=settings.INZAGE_KEEP_DAYS)
    assert services.inzage_expire(now=made.expires_at - timedelta(minutes=1)) == 0
    assert services.inzage_expire(now=made.expires_at + timedelta(minutes=1)) == 1
    verzoek.refresh_from_db()
    assert verzoek.status == InzageStatus.VERLOPEN and not verzoek.file
    assert not made.file.storage.exists(name)


def test_the_zip_goes_to_the_object_store_when_one_is_configured(s3_storage, settings, coach, client_obj, tmp_path):
    import os

    verzoek = InzageVerzoek.objects.create(client=client_obj, requested_by=coach, via="papier")
    made = services.inzage_make(verzoek_id=verzoek.pk)
    assert made.status == InzageStatus.KLAAR
    with made.file.open("rb") as f:
        assert f.read(2) == b"PK"
    assert not os.path.exists(settings.MEDIA_ROOT) or not any(os.scandir(settings.MEDIA_ROOT))


def test_health_notes_are_in_the_zip(coach, client_obj):
    from intake.models import Intake

    Intake.objects.create(
        client=client_obj, kind="eerste", created_by=coach, functional_limits="Rugklachten: niet zwaar tillen."
    )
    verzoek = InzageVerzoek.objects.create(client=client_obj, requested_by=coach, via="papier")
    made = services.inzage_make(verzoek_id=verzoek.pk)
    with made.file.open("rb") as f:
        _archive, data, _table, _pdf = open_zip(f.read())
    [intake] = data["onderdelen"]["intakes"]["rijen"]
    assert intake["functional_limits"] == "Rugklachten: niet zwaar tillen."


def test_staff_of_another_team_get_404_on_the_paper_request(client, other_coach, client_obj):
    login(client, other_coach)
    url = reverse("privacy:staff-inzage", kwargs={"client_id": client_obj.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not InzageVerzoek.objects.exists()


def test_messages_and_documents_are_in_the_zip_with_the_files_themselves(coach, client_obj, client_user):
    """Berichten and the dossier are part of what is held: their rows, and each document's bytes."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import RequestFactory
    from PIL import Image

    from reintegratie.berichten.services import bericht_from_client, bericht_from_staff

    def as_user(user):
        request = RequestFactory().post("/")
        request.user = user
        return request

    png = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(png, format="PNG")
    upload = SimpleUploadedFile("diploma.png", png.getvalue(), content_type="image/png")
    first = bericht_from_client(
        request=as_user(client_user), client=client_obj, text="Hier is mijn diploma.", upload=upload
    )
    bericht_from_staff(request=as_user(coach), client=client_obj, text="Dank u, ik heb het ontvangen.")

    verzoek = InzageVerzoek.objects.create(client=client_obj, requested_by=coach, via="papier")
    made = services.inzage_make(verzoek_id=verzoek.pk)
    with made.file.open("rb") as f:
        archive, data, table, _pdf = open_zip(f.read())
    assert [row["text"] for row in data["onderdelen"]["berichten"]["rijen"]] == [
        "Hier is mijn diploma.",
        "Dank u, ik heb het ontvangen.",
    ]
    assert len(table("documenten")) == 1
    stored = [name for name in archive.namelist() if name.startswith("documenten/")]
    assert len(stored) == 1 and stored[0].endswith("-diploma.png")
    with first.attachment.file.open("rb") as f:
        assert archive.read(stored[0]) == f.read()
    assert "documenten/" in archive.read("LEESMIJ.txt").decode()
