"""What Werk zoeken adds to the client file (see ``clients/registry.py``)."""

from django.db.models import OuterRef

from clients import registry

from .models import Zichtbaarheid

# The block reads its own data through the vacatures_tags template tag (three queries).
registry.file_probe("zichtbaarheid", lambda: Zichtbaarheid.objects.filter(client=OuterRef("pk")))
registry.file_section("werk-zoeken", order=80, template="vacatures/_client_section.html")
registry.portal_section("werk-zoeken", order=40, template="vacatures/_portal_link.html")
