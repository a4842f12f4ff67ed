"""What the coach reads after a step of a zaak: what happened, and what goes to the client."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STEP_DONE = {
    "behandelaar": gettext_lazy("De behandelaar is gekozen. Die krijgt de zaak nu op de eigen lijst."),
    "oplossen": gettext_lazy("De klacht staat op opgelost. De cliënt krijgt daar een brief over."),
    "horen": gettext_lazy("Het horen is vastgelegd."),
    "verlengen": gettext_lazy("De termijn is verlengd. De cliënt krijgt een brief met de nieuwe datum."),
    "beslissen": gettext_lazy("De beslissing is vastgelegd. De cliënt krijgt de beslissing als brief."),
    "voornemen": gettext_lazy(
        "Het voornemen is verstuurd. De cliënt krijgt een brief en kan vertellen wat hij of zij ervan vindt."
    ),
    "zienswijze": gettext_lazy("De zienswijze van de cliënt is vastgelegd. U kunt nu beslissen."),
    "afzien": gettext_lazy("Er komt geen maatregel. De cliënt krijgt daar een brief over."),
    "heroverweging": gettext_lazy("De heroverweging is vastgelegd."),
    "intrekken": gettext_lazy("De zaak staat op ingetrokken."),
}


def step_done_message(step, zaak):
    """The message after ``step``; with the date when the client can answer a voornemen."""
    message = str(STEP_DONE.get(step, _("De stap is vastgelegd.")))
    detail = getattr(zaak, "maatregel", None) if step == "voornemen" else None
    if detail is not None and detail.zienswijze_deadline:
        message += " " + _("Dat kan tot en met %(date)s.") % {"date": date_format(detail.zienswijze_deadline, "j F Y")}
    return message
