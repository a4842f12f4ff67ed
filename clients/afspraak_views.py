"""The coach's side of appointments after planning: answer a request for another time, the .ics file.

Thin views behind the access policy: the client through ``Client.objects.visible_to``,
the appointment through ``Afspraak.objects.visible_to`` and that client; otherwise 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from reintegratie.accounts.policy import casework_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from . import afspraak_services
from .afspraak_forms import AfspraakMoveForm
from .forms import add_service_error
from .models import Afspraak, Client, Verzetverzoek
from .portal_afspraken import ics_response
from .workflow import VerzetverzoekStatus


def _client_afspraak(request, client_id, afspraak_id):
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)
    afspraak = get_object_or_404(
        Afspraak.objects.visible_to(request.user).select_related("with_user", "client"), pk=afspraak_id, client=client
    )
    return client, afspraak


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def afspraak_move(request, client_id, afspraak_id):
    """Answer the client's request for another time: take one of their moments, or propose another."""
    client, afspraak = _client_afspraak(request, client_id, afspraak_id)
    verzoek = Verzetverzoek.objects.filter(afspraak=afspraak, status=VerzetverzoekStatus.OPEN).first()
    form = AfspraakMoveForm(request.POST or None, preferred=verzoek.preferred if verzoek else ())
    if request.method == "POST" and verzoek is not None and form.is_valid():
        try:
            answered = afspraak_services.afspraak_move(
                request=request, verzoek=verzoek, starts_at=form.cleaned_data["starts_at"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if answered.status == VerzetverzoekStatus.GEACCEPTEERD:
                messages.success(request, _("De afspraak is verzet. De cliënt krijgt een e-mail."))
            else:
                messages.success(request, _("De nieuwe tijd is voorgesteld. De cliënt krijgt een e-mail."))
            return redirect(reverse("clients:client-detail", kwargs={"client_id": client.pk}) + "#afspraken")
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    context = {"client": client, "afspraak": afspraak, "verzoek": verzoek, "form": form}
    return render(request, "clients/afspraak_move_form.html", context)


@login_required
@casework_required
@require_safe
def afspraak_ics_download(request, client_id, afspraak_id):
    """The appointment as a file for the coach's calendar (.ics); no BSN, no client name."""
    client, afspraak = _client_afspraak(request, client_id, afspraak_id)
    access_log_write(request=request, client=client, action=AccessLog.Action.EXPORT)
    return ics_response(afspraak, for_client=False)
