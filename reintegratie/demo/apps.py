from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for every app (``manage.py seed_demo``): part of the composition root, like
    ``reintegratie/urls.py``, so it may import every app and no app imports it."""

    name = "reintegratie.demo"
    label = "demo"
    verbose_name = "Demogegevens"
