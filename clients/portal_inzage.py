"""Mijn re-integratie: "Wie keek in mijn dossier?", the client's view of the access log.

Visits are grouped per person per day, with counts per kind and the times; the page
explains in plain words what each kind means. Staff only, never IP addresses or paths.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from reintegratie.accounts.models import STAFF_ROLES, Role, User
from reintegratie.audit.models import AccessLog
from reintegratie.audit.selectors import per_person_per_day, times_of
from reintegratie.audit.services import access_log_write

from .portal_views import _client, client_view

ACCESS_LOG_PAGE_SIZE = 25
ROLE_LABELS = dict(Role.choices)
# What a staff member did, in the client's words, and what each word means.
ACTION_WORDS = {
    AccessLog.Action.VIEW: gettext_lazy("bekeken"),
    AccessLog.Action.CHANGE: gettext_lazy("iets veranderd"),
    AccessLog.Action.PRINT: gettext_lazy("afgedrukt"),
    AccessLog.Action.EXPORT: gettext_lazy("geëxporteerd"),
}
ACTION_MEANINGS = [
    (gettext_lazy("Bekeken"), gettext_lazy("De medewerker opende een pagina met uw gegevens.")),
    (gettext_lazy("Iets veranderd"), gettext_lazy("De medewerker schreef iets op of paste iets aan in uw dossier.")),
    (
        gettext_lazy("Afgedrukt"),
        gettext_lazy(
            "De medewerker maakte een brief voor u, of haalde een brief of rapport van u op om te bewaren of "
            "af te drukken."
        ),
    ),
    (
        gettext_lazy("Geëxporteerd"),
        gettext_lazy(
            "Uw gegevens gingen mee in een bestand, bijvoorbeeld een rapport voor de teamleider. "
            "Zo'n bestand blijft binnen de gemeente."
        ),
    ),
]


@client_view
@require_safe
def inzage(request):
    """Who opened my file: staff only, newest first. Never IP addresses or paths."""
    client = _client(request)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    logs = (
        AccessLog.objects.filter(client=client, role__in=STAFF_ROLES, result=AccessLog.Result.ALLOWED)
        .exclude(user_id=request.user.pk)
        .select_related("user__aanbieder")
        .order_by("-at", "-pk")
    )
    groups = per_person_per_day(logs)
    page = Paginator(groups, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    users = {u.pk: u for u in User.objects.filter(pk__in={g["user_id"] for g in page}).select_related("aanbieder")}
    times = times_of(logs, page)
    rows = []
    for group in page:
        user = users.get(group["user_id"])
        # The same minute twice reads as one visit: each time once.
        visits = list(
            dict.fromkeys(
                t.replace(second=0, microsecond=0)
                for t in times.get((group["user_id"], group["role"], group["day"]), [])
            )
        )
        rows.append(
            {
                "day": group["day"],
                "name": (user.get_full_name() or user.username) if user else _("Onbekend"),
                "role": ROLE_LABELS.get(group["role"], group["role"]),
                "organisation": user.aanbieder.name if user and user.aanbieder_id else "",
                "total": group["total"],
                "what": [
                    (ACTION_WORDS[action], group[f"n_{action}"])
                    for action in AccessLog.Action.values
                    if group[f"n_{action}"]
                ],
                # Every time when there are a few; else the first and the last.
                "times": visits if len(visits) <= 6 else None,
                "first": timezone.localtime(group["first"]),
                "last": timezone.localtime(group["last"]),
            }
        )
    return render(
        request,
        "portal/inzage.html",
        {"client": client, "page": page, "rows": rows, "meanings": ACTION_MEANINGS},
    )
