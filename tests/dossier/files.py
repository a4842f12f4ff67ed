"""Small real files for the upload tests: made here, byte by byte, not mocked."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def raw_pdf(*objects):
    """A PDF written by hand from object bodies (object 1 is the catalog), with a correct xref table."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"


def pdf_bytes(*, javascript=False, open_action=False, hidden_name=False):
    """A one-page PDF; with JavaScript in the names tree, a Launch OpenAction, or JavaScript under a #-escaped name."""
    if javascript:
        catalog = b"<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript 4 0 R >> >>"
        return raw_pdf(catalog, PAGES, PAGE, b"<< /Names [(x) << /S /JavaScript /JS (app.alert(1)) >>] >>")
    if open_action:
        catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (calc.exe) >> >>"
        return raw_pdf(catalog, PAGES, PAGE)
    if hidden_name:
        catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
        return raw_pdf(catalog, PAGES, PAGE, b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>")
    return raw_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", PAGES, PAGE)


def png_bytes(*, exif=False, trailer=b""):
    from PIL import Image

    image = Image.new("RGB", (40, 30), (200, 30, 30))
    out = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x010F] = "GeheimeCamera"  # Make
        info[0x8825] = {1: "N"}  # GPS
        image.save(out, format="PNG", exif=info)
    else:
        image.save(out, format="PNG")
    return out.getvalue() + trailer


def jpeg_bytes(*, exif=False):
    from PIL import Image

    image = Image.new("RGB", (40, 30), (20, 130, 30))
    out = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x010F] = "GeheimeCamera"
        image.save(out, format="JPEG", exif=info)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def zip_bomb():
    """A zip of about 10 KB that unpacks to 10 MB of zeros (renamed to .pdf by the tests)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nul.bin", b"\0" * (10 * 1024 * 1024))
    return out.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\0" * 8 + b"\x02\x00\x3e\x00" + b"\0" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def upload(name, data, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)
