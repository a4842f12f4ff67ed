from django.apps import AppConfig


class TrajectenConfig(AppConfig):
    name = "trajecten"
    verbose_name = "Trajecten"
