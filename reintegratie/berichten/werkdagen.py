"""The answer promise in working days (Atw: no weekends, no public holidays, no decree days)."""

from django.conf import settings

from reintegratie.werkdagen import add_working_days


def answer_due(sent_on):
    """The last day to answer a message sent on ``sent_on`` (setting ``BERICHT_ANTWOORD_WERKDAGEN``)."""
    return add_working_days(sent_on, settings.BERICHT_ANTWOORD_WERKDAGEN)
