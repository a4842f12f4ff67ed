from axes.helpers import get_client_ip_address
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .services import login_wait_seconds


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters en kleine letters."),
        "inactive": _("Dit account is niet actief. Neem contact op met de functioneel beheerder."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets max_length after building the field, so no validator checks it; add one.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length or 150))
        username.label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")

    def clean(self):
        """Refuse a try that comes too soon after failed ones (services.login_wait_seconds), unchecked."""
        username = self.cleaned_data.get("username")
        if self.request is not None and username:
            wait = login_wait_seconds(username, get_client_ip_address(self.request))
            if wait:
                message = ngettext(
                    "Dat ging een paar keer mis. Wacht %(seconds)s seconde en probeer het dan opnieuw.",
                    "Dat ging een paar keer mis. Wacht %(seconds)s seconden en probeer het dan opnieuw.",
                    wait,
                )
                raise ValidationError(message, code="slow_down", params={"seconds": wait})
        return super().clean()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        min_length=6,
        max_length=8,
        help_text=_("6 cijfers. De code verandert elke 30 seconden."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("De code bestaat alleen uit cijfers."))
        verified = self.device is not None and self.device.verify_is_allowed()[0] and self.device.verify_token(token)
        if not verified:
            raise forms.ValidationError(_("Deze code klopt niet of is verlopen. Typ de code die uw app nu laat zien."))
        return token
