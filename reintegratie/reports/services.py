"""Exports in the background: request, publish, run, sweep.

The Export row is the source of truth, written by the request and published
to Celery after commit with its primary key only. Running is idempotent: an
export that is ready is never made again, a live claim is left alone, and the
file has a fixed name, so a second run overwrites rather than adds.
"""

import logging
import tempfile
import zipfile
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegratie.accounts.policy import clients_visible_to, coaches_managed_by
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import client_ip

from . import exports, tables
from .models import Export, export_upload_to
from .workflow import ExportKind, ExportStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
CHUNK = 2000
# Longer than the export task's hard time limit: an older claim belongs to a dead worker.
EXPORT_CLAIM_EXPIRES = timedelta(minutes=40)
EXPORT_QUEUED_TOO_LONG = timedelta(minutes=2)


def export_params_clean(*, user, kind, coach_id=None, start=None, end=None):
    """Return the params an export may carry: dates and a coach id of the user's team, nothing personal."""
    if kind not in ExportKind.values:
        raise ValidationError(_("Deze export bestaat niet."))
    params = {}
    if start and end:
        params.update(start=start.isoformat(), end=end.isoformat())
    if coach_id is not None:
        if not coaches_managed_by(user).filter(pk=coach_id).exists():
            raise ValidationError(_("Kies een werkcoach uit uw team."))
        params["coach_id"] = int(coach_id)
    return params


def export_request(*, request, kind, coach_id=None):
    """Ask for an export; publish its task after commit. Only a teamleider's own team is exported."""
    params = export_params_clean(user=request.user, kind=kind, coach_id=coach_id)
    with transaction.atomic():
        export = Export.objects.create(
            requested_by=request.user,
            requested_ip=client_ip(request),
            kind=kind,
            params=params,
            queued_at=timezone.now(),
        )
        transaction.on_commit(lambda: export_publish(export.pk))
    return export


def export_publish(export_id):
    """Hand the export to Celery; if the broker is down, the sweep tries again. Never raises."""
    from .tasks import run_export_task

    try:
        run_export_task.apply_async(
            args=[str(export_id)],
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2},
        )
    except Exception as error:  # broker errors come in many classes; all mean "try later"
        logger.warning("export %s not published, the sweep will retry: %s", export_id, type(error).__name__)
        return False
    return True


def _claim(export_id):
    now = timezone.now()
    claimable = Q(status=ExportStatus.IN_WACHTRIJ) | Q(
        status=ExportStatus.BEZIG, claimed_at__lt=now - EXPORT_CLAIM_EXPIRES
    )
    if not Export.objects.filter(claimable, pk=export_id).update(
        status=ExportStatus.BEZIG, claimed_at=now, attempts=F("attempts") + 1, done=0
    ):
        return None
    return Export.objects.select_related("requested_by").get(pk=export_id)


def export_scope(export):
    """Return the clients this export covers: the requester's scope now, narrowed to one coach if asked."""
    clients = clients_visible_to(export.requested_by)
    if "coach_id" in export.params:
        clients = clients.filter(coach_id=export.params["coach_id"])
    return clients


class _Progress:
    """Count rows and save the count once per chunk, outside any transaction, so the page sees it move."""

    def __init__(self, export, every=CHUNK):
        self.export = export
        self.every = every
        self.done = 0

    def add(self, n=1):
        before = self.done
        self.done += n
        if self.done // self.every > before // self.every:
            self.flush()

    def flush(self):
        Export.objects.filter(pk=self.export.pk, claimed_at=self.export.claimed_at).update(done=self.done)


def _access_log_export(export, clients):
    """Append one 'export' access-log row per client in the file, in one INSERT … SELECT.

    The rows are written in the transaction that marks the export ready: a
    failed export logs nothing, a ready one logs every client it holds.
    """
    user = export.requested_by
    sql, params = clients.order_by().values(scope_client_id=F("pk")).query.sql_with_params()
    table = AccessLog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # The table name comes from the model and the subquery from the ORM; every value is a parameter.
            f"INSERT INTO {table} (at, user_id, role, client_id, action, result, path, ip) "  # noqa: S608  # nosec B608
            f"SELECT %s, %s, %s, scope.scope_client_id, %s, %s, %s, %s FROM ({sql}) AS scope",
            [
                timezone.now(),
                user.pk,
                user.role,
                AccessLog.Action.EXPORT,
                AccessLog.Result.ALLOWED,
                _made_path(export),
                export.requested_ip,
                *params,
            ],
        )
        return cursor.rowcount


def _client_rows(progress, rows):
    for row in rows.iterator(chunk_size=CHUNK):
        progress.add()
        yield row


def export_download_log(*, request, export):
    """Log a download: one 'export' row per client in the file, for this request (path and IP).

    The file's clients are exactly those its creation logged (same export, same
    requester), so the rows are copied from there in one INSERT … SELECT.
    """
    table = AccessLog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # The table name comes from the model; every value is a parameter.
            f"INSERT INTO {table} (at, user_id, role, client_id, action, result, path, ip) "  # noqa: S608  # nosec B608
            f"SELECT %s, %s, %s, made.client_id, %s, %s, %s, %s FROM {table} AS made "
            # made.at bounds the search to the months since the export was asked for (partition pruning).
            "WHERE made.user_id = %s AND made.action = %s AND made.path = %s AND made.at >= %s",
            [
                timezone.now(),
                request.user.pk,
                request.user.role,
                AccessLog.Action.EXPORT,
                AccessLog.Result.ALLOWED,
                request.path[:300],
                client_ip(request),
                export.requested_by_id,
                AccessLog.Action.EXPORT,
                _made_path(export),
                export.created_at,
            ],
        )
        return cursor.rowcount


def _made_path(export):
    return f"/rapportage/exports/{export.pk}/"


def _write_client_list(export, stream, progress):
    clients = export_scope(export)
    rows = tables.client_rows(clients)
    if export.kind == ExportKind.CLIENTEN_CSV:
        # On PostgreSQL the database writes the rows (COPY): 40,000 rows in well under a second.
        exports.write_csv_rows(stream, tables.CLIENT_COLUMNS, rows, on_rows=progress.add)
    else:
        exports.write_xlsx(stream, [(_("Cliënten"), tables.CLIENT_COLUMNS, _client_rows(progress, rows))])


def progress_report_pdf(client, requested_by):
    """Render a client's voortgangsrapportage as it would be sent today, without storing a letter."""
    from reintegratie.documents import letters
    from reintegratie.documents.models import Brief, BriefKind
    from reintegratie.documents.renderer import render_html_to_pdf

    brief = Brief(client=client, kind=BriefKind.VOORTGANGSRAPPORTAGE, version=0, created_by=requested_by)
    template, context = letters.letter_context(brief)
    return render_html_to_pdf(render_to_string(template, context))


def _write_progress_zip(export, stream, progress):
    clients = export_scope(export).select_related("coach").order_by("client_number")
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for client in clients.iterator(chunk_size=200):
            pdf = progress_report_pdf(client, export.requested_by)
            archive.writestr(f"voortgangsrapportage-{client.client_number}.pdf", pdf)
            progress.add()


def export_run(*, export_id):
    """Make one export file, once. Writes an 'export' access-log row per client in the file.

    Idempotent: returns at once when the export is ready, failed, or claimed
    by a live worker. After MAX_ATTEMPTS the export is 'mislukt'.
    """
    export = _claim(export_id)
    if export is None:
        return None
    if export.attempts > MAX_ATTEMPTS:
        Export.objects.filter(pk=export.pk).update(status=ExportStatus.MISLUKT, last_error="te veel pogingen")
        return None
    total = export_scope(export).count()
    Export.objects.filter(pk=export.pk).update(total=total)
    progress = _Progress(export, every=5 if export.kind == ExportKind.VOORTGANG_ZIP else CHUNK)
    try:
        with tempfile.TemporaryFile() as stream:
            if export.kind == ExportKind.VOORTGANG_ZIP:
                _write_progress_zip(export, stream, progress)
            else:
                _write_client_list(export, stream, progress)
            progress.flush()
            _export_finish(export, stream, progress, total)
    except _ClaimLost:
        return None
    except Exception as error:
        logger.exception("export %s failed (attempt %s)", export.pk, export.attempts)
        Export.objects.filter(pk=export.pk, claimed_at=export.claimed_at).update(
            status=ExportStatus.MISLUKT if export.attempts >= MAX_ATTEMPTS else ExportStatus.IN_WACHTRIJ,
            last_error=type(error).__name__[:200],
            queued_at=timezone.now(),
        )
        return None
    return Export.objects.get(pk=export.pk)


def _export_finish(export, stream, progress, total):
    """Store the file under its fixed name, log the clients in it, and mark the export ready: one transaction."""
    with transaction.atomic():
        current = Export.objects.select_for_update().get(pk=export.pk)
        if current.status != ExportStatus.BEZIG or current.claimed_at != export.claimed_at:
            raise _ClaimLost
        name = export_upload_to(current, "")
        storage = current.file.storage
        if storage.exists(name):
            storage.delete(name)
        stream.seek(0)
        current.file.save(name, File(stream), save=False)
        current.status = ExportStatus.KLAAR
        current.done = progress.done
        current.total = max(total, progress.done)
        current.finished_at = timezone.now()
        current.last_error = ""
        current.save()
        _access_log_export(current, export_scope(current))


class _ClaimLost(Exception):
    """Another worker took over this export; this run stops without writing."""


def exports_sweep():
    """Publish again every export that waits too long or whose worker died. Returns how many."""
    now = timezone.now()
    stuck = Export.objects.filter(
        Q(status=ExportStatus.IN_WACHTRIJ, queued_at__lt=now - EXPORT_QUEUED_TOO_LONG)
        | Q(status=ExportStatus.BEZIG, claimed_at__lt=now - EXPORT_CLAIM_EXPIRES)
    ).values_list("pk", flat=True)
    count = 0
    for export_id in list(stuck[:100]):
        Export.objects.filter(pk=export_id).update(queued_at=now)
        count += export_publish(export_id)
    return count
