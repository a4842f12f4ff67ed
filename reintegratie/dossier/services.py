"""Writes of the dossier: store a checked upload."""

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reintegratie.accounts.models import Role
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from .categories import Category, retention_months
from .checks import check_upload
from .models import Document


def document_upload(*, request, client, category, upload):
    """Check the upload and store it in the client's dossier; written to the access log.

    Rule: nothing is stored unless every check passed (``checks.check_upload``: type from the
    bytes, size, PDF actions, image re-encoding, virus scan, health data only in ``medisch``).
    The row and the access-log line are one transaction; when it fails, the stored file is removed.
    Raises ValidationError with a Dutch message.
    """
    checked = check_upload(upload, category=category, for_client=request.user.role == Role.CLIENT)
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
