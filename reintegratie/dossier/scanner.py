"""The virus scanner in front of the dossier: one function, ``scan(data)``, two backends.

- ``CLAMD_SOCKET`` unset: no scan (development, tests). Production must set it (README, docs/deploy.md).
- ``CLAMD_SOCKET`` set (a unix socket path such as ``/run/clamav/clamd.ctl``): the bytes go to
  clamd with its INSTREAM command. Infected -> refused. No answer, a broken answer or any error
  -> refused too (fail closed): an unscanned file never enters the dossier.

The INSTREAM protocol (clamd(8)): send ``zINSTREAM\\0``, then chunks, each a 4-byte big-endian
length followed by that many bytes, then a zero length. clamd answers one line ending in ``\\0``:
``stream: OK``, ``stream: <name> FOUND`` or ``... ERROR``.
"""

import logging
import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
TIMEOUT = 30.0


class ScannerUnavailable(Exception):
    """clamd did not answer, or answered something we cannot read."""


def clamd_instream(socket_path, data, *, timeout=TIMEOUT):
    """Send ``data`` to clamd over its unix socket; return its answer line (``stream: OK``, …)."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(socket_path)
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                answer += part
    except OSError as error:
        raise ScannerUnavailable(type(error).__name__) from error
    if not answer:
        raise ScannerUnavailable("empty answer")
    return answer.rstrip(b"\0\n").decode("utf-8", errors="replace")


def scan(data):
    """Refuse infected bytes; with ``CLAMD_SOCKET`` unset, do nothing. Raise ValidationError in Dutch."""
    socket_path = getattr(settings, "CLAMD_SOCKET", "")
    if not socket_path:
        return
    try:
        answer = clamd_instream(socket_path, data)
    except ScannerUnavailable as error:
        logger.error("virus scanner unreachable: %s", error)
        raise ValidationError(
            _("We kunnen het bestand nu niet op virussen controleren. Probeer het later nog eens."), code="scanner"
        ) from None
    if answer.endswith("FOUND"):
        logger.warning("virus scanner refused an upload")
        raise ValidationError(
            _("In dit bestand zit een virus. We hebben het niet bewaard. Stuur een schoon bestand."), code="virus"
        )
    if not answer.endswith("OK"):
        logger.error("virus scanner answered an error")
        raise ValidationError(
            _("We kunnen het bestand nu niet op virussen controleren. Probeer het later nog eens."), code="scanner"
        )
