"""What privacy adds to the portal (see ``clients/registry.py``): the client's "Mijn gegevens" page."""

from django.utils.translation import gettext_lazy as _

from clients import registry

registry.portal_page(
    "gegevens",
    order=65,
    label=_("Mijn gegevens"),
    url_name="privacy:portal-gegevens",
    also_active=["privacy:portal-history", "privacy:inzage-detail"],
)
