from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Cliënten"

    def ready(self):
        """Let the feature apps register their client-file sections, portal pages, caseload flags and
        timeline sources (``<app>/client_sections.py``; see ``clients/registry.py``)."""
        from . import registry

        registry.autodiscover()
