"""Client numbers: handed out by the database, never counted in Python.

On PostgreSQL a sequence (migration 0004) gives every registration its own
number, however many run at once; no two transactions can take the same one.
SQLite (the embedded default of ``make run``) has no sequences and only one
writer at a time, so there the next number is the highest plus one.
Numbers a rolled-back registration took are skipped, never reused: a gap in
client numbers is harmless, a double is not.
"""

from django.db import connection
from django.db.models import Max

CLIENT_NUMBER_START = 100001
SEQUENCE = "clients_client_number_seq"


def client_number_next():
    """Return a client number no other registration gets."""
    from .models import Client

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s)", [SEQUENCE])
            return cursor.fetchone()[0]
    highest = Client.objects.aggregate(highest=Max("client_number"))["highest"]
    return max(highest or 0, CLIENT_NUMBER_START - 1) + 1


def client_number_sync():
    """Move the sequence past every number in use (after rows were inserted with explicit numbers).

    Seeding and imports write numbers themselves; without this the sequence
    would hand out a number that is taken. Does nothing on SQLite.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(%s, GREATEST(COALESCE(MAX(client_number), 0), %s, "
            "(SELECT last_value FROM clients_client_number_seq))) FROM clients_client",
            [SEQUENCE, CLIENT_NUMBER_START - 1],
        )
