from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "reintegratie.documents"
    label = "documents"
    verbose_name = "Brieven"
