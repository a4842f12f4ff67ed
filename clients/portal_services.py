"""What a client does in Mijn re-integratie that belongs to the client file: hand the coach a task
("the intake is not right"), and the coach's side (invite to the portal, handle a task). Each writes
an access-log row; what needs the coach becomes a Taak on the client file. The plan's portal
actions (agree, disagree, own input, action done) are in ``trajecten/services/portal.py``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegratie.accounts.models import Role
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write
from reintegratie.outbox.services import mail_queue

from .models import Taak, Verzetverzoek
from .workflow import VerzetverzoekStatus


def client_own(request, client):
    """Refuse (403) unless the request comes from this client's own portal account."""
    if request.user.role != Role.CLIENT or client.user_id != request.user.pk:
        raise PermissionDenied


_own = client_own


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
