from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "reintegratie.documents"
    label = "documents"
    verbose_name = "Brieven"

    def ready(self):
        from django.core import checks

        from reintegratie.storage import storage_deploy_check

        # `manage.py check --deploy` reports a storage that would fail (bucket, credentials, server).
        checks.register(storage_deploy_check, checks.Tags.files, deploy=True)
        # Each feature app registers its own letter kinds in its letters.py (as with the admin).
        from .letters import autodiscover

        autodiscover()
