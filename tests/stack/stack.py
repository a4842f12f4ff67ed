#!/usr/bin/env python
"""The deployed topology on one machine: processes that share nothing but PostgreSQL, Redis and S3.

Starts, each in its own process group:
  - a private PostgreSQL (127.0.0.1:18721) and Redis (18720, append-only file),
  - the S3-API server (moto_server, 18710) with a private bucket,
  - two gunicorn web nodes, A on 18701 and B on 18702, each from its OWN working
    directory with its own empty MEDIA_ROOT,
  - one Celery worker from a third directory, and one Celery beat.

Letters and exports therefore only work when every file goes through the object store.

  make stack                       start it with demo data and wait (Ctrl-C stops everything)
  tests/stack/stack.py --test      the stack test (see tests/stack/stack_test.py); exit 0 when it holds

It never touches the machine's shared PostgreSQL (5432) or Redis (6379) and kills only
the processes it started.
"""

# A harness that starts and stops local processes (subprocess, os.kill, loopback only):
# ruff: noqa: S603, S607, S103

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.faults import run_faults  # noqa: E402 - the same private PostgreSQL and process handling
from tests.faults.run_faults import HarnessError, Proc, port_open, run_checked  # noqa: E402
from tests.s3server import S3Server  # noqa: E402

VENV_BIN = REPO / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
PG_PORT, REDIS_PORT, S3_PORT = 18721, 18720, 18710
WEB_PORTS = {"a": 18701, "b": 18702}
BUCKET = "reintegratie"
DATABASE = "stack"


class Stack:
    """Everything of the deployed system, on loopback ports, in one temp dir."""

    def __init__(
        self, *, root: Path | None = None, fast_sweeps: bool = True, web_workers: int = 2, local_files: bool = False
    ):
        self.root = root or Path(tempfile.mkdtemp(prefix="stack-"))
        os.chmod(self.root, 0o755)  # the postgres user must reach its cluster dir
        self.fast_sweeps = fast_sweeps
        # Negative control: every process keeps files on its own disk, as before object storage.
        self.files_on_local_disk = local_files
        self.web_workers = web_workers
        self.procs: dict[str, Proc] = {}
        self.s3: S3Server | None = None
        run_faults.PG_PORT = PG_PORT  # the faults harness's PrivatePostgres reads its port from here
        self.pg = run_faults.PrivatePostgres(self.root)
        self.dirs = {name: self.root / name for name in ("web-a", "web-b", "worker", "beat")}
        self.secret = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(60))

    # -- environment -------------------------------------------------------------
    @property
    def database_url(self):
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/{DATABASE}"

    @property
    def storage_url(self):
        return "" if self.files_on_local_disk else self.s3.url(BUCKET)

    def env(self, workdir: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "PYTHONPATH", "STORAGE_URL")}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "reintegratie.settings",
                "PYTHONPATH": str(REPO),
                "DATABASE_URL": self.database_url,
                "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
                "STORAGE_URL": self.storage_url,
                "DJANGO_SECRET_KEY": self.secret,
                "DJANGO_DEBUG": "false",
                "DJANGO_HTTPS": "false",
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DEMO_MODE": "true",
                # Its own, empty MEDIA_ROOT: a file written here would be on this node only.
                "MEDIA_ROOT": str(workdir / "media"),
                "STATIC_ROOT": str(self.root / "static"),
                "EMAIL_URL": "consolemail://",
                "PYTHONUNBUFFERED": "1",
                "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            }
        )
        if self.fast_sweeps:
            env.update(
                {
                    "CELERY_VISIBILITY_TIMEOUT": "20",
                    "CELERY_TASK_TIME_LIMIT": "15",
                    "CELERY_TASK_SOFT_TIME_LIMIT": "10",
                    "LETTER_REQUEUE_AFTER_SECONDS": "5",
                    "LETTER_CLAIM_EXPIRES_SECONDS": "20",
                    "LETTER_SWEEP_EVERY_SECONDS": "3",
                }
            )
        return env

    # -- start -------------------------------------------------------------------
    def start(self, *, seed=True, workers=1):
        for port in (PG_PORT, REDIS_PORT, S3_PORT, *WEB_PORTS.values()):
            if port_open(port):
                raise HarnessError(f"port {port} is already in use (is another stack running?)")
        for path in self.dirs.values():
            (path / "media").mkdir(parents=True)
        self.log(f"stack dir: {self.root}")
        self.pg.init()
        self.pg.start()
        run_checked(
            ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-c", f"CREATE DATABASE {DATABASE}"],
            log_path=self.root / "psql.log",
        )
        self.log(f"PostgreSQL  127.0.0.1:{PG_PORT}")
        redis_dir = self.root / "redis"
        redis_dir.mkdir()
        self.procs["redis"] = Proc(
            "redis",
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--appendonly", "yes",
             "--save", "", "--dir", str(redis_dir), "--daemonize", "no", "--loglevel", "warning"],
            self.root / "redis.log", os.environ.copy(),
        ).start()  # fmt: skip
        self.wait_for(lambda: port_open(REDIS_PORT), 20, "redis")
        self.log(f"Redis       127.0.0.1:{REDIS_PORT}")
        self.s3 = S3Server(S3_PORT, log_path=self.root / "s3.log").start()
        self.s3.create_bucket(BUCKET)
        self.log(f"S3 (moto)   127.0.0.1:{S3_PORT}, bucket '{BUCKET}'")
        manage = {"log_path": self.root / "manage.log", "env": self.env(self.root), "timeout": 600}
        run_checked([str(PYTHON), "manage.py", "migrate", "--noinput"], **manage)
        run_checked([str(PYTHON), "manage.py", "collectstatic", "--noinput"], **manage)
        if seed:
            run_checked([str(PYTHON), "manage.py", "seed_demo", "--quiet-logins"], **manage)
        self.log("migrated, static files collected" + (", demo data seeded" if seed else ""))
        for node in WEB_PORTS:
            self.start_web(node)
        for n in range(workers):
            self.start_worker(n)
        self.start_beat()

    def start_web(self, node, *, port=None, extra_env=None):
        port = port or WEB_PORTS[node]
        workdir = self.dirs.setdefault(f"web-{node}", self.root / f"web-{node}")
        (workdir / "media").mkdir(parents=True, exist_ok=True)
        env = {**self.env(workdir), **(extra_env or {})}
        self.procs[f"web-{node}"] = Proc(
            f"web-{node}",
            [str(VENV_BIN / "gunicorn"), "reintegratie.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(self.web_workers), "--threads", "2", "--timeout", "30",
             "--graceful-timeout", "20", "--access-logfile", str(workdir / "access.log")],
            self.root / f"web-{node}.log", env, cwd=workdir,
        ).start()  # fmt: skip
        self.wait_for(lambda: self.health(port) == 200, 90, f"web node {node} /health/")
        self.log(f"web node {node.upper()}  http://127.0.0.1:{port}/  (cwd {workdir})")

    def start_worker(self, n=0):
        name = "worker" if n == 0 else f"worker{n + 1}"
        workdir = self.dirs["worker"] if n == 0 else self.root / name
        (workdir / "media").mkdir(parents=True, exist_ok=True)
        self.dirs[name] = workdir
        proc = self.procs.get(name) or Proc(
            name,
            [str(VENV_BIN / "celery"), "-A", "reintegratie", "worker", "--pool", "prefork", "--concurrency", "2",
             "-l", "warning", "-n", f"{name}@%h", "--without-mingle", "--without-gossip"],
            self.root / f"{name}.log", self.env(workdir), cwd=workdir,
        )  # fmt: skip
        self.procs[name] = proc.start()
        self.wait_for(lambda: proc.alive() and len(run_faults.children_of(proc.pid)) >= 2, 60, f"{name} pool")
        self.log(f"{name}      (cwd {workdir})")

    def start_beat(self):
        workdir = self.dirs["beat"]
        self.procs["beat"] = Proc(
            "beat",
            [str(VENV_BIN / "celery"), "-A", "reintegratie", "beat", "--schedule", str(workdir / "beat-schedule"),
             "-l", "warning"],
            self.root / "beat.log", self.env(workdir), cwd=workdir,
        ).start()  # fmt: skip
        self.log(f"beat        (cwd {workdir})")

    # -- helpers -----------------------------------------------------------------
    def health(self, port):
        import urllib.request

        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as response:
                return response.status
        except Exception:
            return None

    def log(self, message):
        print(f"[stack] {message}", flush=True)

    @staticmethod
    def wait_for(predicate, seconds, what):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if predicate():
                    return
            except Exception:  # noqa: S110 - not ready yet
                pass
            time.sleep(0.2)
        raise HarnessError(f"timed out after {seconds}s waiting for {what}")

    def local_files(self):
        """Every file in the web nodes' and workers' MEDIA_ROOTs: must stay empty."""
        return [p for name, d in self.dirs.items() for p in (d / "media").rglob("*") if p.is_file()]

    def sql(self, query):
        result = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", DATABASE, "-At", "-F", "\t",
             "-c", query],
            capture_output=True, text=True, timeout=30, check=True,
        )  # fmt: skip
        return [line.split("\t") for line in result.stdout.splitlines() if line]

    def stop(self):
        for name in reversed(list(self.procs)):
            self.procs[name].kill(signal.SIGTERM if name.startswith("web") else signal.SIGKILL)
        if self.s3:
            self.s3.stop()
        self.pg.cleanup()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--test", action="store_true", help="run the stack test and stop")
    parser.add_argument(
        "--local-files", action="store_true", help="with --test: no object store (the test must then fail)"
    )
    parser.add_argument("--restore-drill", action="store_true", help="run the restore drill and stop")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = parser.parse_args()
    if args.test:
        from tests.stack.stack_test import run_test

        sys.exit(run_test(local_files=args.local_files))
    if args.restore_drill:
        from tests.stack.drill import run_drill

        sys.exit(run_drill())
    stack = Stack(fast_sweeps=False)

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C, and SIGTERM from a supervisor, stop every process of the stack (also when started in the background).
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    try:
        stack.start()
        print(
            "\n  The stack runs. Node A: http://127.0.0.1:18701/   node B: http://127.0.0.1:18702/\n"
            "  Demo logins as with `make run` (password demo-wachtwoord; the code page shows the code).\n"
            "  Ctrl-C stops everything.\n",
            flush=True,
        )
        while all(p.alive() for p in stack.procs.values()):
            time.sleep(1)
        dead = [name for name, p in stack.procs.items() if not p.alive()]
        print(f"[stack] stopped by itself: {', '.join(dead)}; see the logs in {stack.root}", flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()
        if not args.keep:
            shutil.rmtree(stack.root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
