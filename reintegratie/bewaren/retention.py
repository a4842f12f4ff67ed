"""When a client file's retention term has passed: the end date of a file and the terms, from settings.

A file can end only when the client's status is *uitgestroomd* or *afgesloten*.
Its end date (``ended_on``) is the day of the last thing that happened in it,
in the project's time zone: the latest of

- the last change to the client row (``Client.updated_at``: the status change
  to uitgestroomd/afgesloten is such a change),
- the last contact moment (``Contactmoment.at``) and appointment (``Afspraak.starts_at``),
- the last letter (``Brief.created_at``),
- the last change to a plan (``Plan.updated_at``) or a zaak (``Zaak.updated_at``),
- the last timeline event of a zaak (``ZaakGebeurtenis.at``).

The term has passed when ``ended_on`` plus ``RETENTION_CLIENT_FILE_YEARS``
years lies on or before today. A client with a zaak that is still open
(klachten.workflow.OPEN_STATUSES: a decision is still owed) is never due.
Sources and what is a municipal choice: docs/privacy.md.
"""

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import DateTimeField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from clients.models import Afspraak, Client, Contactmoment
from clients.workflow import ClientStatus
from klachten.models import Zaak, ZaakGebeurtenis
from klachten.workflow import OPEN_STATUSES
from reintegratie.documents.models import Brief
from trajecten.models import Plan

CLOSED = (ClientStatus.UITGESTROOMD, ClientStatus.AFGESLOTEN)


def client_file_years():
    return settings.RETENTION_CLIENT_FILE_YEARS


def term_end(ended_on):
    """Return the first day on which a file that ended on ``ended_on`` may be destroyed."""
    return ended_on + relativedelta(years=client_file_years())


def _latest(model, field, client_field="client"):
    rows = model.objects.filter(**{client_field: OuterRef("pk")}).order_by().values(client_field)
    return Subquery(rows.annotate(latest=Max(field)).values("latest")[:1], output_field=DateTimeField())


def with_last_activity(clients):
    """Annotate ``last_activity``: the moment of the last thing that happened in each file (see module doc)."""
    own = "updated_at"
    # Coalesce each part with the client's own moment: SQLite's MAX() is NULL when one argument is.
    parts = [
        _latest(Contactmoment, "at"),
        _latest(Afspraak, "starts_at"),
        _latest(Brief, "created_at"),
        _latest(Plan, "updated_at"),
        _latest(Zaak, "updated_at"),
        _latest(ZaakGebeurtenis, "at", client_field="zaak__client"),
    ]
    return clients.annotate(last_activity=Greatest(own, *(Coalesce(part, own) for part in parts)))


def start_of(day):
    """The first moment of a calendar day in the project's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def local_day(moment):
    return timezone.localtime(moment).date()


def clients_due(*, today=None, queryset=None):
    """Return (client, ended_on) for every closed file whose term passed on or before ``today``.

    Files with an open zaak, already destroyed files and files on a list that is
    still running are left out.
    """
    from .models import VernietigingItem
    from .workflow import ItemStatus

    today = today or timezone.localdate()
    # Last activity before this moment means the term has passed (one day of slack for the time zone).
    cutoff = start_of(today - relativedelta(years=client_file_years()) + relativedelta(days=1))
    open_zaak = Zaak.objects.filter(status__in=OPEN_STATUSES).values("client_id")
    taken = VernietigingItem.objects.exclude(status=ItemStatus.UITGEZONDERD).values("client_id")
    queryset = Client.objects.all() if queryset is None else queryset
    candidates = (
        with_last_activity(queryset.filter(status__in=CLOSED))
        .exclude(pk__in=open_zaak)
        .exclude(pk__in=taken)
        .filter(last_activity__lt=cutoff)
        .order_by("client_number")
    )
    for client in candidates:
        ended_on = local_day(client.last_activity)
        if term_end(ended_on) <= today:
            yield client, ended_on


def month_period(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
