from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "reintegratie.outbox"
    label = "outbox"
    verbose_name = "E-mail"
