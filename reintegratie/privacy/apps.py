from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "reintegratie.privacy"
    label = "privacy"
    verbose_name = "Privacy"
