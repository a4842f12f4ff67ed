"""Error pages are Dutch, plain and carry no data; `make run` shows them as a user would see them."""

import os
import re
import socket
import subprocess  # nosec B404: starts this project's own manage.py
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.auth import login

ROOT = Path(__file__).resolve().parent.parent
TWENTY_MB = 20 * 1024 * 1024
ENGLISH = ("Bad Request", "Forbidden", "Not Found", "Server Error", "Traceback", "CSRF verification")


def _plain(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.django_db
def test_a_twenty_megabyte_form_post_gets_the_dutch_400_page(client, coach):
    login(client, coach)
    body = "summary=" + "a" * TWENTY_MB
    response = client.post(reverse("accounts:login"), data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    text = _plain(response.content.decode())
    assert "Dit konden we niet verwerken" in text and "te groot" in text
    assert not any(word in text for word in ENGLISH)


@pytest.mark.django_db
def test_a_form_posted_without_its_csrf_token_gets_the_dutch_403_page(coach):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": coach.username, "password": "x"})
    assert response.status_code == 403
    text = _plain(response.content.decode())
    assert "Deze pagina is verlopen" in text and not any(word in text for word in ENGLISH)


@pytest.mark.django_db
def test_403_404_500_and_503_templates_are_dutch_and_show_no_request_data(client, coach, client_obj):
    from django.template.loader import render_to_string

    for name, heading in [("400.html", "Dit konden we niet verwerken"), ("500.html", "Er ging iets mis")]:
        html = render_to_string(name)
        assert heading in html and 'lang="nl"' in html and "{{" not in html
    assert "Geef dan deze code door aan de helpdesk: abc123" in _plain(
        render_to_string("503.html", {"reference": "abc123"})
    )
    login(client, coach)
    missing = client.get(f"/clienten-typo/{client_obj.pk}/?zoek=Jansen")
    assert missing.status_code == 404
    text = _plain(missing.content.decode())
    assert "Pagina niet gevonden" in text and "Jansen" not in text and str(client_obj.pk) not in text


def _run_env():
    """The settings of `make run` (run.env) with their defaults, not this shell's values."""
    env = {}
    for line in (ROOT / "run.env").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([A-Z_]+)=\$\{\1:-([^}]*)\}", line.strip())
        if match:
            env[match[1]] = match[2]
    return env


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310 (http to 127.0.0.1)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310: our own server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_make_run_configuration_shows_the_dutch_404_and_serves_static_files(tmp_path):
    settings = _run_env()
    assert settings["DJANGO_DEBUG"] == "false" and settings["LETTER_PREVIEWS"] == "false"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(settings)
    env.update(
        DJANGO_SECRET_KEY="run-config-test-" + "x" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    collect = [*manage, "collectstatic", "--noinput", "--verbosity", "0"]
    subprocess.run(collect, env=env, check=True, cwd=ROOT)  # noqa: S603 (fixed arguments, our own manage.py)
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (fixed arguments, our own manage.py)
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        status, html = _get(f"{base}/clientenn/")
        assert status == 404
        text = _plain(html)
        assert "Pagina niet gevonden" in text
        assert not any(word in text for word in ENGLISH) and "URLconf" not in html
        css = re.search(r'href="(/static/css/app\.[0-9a-f]+\.css)"', html)
        assert css, "static files are not served with their hashed names"
        assert _get(base + css[1])[0] == 200
        status, html = _get(
            f"{base}/account/inloggen/",
            data=b"x=" + b"a" * TWENTY_MB,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status in (400, 403)  # 403: the CSRF check reads the body first; both pages are Dutch
        assert ("Dit konden we niet verwerken" in html or "Deze pagina is verlopen" in html) and "Forbidden" not in html
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_letter_previews_follow_their_own_setting_not_debug(client, coach, client_obj, settings):
    login(client, coach)
    url = reverse("documents:brief-preview", kwargs={"kind": "voortgangsrapportage"})
    settings.DEBUG, settings.LETTER_PREVIEWS = True, False
    assert client.get(url).status_code == 404
    file = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    assert url not in file
    settings.DEBUG, settings.LETTER_PREVIEWS = False, True
    assert client.get(url).status_code == 200
    file = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    assert url in file
