"""Everything held about one client, as tables: the content of the inzage zip (AVG art. 15).

Each section is one table of one model (one query each), written as a CSV file and as part of
``gegevens.json``. Column keys are the field names; the headers are the Dutch labels. Dates are ISO
(2026-12-04), times local ISO with offset, choices in words, people by name. The staff's IP
addresses and request paths in the access log are left out: they are the staff's data, not the
client's (AVG art. 15 lid 4).
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone

from clients.models import Afspraak, Client, Contactmoment, Overdracht, Taak
from intake.models import Intake, LeefgebiedScore, Trede
from klachten.models import Bezwaar, Klacht, Maatregel, Zaak, ZaakGebeurtenis
from reintegratie.accounts.models import Role, User
from reintegratie.audit.models import AccessLog
from reintegratie.berichten.models import Bericht
from reintegratie.documents.models import Brief
from reintegratie.dossier.models import Document
from reintegratie.vacatures.models import Voordracht
from trajecten.models import Actie, Doel, Plan, Traject, Uitstroom, Voortgangsrapportage

from .history import client_changes

# Bookkeeping that says nothing about the person: optimistic-lock counters, claims, hashes.
SKIP = frozenset(
    {
        "version",
        "lock_version",
        "claimed_at",
        "attempts",
        "last_error",
        "sha256",
        "pdf",
        "file",
        "user",
        "key",
        "queued_at",
        "group",
    }
)
BOM = "\ufeff"


@dataclass
class Section:
    key: str
    title: str
    columns: list  # [(key, label)]
    rows: list  # [dict key -> JSON value]


def _sections_spec(client):
    return [
        ("persoonsgegevens", "Persoonsgegevens", Client.objects.filter(pk=client.pk)),
        ("werkcoaches", "Werkcoaches en overdrachten", Overdracht.objects.filter(client=client)),
        ("contactmomenten", "Contactmomenten", Contactmoment.objects.filter(client=client)),
        ("afspraken", "Afspraken", Afspraak.objects.filter(client=client)),
        ("vragen", "Vragen aan uw werkcoach", Taak.objects.filter(client=client)),
        ("intakes", "Intakes", Intake.objects.filter(client=client)),
        ("leefgebieden", "Leefgebieden in de intake", LeefgebiedScore.objects.filter(intake__client=client)),
        ("treden", "Participatieladder", Trede.objects.filter(client=client)),
        ("plannen", "Plannen van aanpak", Plan.objects.filter(client=client)),
        ("doelen", "Doelen", Doel.objects.filter(plan__client=client)),
        ("acties", "Acties", Actie.objects.filter(doel__plan__client=client)),
        ("trajecten", "Trajecten", Traject.objects.filter(client=client)),
        (
            "voortgangsrapportages",
            "Voortgangsrapportages",
            Voortgangsrapportage.objects.filter(traject__client=client),
        ),
        ("uitstroom", "Werk en uitstroom", Uitstroom.objects.filter(client=client)),
        ("voordrachten", "Voordrachten voor vacatures", Voordracht.objects.filter(client=client)),
        ("zaken", "Klachten, maatregelen en bezwaren", Zaak.objects.filter(client=client)),
        ("klachten", "Klachten", Klacht.objects.filter(zaak__client=client)),
        ("maatregelen", "Maatregelen", Maatregel.objects.filter(zaak__client=client)),
        ("bezwaren", "Bezwaren", Bezwaar.objects.filter(zaak__client=client)),
        ("zaakgebeurtenissen", "Stappen in zaken", ZaakGebeurtenis.objects.filter(zaak__client=client)),
        ("brieven", "Brieven", Brief.objects.filter(client=client)),
        ("berichten", "Berichten met uw werkcoach", Bericht.objects.filter(client=client)),
        ("documenten", "Documenten in uw dossier", Document.objects.filter(client=client)),
    ]


def _fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIP and not (f.name == "client" and model is not Client)
    ]


def _label(f):
    explicit = str(f.verbose_name) != f.name.replace("_", " ")
    return str(f.verbose_name) if explicit else f.name


def _json_value(f, value, users):
    if value is None:
        return None
    if isinstance(f, models.ForeignKey) and f.related_model is User:
        user = users.get(value)
        return (user.get_full_name() or user.username) if user else None
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat(timespec="minutes") if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _table(key, title, queryset, users):
    model = queryset.model
    fields = _fields(model)
    raw = list(queryset.order_by("pk").values_list(*[f.attname for f in fields]))
    rows = [{f.name: _json_value(f, v, users) for f, v in zip(fields, values, strict=True)} for values in raw]
    return Section(key, title, [(f.name, _label(f)) for f in fields], rows)


def _users_for():
    """Every staff member who may appear in the file, in one query (the client's account is 'uzelf')."""
    return {u.pk: u for u in User.objects.exclude(role=Role.CLIENT).only("pk", "first_name", "last_name", "username")}


def _access_log(client, users):
    columns = [("at", "tijdstip"), ("user", "wie"), ("role", "rol"), ("action", "wat"), ("result", "resultaat")]
    roles = dict(Role.choices)
    actions = dict(AccessLog.Action.choices)
    results = dict(AccessLog.Result.choices)
    rows = []
    for at, user_id, role, action, result in (
        AccessLog.objects.filter(client=client)
        .order_by("at", "pk")
        .values_list("at", "user_id", "role", "action", "result")
    ):
        user = users.get(user_id)
        if user_id is not None and user_id == client.user_id:
            who = "uzelf"
        else:
            who = (user.get_full_name() or user.username) if user else None
        rows.append(
            {
                "at": timezone.localtime(at).isoformat(timespec="minutes"),
                "user": who,
                "role": str(roles.get(role, role)),
                "action": str(actions.get(action, action)),
                "result": str(results.get(result, result)),
            }
        )
    return Section("toegangslog", "Wie keek in uw dossier", columns, rows)


def _changes(client):
    columns = [
        ("at", "tijdstip"),
        ("record", "onderdeel"),
        ("part", "deel"),
        ("action", "wat"),
        ("field", "veld"),
        ("old", "was"),
        ("new", "werd"),
        ("by", "door"),
    ]
    rows = []
    for change in client_changes(client):
        by = "uzelf" if change.actor_is_client else (change.actor_name or "automatisch")
        for label, old, new in change.fields or [("", "", "")]:
            rows.append(
                {
                    "at": timezone.localtime(change.at).isoformat(timespec="minutes"),
                    "record": change.record,
                    "part": change.part,
                    "action": change.action,
                    "field": label,
                    "old": old,
                    "new": new,
                    "by": by,
                }
            )
    return Section("wijzigingen", "Wijzigingen in uw gegevens", columns, rows)


def client_sections(client, *, on_section=None):
    """Return every section of this client's file, in a fixed order. ``on_section()`` after each."""
    users = _users_for()
    sections = []
    for key, title, queryset in _sections_spec(client):
        sections.append(_table(key, title, queryset, users))
        if on_section:
            on_section()
    sections.append(_access_log(client, users))
    sections.append(_changes(client))
    if on_section:
        on_section()
    return sections


def section_count(client):
    return len(_sections_spec(client)) + 1


def csv_bytes(section):
    """One section as CSV: BOM, ``;`` (as Dutch spreadsheets expect), a header of Dutch labels."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";")
    writer.writerow([label for _key, label in section.columns])
    for row in section.rows:
        writer.writerow(["" if row.get(k) is None else _csv_cell(row.get(k)) for k, _label in section.columns])
    return out.getvalue().encode("utf-8")


def _csv_cell(value):
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if not isinstance(value, str):
        return str(value)
    text = value
    # A cell starting with = + - @ would run as a formula in a spreadsheet: make it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
