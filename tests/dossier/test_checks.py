"""The upload checks on their own: sniffing, PDF actions, image re-encoding, names, medical hints."""

import io

import pytest
from django.core.exceptions import ValidationError

from reintegratie.dossier.checks import check_upload, clean_name, sniff

from .files import ELF, MZ, SVG, jpeg_bytes, pdf_bytes, png_bytes, upload, zip_bomb


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\anouk\\cv.pdf", "cv.pdf"),
        ("..", "document"),
        ("cv\x00.exe.pdf", "cv.exe.pdf"),
        ("mijn <b>cv.pdf", "mijn _b_cv.pdf"),
    ],
)
def test_clean_name_keeps_only_the_last_part(raw, clean):
    assert clean_name(raw) == clean


def test_the_type_comes_from_the_bytes_not_the_name():
    assert sniff(pdf_bytes()) == "application/pdf"
    assert sniff(png_bytes()) == "image/png"
    assert sniff(ELF) == sniff(MZ) == "executable"
    assert sniff(zip_bomb()) == "archive"
    assert sniff(SVG) == "svg"


def test_a_clean_pdf_passes_and_keeps_its_bytes():
    data = pdf_bytes()
    checked = check_upload(upload("Mijn cv.PDF", data), category="cv")
    assert (checked.content_type, checked.name, checked.data) == ("application/pdf", "Mijn cv.pdf", data)


@pytest.mark.parametrize("kind", ["javascript", "open_action", "hidden_name"])
def test_a_pdf_that_acts_on_its_own_is_refused(kind):
    with pytest.raises(ValidationError, match="vanzelf iets doen"):
        check_upload(upload("cv.pdf", pdf_bytes(**{kind: True})), category="cv")


def test_an_image_is_reencoded_without_exif_or_appended_bytes():
    from PIL import Image

    data = png_bytes(exif=True, trailer=b"<?php system($_GET['x']); ?>")
    checked = check_upload(upload("diploma.png", data, "image/png"), category="diploma")
    assert b"php" not in checked.data and b"GeheimeCamera" not in checked.data
    assert Image.open(io.BytesIO(checked.data)).getexif() == {}
    jpeg = check_upload(upload("foto.jpeg", jpeg_bytes(exif=True), "image/jpeg"), category="overig")
    assert b"GeheimeCamera" not in jpeg.data and jpeg.name == "foto.jpg"


def test_an_image_bomb_is_refused(monkeypatch):
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, format="PNG")  # 81 megapixels in a few KB
    with pytest.raises(ValidationError, match="te groot om te openen"):
        check_upload(upload("scan.png", out.getvalue(), "image/png"), category="overig")


@pytest.mark.parametrize(
    "name", ["uitslag huisarts.pdf", "Diagnose_GGZ.pdf", "brief ziekenhuis.pdf", "verklaring-arts.pdf"]
)
def test_a_name_pointing_at_health_data_is_refused_outside_medisch(name):
    with pytest.raises(ValidationError, match="Vertel het uw werkcoach"):
        check_upload(upload(name, pdf_bytes()), category="overig", for_client=True)
    with pytest.raises(ValidationError, match="Kies de soort 'Medisch'"):
        check_upload(upload(name, pdf_bytes()), category="overig")
    assert check_upload(upload(name, pdf_bytes()), category="medisch").content_type == "application/pdf"


@pytest.mark.parametrize(
    "name", ["startsalaris.pdf", "diploma psychologie.pdf", "cv IT-specialist.pdf", "receptioniste.pdf"]
)
def test_ordinary_names_are_not_taken_for_health_data(name):
    assert check_upload(upload(name, pdf_bytes()), category="diploma").name == name


def test_medisch_takes_no_images():
    with pytest.raises(ValidationError, match=r"Stuur een PDF\."):
        check_upload(upload("advies.png", png_bytes(), "image/png"), category="medisch")
