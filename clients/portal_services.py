"""What a client does in Mijn re-integratie: agree to a plan version, disagree, add own input,
mark own actions done, say that the intake is not right. Each writes an access-log row; what
needs the coach becomes a Taak on the client file."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegratie.accounts.models import Role
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.dates import datum
from reintegratie.outbox.services import mail_queue
from trajecten.models import Plan

from .models import Taak, Verzetverzoek
from .services import EditConflict
from .workflow import TaakKind, VerzetverzoekStatus


def _own(request, client):
    if request.user.role != Role.CLIENT or client.user_id != request.user.pk:
        raise PermissionDenied


def taak_create(*, request, client, kind, text):
    """Hand the coach a task from the client."""
    _own(request, client)
    if not text.strip():
        raise ValidationError({"text": _("Schrijf kort wat u wilt zeggen.")})
    with transaction.atomic():
        taak = Taak.objects.create(client=client, kind=kind, text=text.strip()[:4000])
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return taak


def taak_done(*, request, taak):
    """The coach handled the client's task."""
    if request.user.role not in (Role.WERKCOACH, Role.TEAMLEIDER):
        raise PermissionDenied
    if Verzetverzoek.objects.filter(taak=taak, status=VerzetverzoekStatus.OPEN).exists():
        # The client waits for an answer: the task is done by choosing or proposing a time.
        raise ValidationError(_("Kies eerst een nieuwe tijd voor de afspraak of stel er een voor."))
    with transaction.atomic():
        if not Taak.objects.filter(pk=taak.pk, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=request.user
        ):
            raise ValidationError(_("Deze taak is al afgehandeld."))
        access_log_write(request=request, client=taak.client, action=AccessLog.Action.CHANGE)


def plan_client_agree(*, request, client, plan, version, expected_lock=None):
    """The client agrees to exactly the version they saw ("Ik ga akkoord met versie 3").

    Rule: only a proposed plan, and only the version number the client saw; a
    newer proposal in between is refused so nobody agrees to text they did not read.
    """
    from trajecten.services import plan_transition

    _own(request, client)
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
    from trajecten.services import plan_transition

    _own(request, client)
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
    _own(request, client)
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
    from trajecten.services import actie_mark_done

    _own(request, client)
    if actie.doel.plan.client_id != client.pk or actie.owner != "client":
        raise PermissionDenied
    with transaction.atomic():
        actie_mark_done(request=request, actie=actie, note=note)
        # The coach hears of it on the client file.
        text = actie.text + (f" — {note.strip()}" if note.strip() else "")
        Taak.objects.create(client=client, kind=TaakKind.ACTIE_GEDAAN, text=text)


def portal_account_invite(*, request, client):
    """Give the client a Mijn re-integratie account and e-mail an activation link.

    The client logs in with their e-mail address. The link (Django's one-time
    password-reset token) lets them choose a password; the mail holds no
    personal details. Sending again for an account not activated yet is fine.
    Login goes through Django's authentication backends (settings.AUTHENTICATION_BACKENDS),
    where a DigiD adapter can take over later.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    if request.user.role not in (Role.WERKCOACH, Role.TEAMLEIDER):
        raise PermissionDenied
    email = (client.email or "").strip().lower()
    if not email:
        raise ValidationError(_("Vul eerst het e-mailadres van de cliënt in."))
    user_model = get_user_model()
    with transaction.atomic():
        account = client.user
        if account is None:
            if user_model.objects.filter(username=email).exists():
                raise ValidationError(_("Dit e-mailadres is al in gebruik voor een ander account."))
            account = user_model(
                username=email, email=email, role=Role.CLIENT, first_name=client.first_name, last_name=client.last_name
            )
            account.set_unusable_password()
            account.save()
            type(client).objects.filter(pk=client.pk).update(user=account)
        elif account.has_usable_password():
            raise ValidationError(_("De cliënt heeft het account al geactiveerd."))
        link = request.build_absolute_uri(
            reverse(
                "accounts:activate",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
                    "token": default_token_generator.make_token(account),
                },
            )
        )
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
        # Through the outbox, in this transaction: sent after commit, retried until the server accepts it.
        mail_queue(
            to=[email],
            subject=_("Uw account voor Mijn re-integratie"),
            body=_(
                "Beste meneer, mevrouw,\n\n"
                "U kunt nu inloggen op Mijn re-integratie. Daar ziet u uw plan, uw afspraken en uw brieven.\n"
                "Kies eerst een wachtwoord via deze link:\n%(link)s\n\n"
                "De link werkt één keer. U logt daarna in met uw e-mailadres.\n\n"
                "Met vriendelijke groet,\nWerk en re-integratie"
            )
            % {"link": link},
        )
    return account
