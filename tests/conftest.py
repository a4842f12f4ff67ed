"""Shared fixtures: one small world with two teams, every role, and their clients."""

import os

import pytest
from django.db import connection

from tests.factories import ClientFactory, TeamFactory, UserFactory

# Scans every log line and request URL of the run for BSNs (elfproef); any hit fails the run.
pytest_plugins = ["tests.plugins.bsn_guard"]

REQUIRE_SERVICES = os.environ.get("CI_REQUIRE_SERVICES") == "1"


@pytest.fixture(autouse=True)
def _fresh_decree_days_cache():
    """A rolled-back test may have cached decree days (Atw art. 3 lid 3) that no longer exist."""
    from klachten import holidays

    holidays.clear_cache()
    yield
    holidays.clear_cache()


def _missing(reason):
    """Skip on a developer machine; fail in CI, where every service must be there."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def require_postgres(db):
    if connection.vendor != "postgresql":
        _missing("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def require_redis(settings):
    from django.conf import settings as live

    if not live.CELERY_BROKER_URL.startswith("redis://"):
        _missing("needs Redis (set CELERY_BROKER_URL)")


@pytest.fixture
def team_noord(db):
    return TeamFactory(name="Team Noord")


@pytest.fixture
def team_zuid(db):
    return TeamFactory(name="Team Zuid")


@pytest.fixture
def coach(team_noord):
    return UserFactory(username="coach_a", team=team_noord, first_name="Sanne", last_name="de Vries")


@pytest.fixture
def colleague(team_noord):
    """Another werkcoach in the same team."""
    return UserFactory(username="coach_b", team=team_noord)


@pytest.fixture
def other_coach(team_zuid):
    """A werkcoach in the other team."""
    return UserFactory(username="coach_z", team=team_zuid)


@pytest.fixture
def teamleider(team_noord):
    return UserFactory(username="leider_noord", teamleider=True, team=team_noord)


@pytest.fixture
def other_teamleider(team_zuid):
    return UserFactory(username="leider_zuid", teamleider=True, team=team_zuid)


@pytest.fixture
def beheerder(db):
    return UserFactory(username="beheer", beheerder=True)


@pytest.fixture
def fg_user(db):
    """The functionaris gegevensbescherming (privacy officer)."""
    return UserFactory(username="fg_a", fg=True, first_name="Fleur", last_name="de Graaf")


@pytest.fixture
def aanbieder_user(db):
    return UserFactory(username="rib", aanbieder_account=True)


@pytest.fixture
def client_obj(coach):
    return ClientFactory(coach=coach, first_name="Anouk", last_name="Kwakernaat-Bosveld")


@pytest.fixture
def client_user(client_obj):
    user = UserFactory(username="klant_a", client_account=True)
    client_obj.user = user
    client_obj.save(update_fields=["user"])
    return user


@pytest.fixture
def foreign_client(other_coach):
    """A client of a coach in the other team."""
    return ClientFactory(coach=other_coach, first_name="Zeynep", last_name="Kaya")


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3-API server (moto_server, its own process) on a loopback port, for the whole run."""
    from tests.s3server import S3Server

    server = S3Server(log_path=tmp_path_factory.mktemp("s3") / "moto.log").start()
    yield server
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings, tmp_path):
    """Files go to a fresh private bucket on the S3 server; MEDIA_ROOT is an empty directory that must stay empty."""
    import secrets
    import string

    from reintegratie.storage_url import s3_options

    # Letters only: a hex name ("test-238123456abc") can start with nine digits that pass the
    # elfproef, and the bsn-guard rightly stops the run when botocore logs the bucket's URL.
    bucket = "test-" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
    s3_server.create_bucket(bucket)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGE_URL = s3_server.url(bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options(settings.STORAGE_URL)},
    }
    return bucket
