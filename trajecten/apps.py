from django.apps import AppConfig


class TrajectenConfig(AppConfig):
    name = "trajecten"
    verbose_name = "Trajecten"

    def ready(self):
        """Tell the access policy which clients a provider may see: those with a running traject there."""
        from reintegratie.accounts import policy

        from .selectors import provider_client_ids

        policy.set_provider_clients(provider_client_ids)
