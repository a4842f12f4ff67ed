"""Editing the descriptive fields of a zaak, with optimistic locking."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..workflow import GebeurtenisKind, KlachtCategorie, Soort
from .common import event, lock, require_handler, require_uninvolved, save

# What may be corrected after registration, per soort; dates and decisions change only through the workflow.
EDITABLE = {
    Soort.KLACHT: ("category", "description", "wish", "about_text"),
    Soort.MAATREGEL: ("breach_description",),
    Soort.BEZWAAR: ("grounds",),
}


def zaak_update(*, request, zaak, expected_version, **fields):
    """Correct a zaak's description. Rule: no silent overwrite (EditConflict when someone saved first)."""
    require_handler(request.user, zaak.client)
    require_uninvolved(request.user, zaak)
    allowed = EDITABLE[zaak.soort]
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    errors = {}
    for name in ("description", "breach_description", "grounds"):
        if name in fields and not str(fields[name]).strip():
            errors[name] = [_("Dit veld mag niet leeg zijn.")]
    if "category" in fields and fields["category"] not in KlachtCategorie.values:
        errors["category"] = [_("Kies waar de klacht over gaat.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = lock(zaak, expected_version=expected_version)
        if not current.is_open:
            raise ValidationError(_("Een afgehandelde zaak kan niet meer worden gewijzigd."))
        detail = current.detail
        for name, value in fields.items():
            setattr(detail, name, value.strip() if isinstance(value, str) else value)
        detail.full_clean(exclude=["zaak"])
        detail.save()
        event(current, GebeurtenisKind.GEWIJZIGD, by=request.user, text=_("Gegevens aangepast."), for_client=False)
        save(request, current)
    return current
