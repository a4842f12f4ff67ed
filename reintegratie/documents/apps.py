from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "reintegratie.documents"
    label = "documents"
    verbose_name = "Brieven"

    def ready(self):
        # Each feature app registers its own letter kinds in its letters.py (as with the admin).
        from .letters import autodiscover

        autodiscover()
