"""Inzage (AVG art. 15): request, make, download and remove the zip; the FG's logged consultations.

The InzageVerzoek row is the source of truth; the task gets its primary key only and fills it.
Making the zip is idempotent: a ready request is never made again, a live claim is left alone,
and the file has a fixed name, so a second run overwrites rather than adds.
"""

import json
import logging
import tempfile
import zipfile
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.dates import datum
from reintegratie.documents.models import Brief
from reintegratie.dossier.models import Document

from . import export
from .history import datum_om
from .models import FgRaadpleging, FgReden, InzageStatus, InzageVerzoek, InzageVia, inzage_upload_to

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Longer than the task's hard time limit: an older claim belongs to a dead worker.
CLAIM_EXPIRES = timedelta(minutes=20)
# The overview lists the newest rows of each long list; the CSV and JSON files hold them all.
OVERVIEW_ROWS = 20
OVERVIEW_MAX_PAGES = 200


def inzage_request(*, request, client, via):
    """Ask for the zip of everything about ``client``; the task is published after commit.

    A request already waiting or being made is returned instead of a second one.
    """
    if via not in InzageVia.values:
        raise ValidationError(_("Deze manier van aanvragen bestaat niet."))
    with transaction.atomic():
        open_request = (
            InzageVerzoek.objects.select_for_update()
            .filter(client=client, status__in=[InzageStatus.IN_WACHTRIJ, InzageStatus.BEZIG])
            .first()
        )
        if open_request is not None:
            return open_request
        verzoek = InzageVerzoek.objects.create(client=client, requested_by=request.user, via=via)
        transaction.on_commit(lambda: inzage_publish(verzoek.pk))
    return verzoek


def inzage_publish(verzoek_id):
    """Hand the request to Celery; if the broker is down the page offers to try again. Never raises."""
    from .tasks import inzage_make_task

    try:
        inzage_make_task.apply_async(
            args=[str(verzoek_id)],
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2},
        )
    except Exception as error:  # broker errors come in many classes; all mean "try later"
        logger.warning("inzage %s not published: %s", verzoek_id, type(error).__name__)
        return False
    return True


def _claim(verzoek_id):
    now = timezone.now()
    claimable = Q(status=InzageStatus.IN_WACHTRIJ) | Q(status=InzageStatus.BEZIG, claimed_at__lt=now - CLAIM_EXPIRES)
    if not InzageVerzoek.objects.filter(claimable, pk=verzoek_id).update(
        status=InzageStatus.BEZIG, claimed_at=now, attempts=F("attempts") + 1, percent=0
    ):
        return None
    return InzageVerzoek.objects.select_related("client", "requested_by").get(pk=verzoek_id)


class _Progress:
    def __init__(self, verzoek, steps):
        self.verzoek = verzoek
        self.steps = max(steps, 1)
        self.done = 0

    def step(self, n=1):
        self.done += n
        percent = min(99, int(100 * self.done / self.steps))
        InzageVerzoek.objects.filter(pk=self.verzoek.pk, claimed_at=self.verzoek.claimed_at).update(percent=percent)


def inzage_make(*, verzoek_id):
    """Make the zip for one request, once. Returns the request, or None when there was nothing to do."""
    verzoek = _claim(verzoek_id)
    if verzoek is None:
        return None
    if verzoek.attempts > MAX_ATTEMPTS:
        InzageVerzoek.objects.filter(pk=verzoek.pk).update(status=InzageStatus.MISLUKT, last_error="te veel pogingen")
        return None
    client = verzoek.client
    letters = list(Brief.objects.filter(client=client, status="klaar").exclude(pdf="").order_by("created_at", "pk"))
    documents = list(Document.objects.filter(client=client).exclude(file="").order_by("created_at", "pk"))
    progress = _Progress(verzoek, export.section_count(client) + len(letters) + len(documents) + 2)
    try:
        with tempfile.TemporaryFile() as stream:
            with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                sections = export.client_sections(client, on_section=progress.step)
                _write_tables(archive, client, sections)
                for brief in letters:
                    with brief.pdf.open("rb") as pdf:
                        archive.writestr(_letter_name(brief), pdf.read())
                    progress.step()
                for document in documents:
                    with document.file.open("rb") as stored:
                        archive.writestr(_document_name(document), stored.read())
                    progress.step()
                archive.writestr("overzicht.pdf", overview_pdf(client, sections, letters))
                progress.step()
            _finish(verzoek, stream)
    except _ClaimLost:
        return None
    except Exception as error:
        logger.exception("inzage %s failed (attempt %s)", verzoek.pk, verzoek.attempts)
        InzageVerzoek.objects.filter(pk=verzoek.pk, claimed_at=verzoek.claimed_at).update(
            status=InzageStatus.MISLUKT if verzoek.attempts >= MAX_ATTEMPTS else InzageStatus.IN_WACHTRIJ,
            last_error=type(error).__name__[:200],
        )
        return None
    return InzageVerzoek.objects.get(pk=verzoek.pk)


def _letter_name(brief):
    return f"brieven/{timezone.localtime(brief.created_at):%Y-%m-%d}-{brief.kind}-{brief.pk}.pdf"


def _document_name(document):
    """``documenten/2026-11-23-cv-<id>-cv-anouk.pdf``: the day, the category, and the name it was sent with."""
    day = timezone.localtime(document.created_at)
    return f"documenten/{day:%Y-%m-%d}-{document.category}-{document.pk}-{document.original_name}"


def _write_tables(archive, client, sections):
    data = {
        "gemaakt_op": timezone.localtime().isoformat(timespec="minutes"),
        "clientnummer": client.client_number,
        "onderdelen": {s.key: {"titel": s.title, "velden": dict(s.columns), "rijen": s.rows} for s in sections},
    }
    archive.writestr("gegevens.json", json.dumps(data, ensure_ascii=False, indent=1))
    for section in sections:
        archive.writestr(f"tabellen/{section.key}.csv", export.csv_bytes(section))
    archive.writestr("LEESMIJ.txt", render_to_string("privacy/inzage_leesmij.txt", {"sections": sections}))


class _ClaimLost(Exception):
    """Another worker took over this request; this run stops without writing."""


def _finish(verzoek, stream):
    with transaction.atomic():
        current = InzageVerzoek.objects.select_for_update().get(pk=verzoek.pk)
        if current.status != InzageStatus.BEZIG or current.claimed_at != verzoek.claimed_at:
            raise _ClaimLost
        name = inzage_upload_to(current, "")
        storage = current.file.storage
        if storage.exists(name):
            storage.delete(name)
        stream.seek(0)
        current.file.save(name, File(stream), save=False)
        current.status = InzageStatus.KLAAR
        current.percent = 100
        current.finished_at = timezone.now()
        current.expires_at = current.finished_at + timedelta(days=settings.INZAGE_KEEP_DAYS)
        current.last_error = ""
        current.save()


def _nl(value):
    """An ISO value from the tables, as a person reads it."""
    if not value:
        return ""
    try:
        if "T" in value:
            return datum_om(datetime.fromisoformat(value))
        return datum(date.fromisoformat(value))
    except (TypeError, ValueError):
        return value


def _newest(section, *columns, sort_key):
    rows = sorted(section.rows, key=lambda r: r.get(sort_key) or "", reverse=True)[:OVERVIEW_ROWS]
    return [[_nl(r.get(c)) if c == sort_key else (r.get(c) or "") for c in columns] for r in rows]


def overview_pdf(client, sections, letters):
    """The plain-Dutch overview: personal data, what the files hold, the newest rows of the long lists."""
    from reintegratie.documents.renderer import LocalOnlyFetcher

    by_key = {s.key: s for s in sections}
    person = by_key["persoonsgegevens"]
    personal = [
        (label, _nl(person.rows[0].get(key)) if key in ("date_of_birth", "benefit_start") else person.rows[0].get(key))
        for key, label in person.columns
        if key not in ("id", "created_at", "updated_at")
    ]
    context = {
        "client": client,
        "made_at": timezone.now(),
        "personal": [(label, "ja" if v is True else "nee" if v is False else (v or "–")) for label, v in personal],
        "counts": [(s.title, len(s.rows), f"tabellen/{s.key}.csv") for s in sections if s.key != "persoonsgegevens"],
        "contacts": _newest(by_key["contactmomenten"], "at", "channel", "summary", sort_key="at"),
        "appointments": _newest(by_key["afspraken"], "starts_at", "purpose", "outcome", sort_key="starts_at"),
        "letters": [(datum(b.created_at), b.get_kind_display()) for b in reversed(letters[-OVERVIEW_ROWS:])],
        "letter_count": len(letters),
        "access": _newest(by_key["toegangslog"], "at", "user", "role", "action", sort_key="at"),
        "access_count": len(by_key["toegangslog"].rows),
        "changes": _newest(by_key["wijzigingen"], "at", "record", "field", "by", sort_key="at"),
        "change_count": len(by_key["wijzigingen"].rows),
        "contact_count": len(by_key["contactmomenten"].rows),
        "appointment_count": len(by_key["afspraken"].rows),
        "rows_shown": OVERVIEW_ROWS,
        "GEMEENTE_NAAM": settings.GEMEENTE_NAAM,
        "keep_days": settings.INZAGE_KEEP_DAYS,
    }
    html = render_to_string("privacy/inzage_overzicht.html", context)
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=LocalOnlyFetcher()).render()
    if len(document.pages) > OVERVIEW_MAX_PAGES:
        raise ValueError("inzage overview too long")
    return document.write_pdf()


def inzage_download_log(*, request, verzoek):
    """Log a download of the zip: an 'export' row in the client's access log, with this request's path and IP."""
    return access_log_write(request=request, client=verzoek.client, action=AccessLog.Action.EXPORT)


def inzage_expire(*, now=None):
    """Remove the zips whose term has passed; the rows stay (who asked, when). Returns how many."""
    now = now or timezone.now()
    count = 0
    for verzoek in InzageVerzoek.objects.filter(status=InzageStatus.KLAAR, expires_at__lt=now):
        if verzoek.file:
            verzoek.file.storage.delete(verzoek.file.name)
        InzageVerzoek.objects.filter(pk=verzoek.pk, status=InzageStatus.KLAAR).update(
            status=InzageStatus.VERLOPEN, file=""
        )
        count += 1
    return count


def fg_consult(*, request, client, reason, note):
    """The FG looks into one client's access log and history: log it twice, as a consultation and in the access log.

    Rule: a reason (klacht, datalek, verzoek) and a note are required; both are stored with the
    FG's name and the time. The client sees the look in "Wie keek in mijn dossier".
    """
    if reason not in FgReden.values or not (note or "").strip():
        raise ValidationError(_("Kies een reden en schrijf erbij waarom u dit dossier opent."))
    with transaction.atomic():
        consult = FgRaadpleging.objects.create(user=request.user, client=client, reason=reason, note=note.strip())
        access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return consult
