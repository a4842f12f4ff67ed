"""Mijn re-integratie: the summary of the client's intake (namespace ``portal``, registered from
``intake/client_sections.py``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients import portal_services
from clients.forms import add_service_error
from clients.portal_views import client_view
from clients.portal_views import portal_client as _client
from clients.workflow import TaakKind
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from .models import Trede
from .portal_forms import IntakeNotRightForm
from .selectors import ladder_chart, latest_completed_intake


@client_view
@require_http_methods(["GET", "POST"])
def intake(request):
    """The summary of my intake in my own words, my steps on the ladder, and 'this is not right'."""
    client = _client(request)
    latest = latest_completed_intake(client)
    form = IntakeNotRightForm(request.POST or None)
    if request.method == "POST" and latest is not None and form.is_valid():
        try:
            portal_services.taak_create(
                request=request, client=client, kind=TaakKind.INTAKE_KLOPT_NIET, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Dank u. Uw werkcoach leest wat er niet klopt en neemt contact met u op."))
            return redirect("portal:intake")
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    treden = list(Trede.objects.visible_to(request.user).filter(client=client).order_by("on", "pk"))
    scores = list(latest.scores.all()) if latest is not None else []
    return render(
        request,
        "portal/intake.html",
        {
            "client": client,
            "intake": latest,
            "werken_aan": [s for s in scores if s.work_on],
            "eigen_woorden": [s for s in scores if s.client_view.strip()],
            "chart": ladder_chart(treden),
            "form": form,
        },
    )
