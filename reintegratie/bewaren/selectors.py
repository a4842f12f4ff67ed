"""Reads for the beheerder's destruction pages: client numbers and dates, never names."""

from django.db.models import Count, Q

from .models import VernietigingItem, Vernietigingslijst
from .workflow import ItemStatus


def lijsten_overview():
    """Every list with its counts per item status (one query)."""
    return Vernietigingslijst.objects.annotate(
        total=Count("items"),
        excluded=Count("items", filter=Q(items__status=ItemStatus.UITGEZONDERD)),
        destroyed=Count("items", filter=Q(items__status=ItemStatus.VERNIETIGD)),
    ).select_related("checked_by", "approved_by")


def lijst_items(lijst):
    """The items of a list with the client's team (where to ask about a file), in client-number order."""
    return VernietigingItem.objects.filter(lijst=lijst).select_related("client__coach__team", "excluded_by")
