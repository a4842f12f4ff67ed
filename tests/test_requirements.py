"""The dependency files: every import is declared, and the hashed locks match the pins."""

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / ".ci"))
check_lock = importlib.import_module("check_lock")


def test_python_dateutil_is_pinned_in_the_runtime_requirements():
    # klachten/deadlines.py imports dateutil; it used to arrive only through celery's own pin.
    assert "python-dateutil" in check_lock.pins(ROOT / "requirements.txt")


def test_lock_files_hold_every_pin_of_their_requirements():
    check_lock.main(["requirements.txt", "requirements.lock", "requirements-dev.txt", "requirements-dev.lock"])


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_an_exact_version_and_a_hash(lock):
    entries = []
    for line in (ROOT / lock).read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            entries.append([line])
        elif entries and line.startswith("    --hash="):
            entries[-1].append(line)
    assert len(entries) >= len(check_lock.pins(ROOT / lock.replace(".lock", ".txt")))
    for first, *hashes in entries:
        assert re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*==\S+ \\$", first), first
        assert hashes and all(re.fullmatch(r"    --hash=sha256:[0-9a-f]{64}( \\)?", h) for h in hashes), first


def test_make_installs_from_the_locks_with_hashes_required():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements.lock" in makefile
    assert "pip install --quiet --require-hashes -r requirements-dev.lock" in makefile
    assert importlib.util.find_spec("dateutil") is not None
