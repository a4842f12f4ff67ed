from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "reintegratie.dossier"
    label = "dossier"
    verbose_name = "Dossier (documenten)"
