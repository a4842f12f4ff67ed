"""The data migration gives letters made before issue 15 a kenmerk of their own, then adds the constraints.

Before, a voornemen and a voortgangsrapportage of one client were both "<n>-VOO-1",
and both invitations "<n>-UIT-1".
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import ClientFactory

BEFORE = [("documents", "0004_alter_brief_kind")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_existing_letters_get_unique_kenmerken(coach):
    client = ClientFactory(coach=coach)
    executor = MigrationExecutor(connection)
    after = executor.loader.graph.leaf_nodes("documents")
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    Brief = old_apps.get_model("documents", "Brief")
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    source_type = ContentType.objects.get(app_label="clients", model="client")
    kinds = ["voornemen_maatregel", "voortgangsrapportage", "uitnodiging_afspraak", "uitnodiging_brede_intake"]
    for i, kind in enumerate(kinds):
        Brief.objects.create(
            client_id=client.pk,
            kind=kind,
            source_type=source_type,
            source_id=f"{client.pk}-{i}",
            created_by_id=coach.pk,
            created_at=timezone.now(),
        )

    executor = MigrationExecutor(connection)
    executor.migrate(after)

    Brief = executor.loader.project_state(after).apps.get_model("documents", "Brief")
    rows = list(Brief.objects.filter(client_id=client.pk).order_by("number").values_list("kind", "reference"))
    n = client.client_number
    assert [reference for _kind, reference in rows] == [f"{n}-VNM-1", f"{n}-VGR-2", f"{n}-UNG-3", f"{n}-UNI-4"]
