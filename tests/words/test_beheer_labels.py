"""The beheer pages (Django admin) speak Dutch: no field falls back to its English code name."""

import pytest
from django.contrib import admin

pytestmark = pytest.mark.django_db

# Django's own apps and third-party apps keep their own (translated) labels.
OWN_APPS = {"accounts", "clients", "intake", "trajecten", "klachten", "documents", "reports", "vacatures", "audit"}


def test_every_field_of_a_model_in_beheer_has_a_dutch_label():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in admin.site._registry
        if model._meta.app_label in OWN_APPS
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and not field.auto_created and field._verbose_name is None
    ]
    assert missing == []
