"""Production settings plus the page benchmark's own URLconf (only for tests/bench/bench_pages.py)."""

from reintegratie.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.pages_urls"
