from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "reintegratie.accounts"
    label = "accounts"
    verbose_name = "Gebruikers en teams"

    def ready(self):
        from axes.signals import user_locked_out

        from .security_log import log_lockout

        user_locked_out.connect(log_lockout, dispatch_uid="accounts.log_lockout")
