from django.apps import AppConfig


class BewarenConfig(AppConfig):
    name = "reintegratie.bewaren"
    label = "bewaren"
    verbose_name = "Bewaartermijnen en vernietiging"
