import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process", "storage": "local"}


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
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "unavailable", "storage": "local"}


def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    from reintegratie import views

    monkeypatch.setattr(views, "_database_state", lambda: "unavailable")
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_a_lost_database_connection_gives_a_plain_503_with_a_reference(client, coach, client_obj, monkeypatch):
    from django.db import OperationalError
    from django.urls import reverse

    from clients import views
    from tests.auth import login

    login(client, coach)
    client.raise_request_exception = False  # see the response a user would get

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views.selectors, "client_file", down)
    response = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk}))
    assert response.status_code == 503
    html = response.content.decode()
    assert "Even niet bereikbaar" in html and "Traceback" not in html
    assert response["Retry-After"] == "30"


def test_a_database_outage_in_middleware_also_gives_503(client, coach, monkeypatch):
    """The session is read in middleware, before any view: that must be a 503 too."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError
    from django.urls import reverse

    from tests.auth import login

    login(client, coach)
    client.raise_request_exception = False

    def down(self, *args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(SessionStore, "load", down)
    response = client.get(reverse("clients:caseload"))
    assert response.status_code == 503
    assert "Even niet bereikbaar" in response.content.decode()


def test_other_errors_give_a_plain_500_without_traceback(client, coach, client_obj, monkeypatch):
    from django.urls import reverse

    from clients import views
    from tests.auth import login

    login(client, coach)
    client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(views.selectors, "client_file", broken)
    response = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk}))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html and "Traceback" not in html and "ZeroDivisionError" not in html
