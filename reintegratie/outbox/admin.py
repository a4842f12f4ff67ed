"""The outbox in /beheer/: the beheerder sees which mails wait or failed, and sends failed ones again.

Addresses are shown masked (a…@example.org): enough to see which server or
domain refuses, without listing clients' addresses.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reintegratie.accounts.admin import BeheerderOnly

from .models import Mail
from .services import mail_retry


def explain(last_error):
    """The stored error (class and SMTP code) in words for the beheerder, with the code kept."""
    if not last_error:
        return ""
    name, _space, code = last_error.partition(" ")
    if name in ("ConnectionRefusedError", "SMTPConnectError", "SMTPServerDisconnected", "TimeoutError", "gaierror"):
        words = _("Mailserver niet bereikbaar")
    elif name == "SMTPRecipientsRefused":
        words = _("Mailserver weigert het adres")
    elif name == "SMTPAuthenticationError":
        words = _("Inloggen bij de mailserver mislukt")
    elif code.startswith("4"):
        words = _("Mailserver weigert tijdelijk")
    elif code.startswith("5"):
        words = _("Mailserver weigert")
    else:
        words = _("Versturen mislukt")
    return f"{words} ({last_error})"


def mask(address):
    name, _at, domain = address.partition("@")
    return f"{name[:1]}…@{domain}" if domain else "…"


@admin.register(Mail)
class MailAdmin(BeheerderOnly, admin.ModelAdmin):
    list_display = ("subject", "recipients", "status", "attempts", "error", "created_at", "sent_at")
    list_filter = ("status",)
    fields = ("subject", "recipients", "status", "attempts", "error", "created_at", "next_attempt_at", "sent_at")
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description=_("laatste fout"))
    def error(self, mail):
        return explain(mail.last_error)

    @admin.display(description=_("aan"))
    def recipients(self, mail):
        return ", ".join(mask(a) for a in mail.to)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Mislukte e-mails opnieuw versturen"))
    def send_again(self, request, queryset):
        count = mail_retry(mail_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(n)s e-mail staat weer klaar om te versturen.",
                "%(n)s e-mails staan weer klaar om te versturen.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )
