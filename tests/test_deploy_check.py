"""Django's deployment checklist passes with production settings from the environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def production_env(**overrides):
    test_only = {"PYTEST_VERSION", "DJANGO_DEBUG", "DEMO_MODE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in test_only}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="werk.voorbeeldstad.nl",
        DJANGO_HTTPS="true",
        **overrides,
    )
    return env


def run_manage(*args, env):
    return subprocess.run(  # noqa: S603 (fixed argument list, our own manage.py)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_no_security_check_is_silenced():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.SILENCED_SYSTEM_CHECKS)", env=production_env()
    )
    assert result.returncode == 0, result.stderr
    assert "security." not in result.stdout


def test_production_refuses_to_serve_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    served = subprocess.run(
        [sys.executable, "-c", "import reintegratie.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in served.stderr
    # The deployment check names the problem too.
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0 and "security.W009" in result.stdout + result.stderr
    # Management commands still work, so migrations can be checked without secrets.
    assert run_manage("makemigrations", "--check", "--dry-run", env=env).returncode == 0


FREEZES = """
import gc
import reintegratie.wsgi
from django.core.signals import request_finished
counts, kept = {}, []
for served in range(1, 1001):
    kept.append([served])  # what a request builds and keeps (a compiled template, a statement)
    request_finished.send(sender=None)
    if served in (99, 100, 999, 1000):
        counts[served] = gc.get_freeze_count()
print(gc.get_freeze_count() > 0, counts[100] > counts[99], counts[999] == counts[100], counts[1000] > counts[999])
"""


def test_a_web_worker_freezes_what_its_first_requests_built():
    """reintegratie/wsgi.py: frozen at startup, and again after 100 and 1,000 requests (not in between)."""
    served = subprocess.run(  # noqa: S603  # nosec B603 (this interpreter, a fixed script)
        [sys.executable, "-c", FREEZES], cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120
    )
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["True", "True", "True", "True"]
