from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "reintegratie.scheduling"
    label = "scheduling"
    verbose_name = "Periodiek werk"
