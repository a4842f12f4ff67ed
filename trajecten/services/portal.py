"""What a client does with the plan in Mijn re-integratie: agree to a plan version, disagree, add own
input, mark own actions done. Each writes an access-log row (through the plan services); what needs
the coach becomes a Taak on the client file."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Taak
from clients.portal_services import client_own
from clients.services import EditConflict
from clients.workflow import TaakKind
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.dates import datum

from ..models import Plan
from .plan import actie_mark_done, plan_transition


def plan_client_agree(*, request, client, plan, version, expected_lock=None):
    """The client agrees to exactly the version they saw ("Ik ga akkoord met versie 3").

    Rule: only a proposed plan, and only the version number the client saw; a
    newer proposal in between is refused so nobody agrees to text they did not read.
    """
    client_own(request, client)
    if plan.client_id != client.pk:
        raise PermissionDenied
    changed = ValidationError(_("Dit plan is intussen veranderd. Lees de nieuwste versie en kies opnieuw."))
    if plan.version != version or plan.status != "voorgelegd":
        raise changed
    try:
        # The lock is checked on the locked row: no agreement to text the client did not read.
        return plan_transition(
            request=request, plan=plan, to_status="akkoord", agreed_how="portaal", expected_lock=expected_lock
        )
    except EditConflict:
        raise changed from None


def plan_client_disagree(*, request, client, plan, reason):
    """The client does not agree and says why; the plan goes back to the coach as a task."""
    client_own(request, client)
    if plan.client_id != client.pk:
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Schrijf op wat u anders wilt. Dan kan uw werkcoach het aanpassen.")})
    stamp = datum(timezone.localdate())
    with transaction.atomic():
        # The reason is added to the client's own input, never replaces it.
        earlier = Plan.objects.select_for_update().get(pk=plan.pk).client_input
        combined = f"{earlier}\n\n{stamp}: {reason.strip()}".strip()
        plan = plan_transition(request=request, plan=plan, to_status="concept", note=reason, client_input=combined)
        Taak.objects.create(client=client, kind=TaakKind.PLAN_NIET_AKKOORD, text=reason.strip())
    return plan


def plan_client_input(*, request, client, plan, text):
    """The client adds their own words (eigen inbreng) to the plan being prepared."""
    client_own(request, client)
    if plan.client_id != client.pk:
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("Schrijf uw inbreng op.")})
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        if current.status not in ("concept", "voorgelegd") or not current.is_current:
            raise ValidationError(_("U kunt nu niets toevoegen aan dit plan."))
        stamp = datum(timezone.localdate())
        addition = f"{stamp}: {text.strip()}"
        current.client_input = f"{current.client_input}\n\n{addition}".strip() if current.client_input else addition
        current.lock_version += 1
        current.save(update_fields=["client_input", "lock_version", "updated_at"])
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return current


def actie_client_done(*, request, client, actie, note=""):
    """The client marks one of their own actions done, with a short note."""
    client_own(request, client)
    if actie.doel.plan.client_id != client.pk or actie.owner != "client":
        raise PermissionDenied
    with transaction.atomic():
        actie_mark_done(request=request, actie=actie, note=note)
        # The coach hears of it on the client file.
        text = actie.text + (f" — {note.strip()}" if note.strip() else "")
        Taak.objects.create(client=client, kind=TaakKind.ACTIE_GEDAAN, text=text)
