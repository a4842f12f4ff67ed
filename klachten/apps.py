from django.apps import AppConfig


class KlachtenConfig(AppConfig):
    name = "klachten"
    verbose_name = "Klachten, maatregelen en bezwaren"

    def ready(self):
        """Make the beheerder's decree days (Atw art. 3 lid 3) the default of every term."""
        from django.db.models.signals import post_delete, post_save

        from . import deadlines, holidays
        from .models import GelijkgesteldeDag

        deadlines.set_decree_days_source(holidays.decree_days)
        post_save.connect(holidays.clear_cache, sender=GelijkgesteldeDag, dispatch_uid="klachten-decree-days-save")
        post_delete.connect(holidays.clear_cache, sender=GelijkgesteldeDag, dispatch_uid="klachten-decree-days-delete")
