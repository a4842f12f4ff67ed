from django.apps import AppConfig


class VacaturesConfig(AppConfig):
    name = "reintegratie.vacatures"
    label = "vacatures"
    verbose_name = "Werk zoeken"
