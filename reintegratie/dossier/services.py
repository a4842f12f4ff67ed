"""Writes of the dossier: store a checked upload; delete the documents whose term has passed."""

import logging

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegratie.accounts.models import Role
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.bewaren.anonymise import DESTROYED_FILE
from reintegratie.bewaren.models import OpruimBestand
from reintegratie.bewaren.services import files_delete

from .categories import CLIENT_CATEGORIES, Category, retention_months
from .checks import check_upload
from .models import Document
from .selectors import documents_expired

logger = logging.getLogger(__name__)

# Documents deleted per transaction by the daily run.
EXPIRE_BATCH = 500
# The access-log path of a deletion by its term: opaque ids only (there is no request).
EXPIRED_PATH = "bewaartermijn/dossier/{pk}"


def document_upload(*, request, client, category, upload):
    """Check the upload and store it in the client's dossier; written to the access log.

    Rule: nothing is stored unless every check passed (``checks.check_upload``: type from the
    bytes, size, PDF actions, image re-encoding, virus scan, health data only in ``medisch``).
    The row and the access-log line are one transaction; when it fails, the stored file is removed.
    Raises ValidationError with a Dutch message.
    """
    for_client = request.user.role == Role.CLIENT
    if for_client and category not in CLIENT_CATEGORIES:
        raise ValidationError(_("Kies wat voor document het is."), code="soort")
    checked = check_upload(upload, category=category, for_client=for_client)
    category = Category(category)
    document = Document(
        client=client,
        category=category,
        uploaded_by=request.user,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=checked.sha256,
        retain_until=timezone.localdate() + relativedelta(months=retention_months(category)),
    )
    document.file.save(checked.name, ContentFile(checked.data), save=False)
    try:
        with transaction.atomic():
            document.save()
            access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


def documents_expire(*, today=None, batch=EXPIRE_BATCH):
    """Delete every document whose term ended before ``today``: the row now, the file after the commit.

    Rule (docs/privacy.md, "Documenten in het dossier"): a document is kept up to and including its
    ``retain_until``; a client's documents stay while a zaak of the client waits for a decision.
    Per batch, one transaction deletes the rows, writes an access-log line per document (no user:
    the term did it; the path holds the document id only) and puts the stored files on the retry
    list of ``bewaren`` (``OpruimBestand``). The files are deleted after the commit; a failed delete
    stays on the list and is tried again by the next run of this task or of the nightly retention
    task. Returns the counts (ids and numbers only, no content).
    """
    today = today or timezone.localdate()
    deleted = 0
    while True:
        with transaction.atomic():
            rows = list(
                documents_expired(today=today)
                .select_for_update(skip_locked=True)
                .values_list("pk", "client_id", "file")[:batch]
            )
            if not rows:
                break
            names = [name for _pk, _client, name in rows if name and name != DESTROYED_FILE]
            OpruimBestand.objects.bulk_create([OpruimBestand(name=name) for name in names], ignore_conflicts=True)
            AccessLog.objects.bulk_create(
                AccessLog(client_id=client_id, action=AccessLog.Action.CHANGE, path=EXPIRED_PATH.format(pk=pk))
                for pk, client_id, _name in rows
            )
            # The messages that carried one keep their text; their attachment becomes empty (SET_NULL).
            Document.objects.filter(pk__in=[pk for pk, _client, _name in rows]).delete()
        deleted += len(rows)
    if deleted:
        transaction.on_commit(files_delete)
        logger.info("dossier: %s documenten verwijderd (bewaartermijn verstreken)", deleted)
    return {"documenten": deleted}
