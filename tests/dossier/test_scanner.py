"""The clamd backend against a small fake clamd that speaks INSTREAM on a unix socket.

The fake covers what a real clamd cannot easily be made to do (answer ERROR, vanish); the real
clamd, with a signature of our own, is in test_clamd_real.py. The protocol, from clamd(8):
``zINSTREAM\\0``, chunks of <4-byte big-endian length><bytes>, a zero length, one answer line
ending in NUL.
"""

import socket
import struct
import threading

import pytest
from django.core.exceptions import ValidationError

from reintegratie.dossier import scanner
from reintegratie.dossier.checks import check_upload

from .files import pdf_bytes, upload

EICAR_MARK = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


class FakeClamd:
    """Answers FOUND when the stream holds the EICAR mark, OK otherwise; records what it received."""

    def __init__(self, path, *, answer=None):
        self.path, self.answer, self.received = str(path), answer, []
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(self.path)
        self.sock.listen(4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn, n):
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data

    def _serve(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            with conn:
                command = self._read(conn, len(b"zINSTREAM\0"))
                assert command == b"zINSTREAM\0"
                stream = b""
                while True:
                    (size,) = struct.unpack("!L", self._read(conn, 4))
                    if size == 0:
                        break
                    stream += self._read(conn, size)
                self.received.append(stream)
                if self.answer is not None:
                    conn.sendall(self.answer)
                elif EICAR_MARK in stream:
                    conn.sendall(b"stream: Eicar-Signature FOUND\0")
                else:
                    conn.sendall(b"stream: OK\0")

    def close(self):
        self.sock.close()


@pytest.fixture
def clamd(tmp_path, settings):
    server = FakeClamd(tmp_path / "clamd.ctl")
    settings.CLAMD_SOCKET = server.path
    yield server
    server.close()


def test_without_clamd_socket_nothing_is_scanned(settings):
    settings.CLAMD_SOCKET = ""
    assert scanner.scan(b"anything") is None


def test_a_clean_file_passes_and_clamd_received_every_byte_in_chunks(clamd):
    data = pdf_bytes() + b"%" + b"x" * (3 * scanner.CHUNK)  # more than one chunk
    assert scanner.clamd_instream(clamd.path, data) == "stream: OK"
    assert clamd.received[-1] == data


def test_an_infected_upload_is_refused_in_dutch(clamd):
    infected = pdf_bytes() + b"%" + EICAR_MARK
    with pytest.raises(ValidationError, match="In dit bestand zit een virus"):
        check_upload(upload("cv.pdf", infected), category="cv")


def test_an_unreachable_scanner_refuses_the_upload(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "er-is-geen-clamd.ctl")
    with pytest.raises(ValidationError, match="niet op virussen controleren"):
        check_upload(upload("cv.pdf", pdf_bytes()), category="cv")


def test_an_error_answer_refuses_the_upload(tmp_path, settings):
    server = FakeClamd(tmp_path / "kapot.ctl", answer=b"INSTREAM size limit exceeded. ERROR\0")
    settings.CLAMD_SOCKET = server.path
    try:
        with pytest.raises(ValidationError, match="niet op virussen controleren"):
            check_upload(upload("cv.pdf", pdf_bytes()), category="cv")
    finally:
        server.close()
