"""The history triggers' helper functions open no subtransaction per row (reintegratie/privacy/pgfunctions.py).

A PL/pgSQL exception handler is a subtransaction; rolling one back walks every pending deferred
foreign-key check of the transaction, so a job writing many rows slowed down with the square of its
rows. The functions installed after migrate must have no handler and still answer as the libraries'.
"""

import uuid

import pghistory
import pgtrigger
import pytest
from django.db import connection, transaction

from reintegratie.privacy.models import ClientEvent
from tests.factories import ClientFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _body(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [name])
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize("name", ["_pgtrigger_should_ignore", "_pgh_attach_context"])
def test_the_installed_function_has_no_exception_handler(require_postgres, name):
    [body] = _body(name)
    assert "EXCEPTION" not in body.upper()
    assert "current_setting(" in body and ", true)" in body


def test_after_migrate_runs_again_the_fast_versions_come_back(require_postgres):
    from django.core.management import call_command

    # A trigger (re)installed by a later migration brings the library's version back ...
    with connection.cursor() as cursor:
        cursor.execute(
            """CREATE OR REPLACE FUNCTION "public"._pgtrigger_should_ignore(trigger_name NAME) RETURNS BOOLEAN AS $$
               BEGIN BEGIN PERFORM CURRENT_SETTING('pgtrigger.ignore'); EXCEPTION WHEN OTHERS THEN END;
               RETURN FALSE; END; $$ LANGUAGE plpgsql;"""
        )
    assert "EXCEPTION" in _body("_pgtrigger_should_ignore")[0]
    # ... and migrate's post_migrate puts ours back.
    call_command("migrate", verbosity=0)
    assert "EXCEPTION" not in _body("_pgtrigger_should_ignore")[0].upper()


def test_a_change_outside_a_context_is_recorded_without_context(require_postgres):
    client = ClientFactory()
    event = ClientEvent.objects.filter(pgh_obj_id=client.pk).latest("pgh_id")
    assert event.pgh_label == "insert" and event.pgh_context_id is None


def test_a_change_inside_a_context_carries_the_context_and_its_user(require_postgres, coach):
    with pghistory.context(user=coach.pk):
        client = ClientFactory()
    event = ClientEvent.objects.filter(pgh_obj_id=client.pk).latest("pgh_id")
    assert isinstance(event.pgh_context_id, uuid.UUID)
    assert event.pgh_context.metadata["user"] == coach.pk


def test_an_empty_setting_left_by_an_earlier_context_means_no_context(require_postgres):
    with transaction.atomic(), connection.cursor() as cursor:
        # What a session holds after a SET LOCAL ended: the setting exists, and is empty.
        cursor.execute(
            "SELECT set_config('pghistory.context_id', '', true), set_config('pghistory.context_metadata', '', true)"
        )
        client = ClientFactory()
    assert ClientEvent.objects.filter(pgh_obj_id=client.pk).latest("pgh_id").pgh_context_id is None


def test_pgtrigger_ignore_still_skips_the_named_trigger(require_postgres):
    client = ClientFactory()
    before = ClientEvent.objects.filter(pgh_obj_id=client.pk).count()
    [uri] = [uri for uri, (model, trigger) in _registered() if model is type(client) and "update" in trigger.name]
    with pgtrigger.ignore(uri):
        type(client).objects.filter(pk=client.pk).update(phone="06 99990000")
    assert ClientEvent.objects.filter(pgh_obj_id=client.pk).count() == before
    type(client).objects.filter(pk=client.pk).update(phone="06 99990001")
    assert ClientEvent.objects.filter(pgh_obj_id=client.pk).count() == before + 1


def _registered():
    return [(f"{model._meta.label}:{trigger.name}", (model, trigger)) for model, trigger in pgtrigger.registered()]
