from django.apps import AppConfig


class BerichtenConfig(AppConfig):
    name = "reintegratie.berichten"
    label = "berichten"
    verbose_name = "Berichten"
