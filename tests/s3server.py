"""A real S3-API server for tests, the stack and the benchmarks: moto's server in its own process.

Started on a loopback port from this repo's own virtualenv (``moto[server]`` in
requirements-dev.txt); nothing is mocked inside the test process. The app talks to
it over HTTP through boto3, exactly as it talks to MinIO, Ceph or Amazon S3.
"""

# Starts and stops a local child process on the loopback interface:
# ruff: noqa: S603

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key-not-a-real-one"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _moto_server() -> str:
    candidate = Path(sys.executable).parent / "moto_server"
    return str(candidate) if candidate.exists() else "moto_server"


class S3Server:
    """``moto_server`` on 127.0.0.1:<port>; ``auth=True`` makes it check credentials (every key is wrong)."""

    def __init__(self, port: int | None = None, *, log_path: Path | None = None, auth: bool = False):
        self.port = port or free_port()
        self.log_path = log_path
        self.auth = auth
        self.popen: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, bucket: str, **query: str) -> str:
        """The STORAGE_URL for a bucket on this server."""
        tail = "&".join(f"{k}={v}" for k, v in query.items())
        return f"s3+http://{ACCESS_KEY}:{SECRET_KEY}@127.0.0.1:{self.port}/{bucket}" + (f"?{tail}" if tail else "")

    def start(self) -> S3Server:
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
        if self.auth:
            env["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.popen = subprocess.Popen(
            [_moto_server(), "-H", "127.0.0.1", "-p", str(self.port)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        if log is not subprocess.DEVNULL:
            log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"moto_server exited with {self.popen.returncode} (port {self.port})")
            with socket.socket() as sock:
                sock.settimeout(0.3)
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"moto_server did not listen on port {self.port} within 60 s")

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(Bucket=name)

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
