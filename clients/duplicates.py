"""Duplicate detection: is this person perhaps registered already?

At registration (aanmelding), before anything is saved: a client with the same
birth date and a similar name, or the same address (postcode and house
number), is a candidate. The BSN stays unique on its own (a database
constraint). Name similarity is PostgreSQL's ``pg_trgm`` similarity (the
extension comes with migration 0008); on SQLite
(``make run``) the same rule runs in Python with ``difflib``.

The coach sees by name only the candidates inside their access policy; for
the others the warning says that there may be a registration with another
team and whom to ask, without any personal data.

On the caseload search, "Bedoelt u …?" offers visible clients whose name is
close to what was typed, when the search itself found nothing.
"""

import difflib
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower

from .models import Client

# pg_trgm similarity (0..1) of the full names; difflib's ratio is on another scale.
NAME_SIMILARITY = 0.4
NAME_RATIO = 0.75
SUGGEST_SIMILARITY = 0.3
SUGGEST_RATIO = 0.6
SUGGEST_LIMIT = 5
# The checkbox that confirms a registration despite the warning.
CONFIRM_FIELD = "toch_aanmelden"


def _name(first_name="", name_prefix="", last_name=""):
    return " ".join(part.strip() for part in (first_name, name_prefix, last_name) if part and part.strip()).lower()


def _full_name_expression():
    return Lower(Concat("first_name", Value(" "), "name_prefix", Value(" "), "last_name"))


def _postgres():
    return connection.vendor == "postgresql"


def _address_condition(postcode, house_number):
    postcode = (postcode or "").replace(" ", "").upper()
    house_number = (house_number or "").strip()
    if not (postcode and house_number):
        return None
    # Stored as "3011 AB" (ClientForm.clean_postcode); compare both spellings.
    spelled = {postcode, f"{postcode[:4]} {postcode[4:]}"}
    return Q(postcode__in=spelled, house_number__iexact=house_number)


def candidates(*, first_name="", name_prefix="", last_name="", date_of_birth=None, postcode="", house_number=""):
    """Return the clients who may be this person: same birth date and a similar name, or the same address."""
    name = _name(first_name, name_prefix, last_name)
    found = []
    if date_of_birth and name:
        same_day = Client.objects.filter(date_of_birth=date_of_birth)
        if _postgres():
            from django.contrib.postgres.search import TrigramSimilarity

            found += list(
                same_day.annotate(likeness=TrigramSimilarity(_full_name_expression(), name)).filter(
                    likeness__gte=NAME_SIMILARITY
                )
            )
        else:
            found += [c for c in same_day if _ratio(name, c) >= NAME_RATIO]
    address = _address_condition(postcode, house_number)
    if address is not None:
        found += [c for c in Client.objects.filter(address) if c not in found]
    return found


def _ratio(name, client):
    return difflib.SequenceMatcher(None, name, _name(client.first_name, client.name_prefix, client.last_name)).ratio()


@dataclass
class DuplicateWarning:
    """What the coach is told: candidates they may see, and whether there are others."""

    visible: list = field(default_factory=list)
    elsewhere: int = 0

    def __bool__(self):
        return bool(self.visible or self.elsewhere)


def registration_warning(user, cleaned_data):
    """Return the warning for a registration form's cleaned data (empty when there is nothing to warn about)."""
    found = candidates(
        first_name=cleaned_data.get("first_name", ""),
        name_prefix=cleaned_data.get("name_prefix", ""),
        last_name=cleaned_data.get("last_name", ""),
        date_of_birth=cleaned_data.get("date_of_birth"),
        postcode=cleaned_data.get("postcode", ""),
        house_number=cleaned_data.get("house_number", ""),
    )
    if not found:
        return DuplicateWarning()
    ids = [c.pk for c in found]
    visible = list(Client.objects.visible_to(user).filter(pk__in=ids).select_related("coach"))
    return DuplicateWarning(visible=visible, elsewhere=len(ids) - len(visible))


def registration_check(request, form):
    """Return the warning to show instead of saving, or None to go on (nothing found, or the coach confirmed)."""
    if request.POST.get(CONFIRM_FIELD):
        return None
    warning = registration_warning(request.user, form.cleaned_data)
    return warning or None


def did_you_mean(user, q, *, limit=SUGGEST_LIMIT):
    """Visible clients whose name is close to the search words (for a search that found nothing)."""
    q = " ".join((q or "").split()).lower()
    if len(q) < 3 or any(ch.isdigit() for ch in q):
        return []
    visible = Client.objects.visible_to(user)
    if _postgres():
        from django.contrib.postgres.search import TrigramWordSimilarity

        return list(
            visible.annotate(likeness=TrigramWordSimilarity(q, _full_name_expression()))
            .filter(likeness__gte=SUGGEST_SIMILARITY)
            .order_by("-likeness", "last_name")[:limit]
        )
    scored = []
    for client in visible.only("pk", "first_name", "name_prefix", "last_name"):
        words = _name(client.first_name, client.name_prefix, client.last_name).split()
        best = max((difflib.SequenceMatcher(None, q, w).ratio() for w in [*words, " ".join(words)]), default=0)
        if best >= SUGGEST_RATIO:
            scored.append((best, client))
    scored.sort(key=lambda pair: (-pair[0], pair[1].last_name))
    return [client for _score, client in scored[:limit]]
