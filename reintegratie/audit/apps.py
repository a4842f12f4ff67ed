from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "reintegratie.audit"
    label = "audit"
    verbose_name = "Toegangslog"
