"""The checks every uploaded file goes through before anything is stored.

In order: the name (path parts dropped, medical hints refused outside ``medisch``), the size (read
from the upload before its bytes are read; 0 bytes refused), the type sniffed from the bytes
(``filetype``; the name's extension is ignored), then per type: a PDF must hold no JavaScript,
OpenAction, Launch or other automatic actions and no embedded files (pypdf walks every object),
an image is decoded and re-encoded by Pillow (which drops EXIF, comments and anything appended),
and last the virus scanner (``scanner.py``). SVG, executables, archives and Office files (zip
containers: decompression bombs, macros) are refused without being opened.

Every refusal is a ``ValidationError`` with a plain Dutch message for the person who uploaded.
"""

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import scanner
from .categories import (
    ALLOWED_TYPES,
    EXTENSIONS,
    IMAGES,
    MAX_SIZE,
    MB,
    MEDICAL_HINTS,
    PDF,
    Category,
    allowed_names,
)

MAX_NAME = 120
# Pillow refuses larger images (a decompression bomb: a few KB that unpack to gigabytes).
MAX_PIXELS = 40_000_000
MAX_PDF_OBJECTS = 50_000
PDF_ACTIONS = {"/JavaScript", "/JS", "/OpenAction", "/Launch", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"}
PDF_ACTIONS |= {"/XFA", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE"}
ARCHIVES = {"application/zip", "application/x-tar", "application/gzip", "application/x-rar-compressed"}
ARCHIVES |= {"application/x-7z-compressed", "application/x-bzip2", "application/x-xz", "application/x-compress"}
EXECUTABLES = {"application/x-executable", "application/x-msdownload", "application/x-elf", "application/x-mach-binary"}
EXECUTABLE_MAGIC = (b"\x7fELF", b"MZ", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    name: str
    sha256: str


def clean_name(name):
    """The last part of the name only, without control characters or odd punctuation, at most 120 characters.

    ``../../etc/passwd.pdf`` becomes ``passwd.pdf``; a name with nothing left becomes ``document``.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w .()+,-]", "_", name).strip(" .")
    return name[-MAX_NAME:] or "document"


def _with_extension(name, content_type):
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name) or "document"
    return f"{stem}{EXTENSIONS[content_type]}"


def _check_name(name, category, *, for_client):
    if category == Category.MEDISCH or not MEDICAL_HINTS.search(name):
        return
    if for_client:
        message = _(
            "De naam van dit bestand wijst op medische gegevens. Die bewaren we hier niet. "
            "Wilt u iets over uw gezondheid laten weten? Vertel het uw werkcoach. "
            "Is het geen medisch stuk? Geef het bestand dan een andere naam."
        )
    else:
        message = _(
            "De naam van dit bestand wijst op medische gegevens. Kies de soort 'Medisch' als het nodig is. "
            "Is het geen medisch stuk? Geef het bestand dan een andere naam."
        )
    raise ValidationError(message, code="medisch")


def _check_size(size, category):
    if not size:
        raise ValidationError(_("Het bestand is leeg. Kies een ander bestand."), code="leeg")
    limit = MAX_SIZE[category]
    if size > limit:
        raise ValidationError(
            _("Het bestand is te groot. Het mag hoogstens %(mb)s MB zijn.") % {"mb": limit // MB}, code="te_groot"
        )


def sniff(data):
    """The content type read from the bytes, or a short word for what it is not allowed to be."""
    if data.startswith(EXECUTABLE_MAGIC):
        return "executable"
    kind = filetype.guess(data)
    if kind is not None:
        if kind.mime in EXECUTABLES:
            return "executable"
        if kind.mime in ARCHIVES or kind.extension in {"docx", "xlsx", "pptx", "odt", "epub"}:
            return "archive"
        return kind.mime
    head = data[:2048].lstrip().lower()
    if b"<svg" in head or head.startswith(b"<?xml"):
        return "svg"
    return None


def _refuse_type(kind, category):
    allowed = allowed_names(category)
    if kind == "executable":
        message = _("Dit bestand is een programma, geen document. Stuur een %(types)s.")
    elif kind == "archive":
        message = _("Een zip-bestand of Office-bestand nemen we niet aan. Sla het op als %(types)s en stuur dat.")
    elif kind == "svg":
        message = _("Een SVG-bestand nemen we niet aan. Stuur een %(types)s.")
    else:
        message = _("Dit soort bestand nemen we niet aan. Stuur een %(types)s.")
    raise ValidationError(message % {"types": allowed}, code="soort")


def _walk_pdf(obj, seen, budget):
    """Yield every dictionary key and every name value in the object graph below ``obj`` (at most ``budget`` objects).

    pypdf decodes ``#xx`` escapes, so ``/J#61vaScript`` is seen as ``/JavaScript``.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > budget:
                raise ValidationError(_("Dit PDF-bestand is te ingewikkeld om te controleren."), code="pdf")
            item = item.get_object()
        if isinstance(item, NameObject):
            yield str(item)
        elif isinstance(item, DictionaryObject):
            for name, value in item.items():
                yield name
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def check_pdf(data):
    """Refuse a PDF that is damaged, locked, or does something on its own (script, action, embedded file)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    active = _("Dit PDF-bestand bevat onderdelen die vanzelf iets doen (zoals een script). Die nemen we niet aan.")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("Dit PDF-bestand is beveiligd met een wachtwoord. Stuur het zonder."), code="pdf")
        seen = set()
        keys = set(_walk_pdf(reader.trailer, seen, MAX_PDF_OBJECTS))
        for page in reader.pages:
            keys |= set(_walk_pdf(page, seen, MAX_PDF_OBJECTS))
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError):
        raise ValidationError(_("Dit PDF-bestand is kapot of onleesbaar. Maak het opnieuw aan."), code="pdf") from None
    if keys & PDF_ACTIONS:
        raise ValidationError(active, code="pdf_actief")


def reencode_image(data, content_type):
    """Decode the image and write it again: only the pixels survive (no EXIF, no comments, no appended bytes)."""
    from PIL import Image, ImageOps

    broken = _("Deze afbeelding is kapot of te groot om te openen. Maak een nieuwe foto of scan.")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
                image = image.convert("RGBA" if has_alpha and content_type != "image/jpeg" else "RGB")
                clean = Image.frombytes(image.mode, image.size, image.tobytes())
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(broken, code="afbeelding") from None
    out = io.BytesIO()
    clean.save(out, format="JPEG" if content_type == "image/jpeg" else "PNG", quality=90, optimize=True)
    return out.getvalue()


def check_upload(upload, *, category, for_client=False):
    """Check an uploaded file for this category; return the bytes to store, their type and a safe name.

    ``for_client``: the client uploads (the refusals then speak to the client).
    """
    try:
        category = Category(category)
    except ValueError:
        raise ValidationError(_("Kies wat voor document het is."), code="soort") from None
    name = clean_name(getattr(upload, "name", ""))
    _check_name(name, category, for_client=for_client)
    _check_size(upload.size, category)
    data = upload.read(MAX_SIZE[category] + 1)
    _check_size(len(data), category)
    kind = sniff(data)
    if kind not in ALLOWED_TYPES[category]:
        _refuse_type(kind, category)
    if kind == PDF:
        check_pdf(data)
    elif kind in IMAGES:
        data = reencode_image(data, kind)
    scanner.scan(data)
    return CheckedFile(data, kind, _with_extension(name, kind), hashlib.sha256(data).hexdigest())
