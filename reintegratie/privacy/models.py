"""Privacy: the field history of client data, inzage requests (AVG art. 15) and the FG's consultations.

The history is kept by PostgreSQL triggers (django-pghistory): every insert, update and delete of a
tracked row writes a snapshot row here, with the request's user in its context (the middleware in
``reintegratie/privacy/middleware.py``). On SQLite no trigger exists; the tables stay empty and the
pages say that history needs PostgreSQL.

Only goals and actions (deleted from a concept plan in normal work) keep a delete snapshot. Clients,
intakes, plans and zaken are never deleted except by destruction, and a copy of what was destroyed
must not stay behind.
"""

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from intake.models import Intake, LeefgebiedScore
from klachten.models import Zaak
from trajecten.models import Actie, Doel, Plan

# Bookkeeping fields that change on every save and say nothing to a person.
_NOISE = ["created_at", "updated_at", "version", "lock_version"]


def _exclude(model, *more):
    names = {f.name for f in model._meta.local_fields}
    return [name for name in (*_NOISE, *more) if name in names]


# Append-only: an UPDATE of a history row is always refused. A DELETE only inside the destruction of a
# client (reintegratie/bewaren sets ``bewaren.vernietiging`` for its own transaction): the history
# holds copies of the personal data that destruction removes.
APPEND_ONLY = [
    pgtrigger.Protect(name="append_only", operation=pgtrigger.Update),
    pgtrigger.Protect(
        name="delete_only_by_destruction",
        operation=pgtrigger.Delete,
        condition=pgtrigger.Condition("current_setting('bewaren.vernietiging', true) IS DISTINCT FROM 'aan'"),
    ),
]


def _track(model, name, *, delete=False, exclude=()):
    trackers = [pghistory.InsertEvent(), pghistory.UpdateEvent()]
    if delete:
        trackers.append(pghistory.DeleteEvent())
    return pghistory.create_event_model(
        model,
        *trackers,
        exclude=_exclude(model, *exclude),
        model_name=name,
        app_label="privacy",
        abstract=False,
        append_only=False,
        meta={"verbose_name": _("wijziging"), "verbose_name_plural": _("wijzigingen"), "triggers": APPEND_ONLY},
    )


ClientEvent = _track(Client, "ClientEvent", delete=False, exclude=("user",))
IntakeEvent = _track(Intake, "IntakeEvent")
LeefgebiedScoreEvent = _track(LeefgebiedScore, "LeefgebiedScoreEvent")
PlanEvent = _track(Plan, "PlanEvent")
# Goals and actions of a concept plan can be deleted: the delete is part of their history.
DoelEvent = _track(Doel, "DoelEvent", delete=True)
ActieEvent = _track(Actie, "ActieEvent", delete=True)
ZaakEvent = _track(Zaak, "ZaakEvent", exclude=("reminded_for", "overdue_notified_for"))


class InzageStatus(models.TextChoices):
    IN_WACHTRIJ = "in_wachtrij", _("In de wachtrij")
    BEZIG = "bezig", _("Wordt gemaakt")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")
    VERLOPEN = "verlopen", _("Verwijderd")


class InzageVia(models.TextChoices):
    PORTAAL = "portaal", _("Mijn re-integratie")
    PAPIER = "papier", _("Verzoek op papier of aan de balie")


def inzage_upload_to(instance, filename):
    # Fixed per request: a second run overwrites, never adds a file.
    return f"inzage/{instance.pk}.zip"


class InzageVerzoekQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The client's own requests; staff see the requests of the clients they may see."""
        from reintegratie.accounts.policy import scope_to_visible_clients

        return scope_to_visible_clients(self, user)


class InzageVerzoek(models.Model):
    """One request to see everything held about a client (AVG art. 15); the task fills the zip."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    via = models.CharField(_("aangevraagd via"), max_length=20, choices=InzageVia.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=InzageStatus.choices, default=InzageStatus.IN_WACHTRIJ
    )
    percent = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=inzage_upload_to, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("verwijderd na"), null=True, blank=True)

    objects = InzageVerzoekQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inzageverzoek")
        verbose_name_plural = _("inzageverzoeken")
        indexes = [models.Index(fields=["client", "-created_at"], name="inzage_client_created")]

    def __str__(self):
        return f"inzage {self.pk} ({self.status})"


class FgReden(models.TextChoices):
    KLACHT = "klacht", _("Klacht")
    DATALEK = "datalek", _("Datalek")
    VERZOEK = "verzoek", _("Verzoek van de cliënt")


class FgRaadpleging(models.Model):
    """The FG looked into one client's access log and history, with a reason. Append-only.

    Its page (``privacy:fg-result``) is the only URL that leads to the client: an opaque id, no BSN.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Goes with the client when the file is destroyed (retention): the note may name the client.
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reden"), max_length=20, choices=FgReden.choices)
    note = models.CharField(_("toelichting"), max_length=500)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("raadpleging door de FG")
        verbose_name_plural = _("raadplegingen door de FG")

    def __str__(self):
        return f"FG {self.at:%Y-%m-%d %H:%M} {self.reason}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("FG consultations are append-only.")
        super().save(*args, **kwargs)
