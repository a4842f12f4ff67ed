"""Fixtures of the klachten tests: the sanction rules, created here because transactional tests wipe them."""

import pytest
from django.conf import settings

from klachten.models import SanctieRegel
from klachten.rules import DEFAULT_RULES, DEFAULTS_VALID_FROM


@pytest.fixture
def regels(db):
    """The default afstemmingsverordening, by code."""
    return {
        row["code"]: SanctieRegel.objects.get_or_create(
            gemeente=settings.GEMEENTE_NAAM, code=row["code"], valid_from=DEFAULTS_VALID_FROM, defaults=row
        )[0]
        for row in DEFAULT_RULES
    }


@pytest.fixture
def regel(regels):
    """Plan van aanpak: 30 % for 1 month, a warning first is possible, the duration doubles on recidive."""
    return regels["plan-van-aanpak"]
