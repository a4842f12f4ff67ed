"""The clamd backend against a real clamd (Debian's clamav-daemon), started by the test.

Offline there is no official signature database, so the test gives clamd one signature of its
own (an ``.ndb`` body signature for a harmless marker string): clamd then starts and scans for
real. Without clamd installed this skips on a developer machine and fails in CI (.ci/run installs
clamav-daemon).
"""

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from reintegratie.dossier import scanner
from reintegratie.dossier.checks import check_upload
from tests.conftest import _missing

from .files import pdf_bytes, upload

MARKER = b"REINTEGRATIE-VIRUS-TESTMARKER-7f3a"
CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"


@pytest.fixture(scope="module")
def real_clamd(tmp_path_factory):
    if not Path(CLAMD).exists():
        _missing("needs clamd (apt-get install clamav-daemon)")
    base = tmp_path_factory.mktemp("clamd")
    (base / "db").mkdir()
    (base / "db" / "test.ndb").write_text(f"Reintegratie.Test.Marker:0:*:{MARKER.hex()}\n")
    socket_path = base / "clamd.ctl"
    (base / "clamd.conf").write_text(
        f"LocalSocket {socket_path}\nForeground yes\nDatabaseDirectory {base / 'db'}\nLogFile {base / 'clamd.log'}\n"
    )
    process = subprocess.Popen(  # noqa: S603 (a fixed program and our own config file)
        [CLAMD, f"--config-file={base / 'clamd.conf'}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"clamd did not start: {(base / 'clamd.log').read_text(errors='replace')[-500:]}")
        time.sleep(0.2)
    yield str(socket_path)
    process.terminate()
    process.wait(timeout=10)


def test_real_clamd_passes_a_clean_file_and_finds_the_marker(real_clamd, settings):
    settings.CLAMD_SOCKET = real_clamd
    assert scanner.clamd_instream(real_clamd, pdf_bytes()) == "stream: OK"
    assert check_upload(upload("cv.pdf", pdf_bytes()), category="cv").content_type == "application/pdf"
    infected = pdf_bytes() + b"%" + MARKER + b"x" * (3 * scanner.CHUNK)
    assert scanner.clamd_instream(real_clamd, infected).endswith("FOUND")
    with pytest.raises(ValidationError, match="In dit bestand zit een virus"):
        check_upload(upload("cv.pdf", infected), category="cv")
