"""The beheerder's destruction pages: numbers, no names; exclude with a reason; four eyes."""

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from reintegratie.bewaren import services
from reintegratie.bewaren.workflow import ItemStatus, LijstStatus
from tests.auth import login
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lijst(coach):
    for _ in range(3):
        ClientFactory(coach=coach, status="afgesloten")
    return services.lijst_make(today=timezone.localdate() + relativedelta(years=5))


def test_the_list_shows_numbers_dates_and_teams_never_names(client, lijst, beheerder, django_assert_max_num_queries):
    login(client, beheerder)
    url = reverse("bewaren:lijst-detail", kwargs={"lijst_id": lijst.pk})
    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    for item in lijst.items.select_related("client__coach__team"):
        assert str(item.client_number) in body
        assert item.client.last_name not in body and item.client.bsn not in body
        assert item.client.coach.team.name in body
    overview = client.get(reverse("bewaren:lijst-list")).content.decode()
    assert lijst.period in overview and "Klaar om te controleren" in overview


def test_excluding_without_a_reason_keeps_what_was_typed_and_changes_nothing(client, lijst, beheerder):
    login(client, beheerder)
    item = lijst.items.first()
    url = reverse("bewaren:item-exclude", kwargs={"lijst_id": lijst.pk, "item_id": item.pk})
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "Dit veld is verplicht" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.TE_VERNIETIGEN
    response = client.post(url, {"reason": "Bezwaar loopt nog"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.exclude_reason) == (ItemStatus.UITGEZONDERD, "Bezwaar loopt nog")


def test_check_by_one_beheerder_and_approval_by_another(client, lijst, beheerder, django_capture_on_commit_callbacks):
    login(client, beheerder)
    detail = reverse("bewaren:lijst-detail", kwargs={"lijst_id": lijst.pk})
    client.post(reverse("bewaren:lijst-check", kwargs={"lijst_id": lijst.pk}))
    response = client.post(reverse("bewaren:lijst-approve", kwargs={"lijst_id": lijst.pk}), follow=True)
    assert "Een andere beheerder moet de lijst goedkeuren" in response.content.decode()
    lijst.refresh_from_db()
    assert lijst.status == LijstStatus.GECONTROLEERD
    client.logout()
    login(client, UserFactory(role="beheerder"))
    assert "Goedkeuren en vernietigen" in client.get(detail).content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("bewaren:lijst-approve", kwargs={"lijst_id": lijst.pk}), follow=True)
    assert "De lijst is goedgekeurd" in response.content.decode()
    lijst.refresh_from_db()
    assert lijst.status == LijstStatus.GOEDGEKEURD and len(callbacks) == 1
