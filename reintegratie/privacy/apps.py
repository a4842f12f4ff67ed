from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PrivacyConfig(AppConfig):
    name = "reintegratie.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self):
        from . import pgfunctions

        # post_migrate fires per app after every migration has run, in INSTALLED_APPS order: this app
        # comes after pgtrigger and pghistory, so their handlers (and every trigger a migration
        # installed, which re-creates the libraries' versions) are done when this one runs.
        post_migrate.connect(pgfunctions.install_on_migrate, sender=self, dispatch_uid="privacy-pgfunctions")
