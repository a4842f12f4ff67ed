from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reintegratie.reports"
    label = "reports"
    verbose_name = "Rapportage"
