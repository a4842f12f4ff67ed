"""Read the field history of one client's data: who changed which field from what to what, and when.

The triggers store a full snapshot of a row at every insert, update and delete (``models.py``);
a change is the difference between a snapshot and the one before it of the same row. One query
per tracked table, whatever the number of changes, plus one for the people who made them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from intake.models import Intake
from klachten.models import Zaak
from reintegratie.accounts.models import Role, User
from reintegratie.dates import datum
from trajecten.models import Plan

from .models import ActieEvent, ClientEvent, DoelEvent, IntakeEvent, LeefgebiedScoreEvent, PlanEvent, ZaakEvent

# Fields that tie rows together or are bookkeeping: never shown as a change.
HIDDEN = frozenset(
    {
        "id",
        "client",
        "previous",
        "created_by",
        "plan",
        "doel",
        "intake",
        "key",
        "is_current",
        "based_on",
        "deadline_nominal",
        "deadline_rule",
        "deadline_reason",
    }
)
# Fields whose model gives no Dutch label.
LABELS = {
    "completed_by": gettext_lazy("afgerond door"),
    "proposed_at": gettext_lazy("voorgelegd op"),
    "done_at": gettext_lazy("klaar op"),
    "decided_by": gettext_lazy("beslist door"),
}
ACTIONS = {
    "insert": gettext_lazy("aangemaakt"),
    "update": gettext_lazy("gewijzigd"),
    "delete": gettext_lazy("verwijderd"),
}
ROLE_LABELS = dict(Role.choices)
# The value before the first recorded change of a row that existed before history was kept.
UNKNOWN = object()


def datum_om(value):
    """'4 december 2026 om 14.05', local time: how a person reads the moment of a change."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    with override("nl"):
        return date_format(local, r"j F Y \o\m H.i")


def history_available():
    """The triggers exist only on PostgreSQL; elsewhere there is no history to show."""
    return connection.vendor == "postgresql"


@dataclass
class Change:
    """One changed field of one row (or one row made or removed, with its fields)."""

    at: datetime
    pgh_id: int
    record_key: str
    record: str
    part: str  # "" for the record itself; "Doel", "Actie", a leefgebied for rows inside it
    action: str
    user_id: int | None
    fields: list = field(default_factory=list)  # [(label, old, new)]


@dataclass
class RecordHistory:
    key: str
    title: str
    changes: list


def _label(model_field):
    if model_field.name in LABELS:
        return str(LABELS[model_field.name])
    return capfirst(str(model_field.verbose_name))


def _shown_fields(event_model):
    """The tracked model's fields that the event model stores and a person may read, with labels."""
    stored = {f.name for f in event_model._meta.fields}
    out = []
    for f in event_model.pgh_tracked_model._meta.local_fields:
        if f.name in HIDDEN or f.name not in stored:
            continue
        explicit = str(f.verbose_name) != f.name.replace("_", " ")
        if explicit or f.name in LABELS:
            out.append(f)
    return out


class _Formatter:
    """Turn stored values into what a person reads; user names are looked up once for all rows."""

    def __init__(self):
        self.user_ids = set()
        self.users = {}

    def note_users(self, value):
        if value is not None:
            self.user_ids.add(value)

    def load(self):
        if self.user_ids:
            self.users = {u.pk: u for u in User.objects.filter(pk__in=self.user_ids)}

    def value(self, model_field, value):
        if value is None or value == "":
            return _("(leeg)")
        if isinstance(model_field, models.ForeignKey):
            user = self.users.get(value)
            return (user.get_full_name() or user.username) if user else _("(onbekend)")
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("ja") if value else _("nee")
        if isinstance(value, datetime):
            return datum_om(value)
        if isinstance(value, date):
            return datum(value)
        return str(value)


def _diff(events, shown, formatter, *, record_of, part_of):
    """Pairwise differences of consecutive snapshots per row. Returns Change objects."""
    changes = []
    previous = {}
    for event in events:
        before = previous.get(event.pgh_obj_id)
        previous[event.pgh_obj_id] = event
        action = event.pgh_label
        if action == "update" and before is None:
            # The row existed before history was kept: only the new values are known.
            pairs = [(f, UNKNOWN, getattr(event, f.attname)) for f in shown]
            pairs = [(f, old, new) for f, old, new in pairs if new not in (None, "")]
        elif action == "update":
            pairs = [
                (f, getattr(before, f.attname), getattr(event, f.attname))
                for f in shown
                if getattr(before, f.attname) != getattr(event, f.attname)
            ]
            if not pairs:
                continue
        elif action == "insert":
            pairs = [(f, None, getattr(event, f.attname)) for f in shown if getattr(event, f.attname) not in (None, "")]
        else:  # delete: what was there
            pairs = [(f, getattr(event, f.attname), None) for f in shown if getattr(event, f.attname) not in (None, "")]
        for f, old, new in pairs:
            if isinstance(f, models.ForeignKey):
                for v in (old, new):
                    if isinstance(v, int):
                        formatter.note_users(v)
        key, title = record_of(event)
        changes.append(
            Change(
                at=event.pgh_created_at,
                pgh_id=event.pgh_id,
                record_key=key,
                record=title,
                part=part_of(event),
                action=action,
                user_id=(event.pgh_context.metadata.get("user") if event.pgh_context_id else None),
                fields=pairs,
            )
        )
    return changes


def _events(model, **filters):
    return model.objects.filter(**filters).select_related("pgh_context").order_by("pgh_obj_id", "pgh_id")


def client_changes(client):
    """Every recorded change to this client's data, newest first, values formatted.

    Queries: one per tracked table, one for the labels of intakes, plans and zaken, one for users.
    """
    if not history_available():
        return []
    intakes = {i.pk: i for i in Intake.objects.filter(client=client).only("pk", "kind", "created_at")}
    plans = {p.pk: p for p in Plan.objects.filter(client=client).only("pk", "version")}
    zaken = {z.pk: z for z in Zaak.objects.filter(client=client).only("pk", "soort", "created_at")}

    def plan_record(plan_id):
        plan = plans.get(plan_id)
        return f"plan:{plan_id}", (_("Plan van aanpak, versie %(n)s") % {"n": plan.version}) if plan else _("Plan")

    def intake_record(intake_id):
        intake = intakes.get(intake_id)
        if intake is None:
            return f"intake:{intake_id}", _("Intake")
        return f"intake:{intake_id}", _("%(kind)s van %(date)s") % {
            "kind": intake.get_kind_display(),
            "date": datum(intake.created_at),
        }

    def zaak_record(zaak_id):
        zaak = zaken.get(zaak_id)
        if zaak is None:
            return f"zaak:{zaak_id}", _("Zaak")
        return f"zaak:{zaak_id}", f"{zaak.get_soort_display()} {zaak.reference}"

    doel_plan = {}
    plan_ids = list(plans)
    doel_events = list(_events(DoelEvent, plan_id__in=plan_ids))
    for e in doel_events:
        doel_plan[e.pgh_obj_id] = e.plan_id
    formatter = _Formatter()
    changes = []
    changes += _diff(
        _events(ClientEvent, pgh_obj_id=client.pk),
        _shown_fields(ClientEvent),
        formatter,
        record_of=lambda e: ("client", _("Persoonsgegevens")),
        part_of=lambda e: "",
    )
    changes += _diff(
        _events(IntakeEvent, client_id=client.pk),
        _shown_fields(IntakeEvent),
        formatter,
        record_of=lambda e: intake_record(e.pgh_obj_id),
        part_of=lambda e: "",
    )
    score_field = LeefgebiedScoreEvent._meta.get_field("leefgebied")
    changes += _diff(
        _events(LeefgebiedScoreEvent, intake_id__in=list(intakes)),
        _shown_fields(LeefgebiedScoreEvent),
        formatter,
        record_of=lambda e: intake_record(e.intake_id),
        part_of=lambda e: str(dict(score_field.flatchoices).get(e.leefgebied, e.leefgebied)),
    )
    changes += _diff(
        _events(PlanEvent, client_id=client.pk),
        _shown_fields(PlanEvent),
        formatter,
        record_of=lambda e: plan_record(e.pgh_obj_id),
        part_of=lambda e: "",
    )
    changes += _diff(
        doel_events,
        _shown_fields(DoelEvent),
        formatter,
        record_of=lambda e: plan_record(e.plan_id),
        part_of=lambda e: _("Doel"),
    )
    changes += _diff(
        _events(ActieEvent, doel_id__in=list(doel_plan)),
        _shown_fields(ActieEvent),
        formatter,
        record_of=lambda e: plan_record(doel_plan.get(e.doel_id)),
        part_of=lambda e: _("Actie"),
    )
    changes += _diff(
        _events(ZaakEvent, client_id=client.pk),
        _shown_fields(ZaakEvent),
        formatter,
        record_of=lambda e: zaak_record(e.pgh_obj_id),
        part_of=lambda e: "",
    )
    for change in changes:
        formatter.note_users(change.user_id)
    formatter.load()
    for change in changes:
        change.fields = [
            (_label(f), _("(onbekend)") if old is UNKNOWN else formatter.value(f, old), formatter.value(f, new))
            for f, old, new in change.fields
        ]
        change.action = str(ACTIONS.get(change.action, change.action))
    changes.sort(key=lambda c: (c.at, c.pgh_id), reverse=True)
    _attach_actors(changes, formatter.users, client)
    return changes


def _attach_actors(changes, users, client):
    for change in changes:
        user = users.get(change.user_id) if change.user_id else None
        change.actor = user
        change.actor_is_client = user is not None and user.pk == client.user_id
        change.actor_name = (user.get_full_name() or user.username) if user else ""
        change.actor_role = ROLE_LABELS.get(user.role, "") if user else ""


def by_record(changes):
    """Group changes per record (client data, each intake, each plan version, each zaak), newest record first."""
    groups = defaultdict(list)
    titles = {}
    for change in changes:
        groups[change.record_key].append(change)
        titles[change.record_key] = change.record
    return [RecordHistory(key=k, title=titles[k], changes=v) for k, v in groups.items()]


def masked(changes):
    """What the FG sees: who, which field, when; never a value."""
    for change in changes:
        change.fields = [(label, "", "") for label, _old, _new in change.fields]
        change.masked = True
    return changes
