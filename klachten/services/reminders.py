"""Deadline reminders to the handler, and overdue notices to the teamleider (Celery beat, daily)."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegratie.accounts.models import Role, User
from reintegratie.dates import datum
from reintegratie.outbox.services import mail_queue

from .. import deadlines
from ..models import Zaak
from ..workflow import GebeurtenisKind
from .common import event

logger = logging.getLogger(__name__)


def _mail(recipients, subject, body, key):
    """Queue the mail in the outbox, in the transaction that records the reminder; once per key."""
    return mail_queue(to=[u.email for u in recipients if u.email], subject=subject, body=body, key=key)


def _body(zaak, lines):
    # No names, no BSN: the reference and the date are enough to find it in the app.
    return "\n\n".join([*lines, _("Log in en open het overzicht Zaken om de zaak te vinden.")])


def zaken_remind(*, today=None):
    """Remind handlers before a deadline and flag overdue zaken to the teamleider, once per deadline.

    Returns (reminders sent, overdue notices sent). A late decision can cost
    the municipality a dwangsom (Awb 4:17), so the teamleider hears of it too.
    """
    today = today or timezone.localdate()
    reminded = overdue = 0
    horizon = today + timedelta(days=deadlines.REMINDER_DAYS)
    due = Zaak.objects.filter(deadline__isnull=False, deadline__gte=today, deadline__lte=horizon).filter(
        Q(reminded_for__isnull=True) | ~Q(reminded_for=F("deadline"))
    )
    for zaak_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            zaak = (
                Zaak.objects.select_for_update(of=("self",)).select_related("handler", "client__coach").get(pk=zaak_id)
            )
            if zaak.deadline is None or zaak.reminded_for == zaak.deadline:
                continue
            handler = zaak.handler or zaak.client.coach
            days = (zaak.deadline - today).days
            _mail(
                [handler],
                _("Termijn van zaak %(ref)s loopt bijna af") % {"ref": zaak.reference},
                _body(
                    zaak,
                    [
                        ngettext(
                            "De termijn van zaak %(ref)s loopt af op %(d)s, over %(n)s dag.",
                            "De termijn van zaak %(ref)s loopt af op %(d)s, over %(n)s dagen.",
                            days,
                        )
                        % {"ref": zaak.reference, "d": datum(zaak.deadline), "n": days}
                    ],
                ),
                key=f"zaak-herinnering:{zaak.pk}:{zaak.deadline.isoformat()}",
            )
            zaak.reminded_for = zaak.deadline
            zaak.save(update_fields=["reminded_for"])
            event(
                zaak, GebeurtenisKind.HERINNERING, by=None, text=_("Herinnering aan de behandelaar."), for_client=False
            )
            reminded += 1
    late = Zaak.objects.filter(deadline__lt=today).filter(
        Q(overdue_notified_for__isnull=True) | ~Q(overdue_notified_for=F("deadline"))
    )
    for zaak_id in late.values_list("pk", flat=True):
        with transaction.atomic():
            zaak = (
                Zaak.objects.select_for_update(of=("self",)).select_related("handler", "client__coach").get(pk=zaak_id)
            )
            if zaak.deadline is None or zaak.overdue_notified_for == zaak.deadline:
                continue
            recipients = [zaak.handler or zaak.client.coach]
            team_id = zaak.client.coach.team_id
            if team_id:
                recipients += list(User.objects.filter(role=Role.TEAMLEIDER, team_id=team_id, is_active=True))
            _mail(
                recipients,
                _("Termijn van zaak %(ref)s is verstreken") % {"ref": zaak.reference},
                _body(
                    zaak,
                    [
                        _("De termijn van zaak %(ref)s liep af op %(d)s. Beslis zo snel mogelijk.")
                        % {"ref": zaak.reference, "d": datum(zaak.deadline)}
                    ],
                ),
                key=f"zaak-verlopen:{zaak.pk}:{zaak.deadline.isoformat()}",
            )
            zaak.overdue_notified_for = zaak.deadline
            zaak.save(update_fields=["overdue_notified_for"])
            event(zaak, GebeurtenisKind.TE_LAAT, by=None, text=_("Termijn verstreken."), for_client=False)
            overdue += 1
    if reminded or overdue:
        logger.info("zaken: %s reminders, %s overdue notices", reminded, overdue)
    return reminded, overdue
