"""The coach's weekly overview by e-mail: counts of what needs attention, and a link. No names, no numbers of clients.

Sent by ``weekly_overview_task`` (Celery beat, Monday morning), once per coach
per ISO week: the outbox key ``weekoverzicht:<coach>:<week>`` is unique, so a
second beat or a rerun sends nothing twice.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegratie.accounts.models import Role
from reintegratie.outbox.services import mail_queue

from . import registry
from .models import Taak
from .selectors import caseload

logger = logging.getLogger(__name__)

# A line per registered caseload flag whose rows are counted; flags not listed here are counted under "other".
FLAG_LINES = {
    "contactritme": (
        "%(n)s cliënt heeft binnenkort contact nodig of had te lang geen contact.",
        "%(n)s cliënten hebben binnenkort contact nodig of hadden te lang geen contact.",
    ),
    "evaluatie": (
        "Bij %(n)s cliënt moet het plan binnenkort geëvalueerd worden, of dat is te laat.",
        "Bij %(n)s cliënten moet het plan binnenkort geëvalueerd worden, of dat is te laat.",
    ),
}


def week_key(today):
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def coach_counts(coach, today=None):
    """How many of this coach's clients each registered caseload flag marks, and open client questions."""
    today = today or timezone.localdate()
    flags = registry.ordered(registry.CASELOAD_FLAGS)
    counts = {flag.key: 0 for flag in flags}
    for client in caseload(coach):
        for flag in flags:
            counts[flag.key] += bool(flag.flags(client))
    counts["vragen"] = Taak.objects.filter(client__coach=coach, done_at__isnull=True).count()
    return counts


def _body(counts):
    lines = []
    for key, (one, many) in FLAG_LINES.items():
        if counts.get(key):
            lines.append(ngettext(one, many, counts[key]) % {"n": counts[key]})
    other = sum(n for key, n in counts.items() if key not in FLAG_LINES and key != "vragen")
    if other:
        lines.append(ngettext("%(n)s ander signaal.", "%(n)s andere signalen.", other) % {"n": other})
    if counts.get("vragen"):
        lines.append(
            ngettext(
                "%(n)s vraag van een cliënt wacht op u.", "%(n)s vragen van cliënten wachten op u.", counts["vragen"]
            )
            % {"n": counts["vragen"]}
        )
    if not lines:
        lines.append(_("Deze week hoeft u niets extra te doen voor uw caseload."))
    link = settings.SITE_URL.rstrip("/") + reverse("clients:caseload")
    return "\n".join(
        [
            _("Goedemorgen,"),
            "",
            _("Uw weekoverzicht:"),
            *(f"- {line}" for line in lines),
            "",
            _("Mijn caseload: %(link)s") % {"link": link},
        ]
    )


def weekly_overviews(*, today=None):
    """Queue this week's overview for every active werkcoach with a mail address. Returns how many were queued."""
    today = today or timezone.localdate()
    week = week_key(today)
    coaches = get_user_model().objects.filter(role=Role.WERKCOACH, is_active=True).exclude(email="")
    queued = 0
    for coach in coaches.order_by("pk"):
        counts = coach_counts(coach, today)
        with transaction.atomic():
            mail = mail_queue(
                to=[coach.email],
                subject=_("Weekoverzicht van uw caseload"),
                body=_body(counts),
                key=f"weekoverzicht:{coach.pk}:{week}",
            )
        queued += mail is not None
    logger.info("weekoverzicht %s: %s mails", week, queued)
    return queued
