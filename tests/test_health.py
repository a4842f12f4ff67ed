import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process"}


@pytest.mark.redis
def test_health_reaches_the_real_redis_broker(client, settings, require_redis):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get(reverse("health"))
    assert response.json()["broker"] == "ok"
    assert response.status_code == 200


def test_health_says_degraded_when_the_broker_is_unreachable(client, settings, monkeypatch):
    from kombu import Connection

    from reintegratie import views

    settings.CELERY_TASK_ALWAYS_EAGER = False
    # Nothing listens on port 9 of the loopback interface.
    monkeypatch.setattr(
        views.celery_app, "connection_for_write", lambda: Connection("redis://127.0.0.1:9/0", connect_timeout=1)
    )
    response = client.get(reverse("health"))
    assert response.status_code == 200  # pages still work; letters wait in the database
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "unavailable"}


def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    from reintegratie import views

    monkeypatch.setattr(views, "_database_state", lambda: "unavailable")
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
