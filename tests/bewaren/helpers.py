"""A lived-in client file to destroy, and the search for a person's data in every table and file."""

import io
from datetime import date, timedelta

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from clients.models import Client
from reintegratie.bewaren.models import VernietigingItem, Vernietigingslijst
from reintegratie.bewaren.workflow import LijstStatus
from reintegratie.documents.models import Brief, BriefStatus
from reintegratie.documents.services import brief_render
from reintegratie.outbox.services import mail_queue
from tests.factories import bsn_for

PERSON = {
    "first_name": "Wiebrigje",
    "last_name": "Quackernaak",
    "email": "w.quackernaak@voorbeeld.example",
    "bsn": bsn_for(987_654),
}


def seeded_klant():
    """The demo's lived-in client (every letter kind, zaken, plan, trajecten, portal account) under a unique name.

    Renamed before her letters are rendered, so the PDFs carry the unique name too.
    """
    call_command("seed_demo", quiet_logins=True)
    klant = Client.objects.select_related("user").get(user__username="klant")
    Client.objects.filter(pk=klant.pk).update(**PERSON)
    type(klant.user).objects.filter(pk=klant.user_id).update(
        username=PERSON["email"], email=PERSON["email"], first_name=PERSON["first_name"], last_name=PERSON["last_name"]
    )
    for brief_id in Brief.objects.filter(client=klant).exclude(status=BriefStatus.KLAAR).values_list("pk", flat=True):
        Brief.objects.filter(pk=brief_id).update(status=BriefStatus.IN_WACHTRIJ)
        brief_render(brief_id=brief_id)
    mail_queue(
        to=[PERSON["email"]],
        subject="Uw account",
        body=f"Beste {PERSON['first_name']} {PERSON['last_name']}, u kunt inloggen.",
    )
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username=PERSON["email"], ip_address="127.0.0.1", user_agent="test", failures_since_start=1
    )
    return Client.objects.get(pk=klant.pk)


def approved_list(clients, *, checked_by, approved_by, period="2031-01"):
    """An approved destruction list with these clients on it (the periodic job's selection is tested apart)."""
    lijst = Vernietigingslijst.objects.create(
        period=period,
        status=LijstStatus.GOEDGEKEURD,
        checked_by=checked_by,
        checked_at=timezone.now(),
        approved_by=approved_by,
        approved_at=timezone.now(),
    )
    for client in clients:
        VernietigingItem.objects.create(
            lijst=lijst,
            client=client,
            client_number=client.client_number,
            ended_on=date(2025, 1, 1),
            term_ended_on=date(2030, 1, 1) - timedelta(days=1),
        )
    return lijst


TEXT_TYPES = ("character varying", "text", "character", "json", "jsonb", "inet", "USER-DEFINED", "ARRAY")


def text_columns():
    """Every text-like column of every table in the database (PostgreSQL), read from information_schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema "
            "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.data_type = ANY(%s)",
            [list(TEXT_TYPES)],
        )
        return cursor.fetchall()


def database_hits(needles):
    """Return {(table, column, needle): rows} for each needle found anywhere in the database (case-insensitive)."""
    hits = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for needle in needles:
                cursor.execute(
                    f"SELECT count(*) FROM {quote(table)} WHERE {quote(column)}::text ILIKE %s",  # noqa: S608
                    [f"%{needle}%"],
                )
                count = cursor.fetchone()[0]
                if count:
                    hits[(table, column, needle)] = count
    return hits


def storage_files(path=""):
    directories, files = default_storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from storage_files(f"{path}/{directory}" if path else directory)


def file_text(name):
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", errors="replace")


def storage_hits(needles):
    """Return {(file, needle)} for each needle found in the text of a file in storage."""
    hits = set()
    for name in storage_files():
        text = file_text(name).lower()
        hits.update((name, needle) for needle in needles if needle.lower() in text)
    return hits


def needles():
    return [PERSON["first_name"], PERSON["last_name"], PERSON["email"], PERSON["bsn"]]


def closed_client_with_letters(coach, *, letters=2):
    """A closed client file with a contact moment and ``letters`` letters whose files are in storage."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from reintegratie.documents.models import BriefKind
    from reintegratie.documents.services import kenmerk
    from tests.factories import ClientFactory, ContactmomentFactory

    client = ClientFactory(coach=coach, status="afgesloten", email="", phone="06-12345678", street="Dorpsstraat")
    ContactmomentFactory(client=client, summary=f"Gesprek met {client.full_name} over werk.")
    source_type = ContentType.objects.get_for_model(Client)
    kind = BriefKind.UITNODIGING_AFSPRAAK
    for number in range(1, letters + 1):
        brief = Brief.objects.create(
            client=client,
            kind=kind,
            source_type=source_type,
            source_id=str(client.pk),
            version=number,
            number=number,
            reference=kenmerk(client, kind, number),
            status=BriefStatus.IN_WACHTRIJ,
            personal_note=f"Voor {client.first_name}",
            created_by=coach,
        )
        name = default_storage.save(f"brieven/{brief.pk}.pdf", ContentFile(f"Brief aan {client.full_name}".encode()))
        Brief.objects.filter(pk=brief.pk).update(pdf=name, sha256="0" * 64, status=BriefStatus.KLAAR)
    return client
