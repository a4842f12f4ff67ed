"""Retention and destruction: make the list, check and approve it, destroy its files one client at a time.

Business rules (docs/privacy.md, "Bewaartermijnen en vernietiging"):

- once a month the files whose term has passed go on that month's list
  (``lijst_make``; once per period: PeriodicRun and a unique period);
- a beheerder checks the list and may exclude a file with a reason (a bezwaar
  or court case still running keeps it); a second beheerder approves it
  (``RETENTION_FOUR_EYES``); approval publishes the destruction task;
- the task destroys the items one by one (``item_destroy``), each in its own
  transaction, with the item's status as the record of what is done: a worker
  killed half-way loses nothing and does nothing twice when the task runs again;
- files are deleted from storage after the commit, from ``OpruimBestand`` rows
  written in the same transaction, retried until gone.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from reintegratie.accounts.models import Role

from . import anonymise, retention
from .models import OpruimBestand, VernietigingItem, Vernietigingslijst
from .workflow import ALLOWED, EDITABLE, ItemStatus, LijstStatus

logger = logging.getLogger(__name__)

DESTROYED_NAME = "Vernietigd dossier"
# Generalised, not removed: a year of birth keeps age groups countable and names nobody.
BIRTH_DAY = (1, 1)


def _require_beheerder(user):
    if not user.is_authenticated or user.role != Role.BEHEERDER:
        raise PermissionDenied


def lijst_make(*, today=None):
    """Make this month's destruction list from the files whose term passed; None when there are none.

    Idempotent per period: a second call in the same month returns the list made first.
    """
    today = today or timezone.localdate()
    period = retention.month_period(today)
    with transaction.atomic():
        existing = Vernietigingslijst.objects.filter(period=period).first()
        if existing is not None:
            return existing
        due = list(retention.clients_due(today=today))
        if not due:
            return None
        lijst = Vernietigingslijst.objects.create(period=period)
        VernietigingItem.objects.bulk_create(
            VernietigingItem(
                lijst=lijst,
                client=client,
                client_number=client.client_number,
                ended_on=ended_on,
                term_ended_on=retention.term_end(ended_on),
            )
            for client, ended_on in due
        )
    logger.info("vernietigingslijst %s: %s dossiers", lijst.pk, len(due))
    return lijst


def _lock(lijst_id):
    return Vernietigingslijst.objects.select_for_update().get(pk=lijst_id)


def _move(lijst, to):
    if to not in ALLOWED[lijst.status]:
        raise ValidationError(_("Dit kan niet meer: de lijst is al verder in behandeling."))
    lijst.status = to


def item_exclude(*, user, item_id, reason):
    """Keep one file off the destruction (a running bezwaar or court case, say); the reason is required."""
    _require_beheerder(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Schrijf op waarom dit dossier bewaard blijft."))
    with transaction.atomic():
        item = VernietigingItem.objects.select_related("lijst").select_for_update().get(pk=item_id)
        _lock(item.lijst_id)
        if item.lijst.status not in EDITABLE:
            raise ValidationError(_("Dit kan niet meer: de lijst is al gecontroleerd."))
        item.status, item.exclude_reason, item.excluded_by = ItemStatus.UITGEZONDERD, reason, user
        item.save(update_fields=["status", "exclude_reason", "excluded_by"])
    return item


def item_include(*, user, item_id):
    """Put an excluded file back on the list (before the list is checked)."""
    _require_beheerder(user)
    with transaction.atomic():
        item = VernietigingItem.objects.select_related("lijst").select_for_update().get(pk=item_id)
        _lock(item.lijst_id)
        if item.lijst.status not in EDITABLE:
            raise ValidationError(_("Dit kan niet meer: de lijst is al gecontroleerd."))
        item.status, item.exclude_reason, item.excluded_by = ItemStatus.TE_VERNIETIGEN, "", None
        item.save(update_fields=["status", "exclude_reason", "excluded_by"])
    return item


def lijst_check(*, user, lijst_id):
    """First pair of eyes: the beheerder has gone through the list."""
    _require_beheerder(user)
    with transaction.atomic():
        lijst = _lock(lijst_id)
        _move(lijst, LijstStatus.GECONTROLEERD)
        lijst.checked_by, lijst.checked_at = user, timezone.now()
        lijst.save(update_fields=["status", "checked_by", "checked_at"])
    return lijst


def lijst_approve(*, user, lijst_id):
    """Second pair of eyes: approve the list; the destruction task starts after the commit."""
    _require_beheerder(user)
    from .tasks import lijst_destroy_task

    with transaction.atomic():
        lijst = _lock(lijst_id)
        _move(lijst, LijstStatus.GOEDGEKEURD)
        if settings.RETENTION_FOUR_EYES and lijst.checked_by_id == user.pk:
            raise ValidationError(_("Een andere beheerder moet de lijst goedkeuren: dat is het vier-ogenprincipe."))
        lijst.approved_by, lijst.approved_at = user, timezone.now()
        lijst.save(update_fields=["status", "approved_by", "approved_at"])
        transaction.on_commit(lambda: lijst_destroy_task.delay(lijst.pk))
    return lijst


def _destroyed_file():
    """Make sure the one placeholder PDF of destroyed letters exists in storage."""
    if not default_storage.exists(anonymise.DESTROYED_FILE):
        from reintegratie.documents.renderer import render_html_to_pdf

        html = "<p>Deze brief is vernietigd: de bewaartermijn van het dossier is verstreken.</p>"
        default_storage.save(anonymise.DESTROYED_FILE, ContentFile(render_html_to_pdf(html)))


def client_anonymise(client):
    """Empty the client row's personal fields in place and close the portal account."""
    from axes.models import AccessAttempt, AccessFailureLog
    from axes.models import AccessLog as AxesAccessLog

    from reintegratie.outbox.models import Mail

    born = client.date_of_birth
    fake_bsn = _fake_bsn(client.client_number)
    email = (client.email or "").strip()
    account = client.user
    Client.objects.filter(pk=client.pk).update(
        bsn=fake_bsn,
        first_name="",
        name_prefix="",
        last_name=DESTROYED_NAME,
        date_of_birth=born.replace(month=BIRTH_DAY[0], day=BIRTH_DAY[1]),
        email="",
        phone="",
        street="",
        house_number="",
        postcode="",
        city="",
        preferred_language="",
        needs_interpreter=False,
    )
    names = {email.lower()} if email else set()
    if account is not None:
        names.add(account.username)
        type(account).objects.filter(pk=account.pk).update(
            username=f"vernietigd-{client.pk}",
            first_name="",
            last_name="",
            email="",
            password="!",  # noqa: S106 - an unusable password, as set_unusable_password() makes
            is_active=False,
        )
    for username in names:
        AccessAttempt.objects.filter(username__iexact=username).delete()
        AccessFailureLog.objects.filter(username__iexact=username).delete()
        AxesAccessLog.objects.filter(username__iexact=username).delete()
    # Mail holds no client key: find it by the address and by the BSN or number a mail may name.
    mails = Mail.objects.none()
    if email:
        mails = Mail.objects.filter(to__icontains=email)
    mails = mails | Mail.objects.filter(body__contains=client.bsn)
    mails.exclude(status__in=["wachtend", "bezig"]).delete()
    mails.update(to=[], subject=anonymise.PLACEHOLDER, body=anonymise.PLACEHOLDER, status="mislukt")


def _fake_bsn(number):
    """Nine digits that fail the elfproef, from the client number: unique, and never a real BSN."""
    head = f"{number % 10**8:08d}"
    total = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True))
    right = total % 11  # the last digit that would pass (10: none would)
    last = (right + 1) % 10 if right < 10 else 0
    return head + str(last)


def item_destroy(item_id):
    """Destroy one file, in one transaction; return False when it was done before (or not to be done)."""
    with transaction.atomic():
        item = VernietigingItem.objects.select_for_update().get(pk=item_id)
        if item.status != ItemStatus.TE_VERNIETIGEN:
            return False
        if connection.vendor == "postgresql":
            # The one sanctioned rewrite of append-only timelines (bewaren migration 0002), this transaction only.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL bewaren.vernietiging = 'aan'")
        client = Client.objects.select_for_update(of=("self",)).select_related("user").get(pk=item.client_id)
        files = anonymise.related_rows_anonymise(client.pk)
        client_anonymise(client)
        anonymise.history_rows_delete(client.pk)
        OpruimBestand.objects.bulk_create(
            [OpruimBestand(item=item, name=name) for name in files], ignore_conflicts=True
        )
        item.status, item.destroyed_at = ItemStatus.VERNIETIGD, timezone.now()
        item.save(update_fields=["status", "destroyed_at"])
        transaction.on_commit(lambda: files_delete(item_id=item.pk))
    return True


def files_delete(*, item_id=None, limit=1000):
    """Delete the files waiting in OpruimBestand from storage; a failure stays for the next run. Returns the count."""
    rows = OpruimBestand.objects.filter(deleted_at__isnull=True)
    if item_id is not None:
        rows = rows.filter(item_id=item_id)
    deleted = []
    for row in rows[:limit]:
        try:
            default_storage.delete(row.name)
        except Exception as error:  # any storage error: retry later, keep going
            OpruimBestand.objects.filter(pk=row.pk).update(
                attempts=row.attempts + 1, last_error=type(error).__name__[:200]
            )
            continue
        deleted.append(row.pk)
    # Marked after the deletes: a crash in between deletes a missing file once more, which is harmless.
    OpruimBestand.objects.filter(pk__in=deleted).update(deleted_at=timezone.now())
    return len(deleted)


def lijst_remaining(lijst_id):
    """Return how many files of the list are still to destroy."""
    return VernietigingItem.objects.filter(
        lijst_id=lijst_id, lijst__status=LijstStatus.GOEDGEKEURD, status=ItemStatus.TE_VERNIETIGEN
    ).count()


def lijsten_unfinished():
    """Return the ids of approved lists not finished yet."""
    return list(Vernietigingslijst.objects.filter(status=LijstStatus.GOEDGEKEURD).values_list("pk", flat=True))


def lijst_destroy(lijst_id, *, limit=None):
    """Destroy the files still to destroy on an approved list (at most ``limit``); resumable.

    Returns how many were destroyed by this call.
    """
    lijst = Vernietigingslijst.objects.get(pk=lijst_id)
    if lijst.status not in (LijstStatus.GOEDGEKEURD, LijstStatus.UITGEVOERD):
        return 0
    _destroyed_file()
    _exports_delete(before=lijst.approved_at)
    done = 0
    todo = lijst.items.filter(status=ItemStatus.TE_VERNIETIGEN).order_by("pk").values_list("pk", flat=True)
    for item_id in list(todo[:limit] if limit else todo):
        done += item_destroy(item_id)
    files_delete()  # left over from a crash between a commit and its delete
    if not lijst.items.filter(status=ItemStatus.TE_VERNIETIGEN).exists():
        Vernietigingslijst.objects.filter(pk=lijst.pk, status=LijstStatus.GOEDGEKEURD).update(
            status=LijstStatus.UITGEVOERD, finished_at=timezone.now()
        )
    logger.info("vernietigingslijst %s: %s dossiers vernietigd", lijst.pk, done)
    return done


def _exports_delete(*, before):
    """Exports made before the approval may list the clients to destroy: their files go too."""
    from reintegratie.reports.models import Export

    with transaction.atomic():
        old = Export.objects.filter(created_at__lte=before)
        names = [name for name in old.values_list("file", flat=True) if name]
        OpruimBestand.objects.bulk_create([OpruimBestand(name=name) for name in names], ignore_conflicts=True)
        old.delete()
