#!/usr/bin/env python
"""Fault injection for the letter pipeline: web -> PostgreSQL -> Redis -> Celery -> PDF.

Starts a PRIVATE PostgreSQL (port 55432) and Redis (port 56379) in a temp dir,
gunicorn (58000), a Celery worker and Celery beat, then:

  a. SIGKILLs the worker's process group while it renders a burst of letters;
  b. kill -9's Redis in the middle of a burst and restarts it (same dir, AOF);
  c. restarts PostgreSQL (-m immediate) while requests come in.

It records every HTTP response, drains the queue (beat's sweep publishes again
what was lost) and checks by SQL and on disk: no letter lost or duplicated,
every letter 'klaar' with exactly one PDF at MEDIA_ROOT/brieven/<id>.pdf, no
orphan PDF, no 500/traceback, /health/ 200 again after the database restart
without restarting gunicorn. Exit 0 when every invariant holds, 1 when one
fails, 2 when the harness itself could not run.

Usage: .venv/bin/python tests/faults/run_faults.py [--trials N] [--burst K]

It never touches the machine's shared PostgreSQL (5432) or Redis (6379), and
kills only the processes it started (by process group / postmaster.pid).
"""

# A harness that starts and kills local processes on purpose (subprocess, os.kill, urllib to loopback):
# ruff: noqa: S603, S607, S310, S103, SIM105

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = REPO / ".venv" / "bin"
PYTHON = VENV_BIN / "python"

# kombu (Redis transport) can die with this when its channel is closed after Redis was killed:
# Channel.close -> restore_unacked -> _connparams reads a connection it already cleared. Known
# upstream (celery/kombu, e.g. issue 582); the worker exits and its supervisor restarts it.
KOMBU_CLOSE_BUG = "'NoneType' object has no attribute 'hostname'"

PG_PORT = 55432
REDIS_PORT = 56379
WEB_PORT = 58000
SHARED_PORTS = {5432, 6379}
BASE_URL = f"http://127.0.0.1:{WEB_PORT}"

# Markers of a leaked traceback: Django's technical 500 page and gunicorn's bare error page.
TRACEBACK_MARKERS = (b"Traceback", b"Internal Server Error", b'id="traceback"', b"Exception Value")
OUR_503_MARKER = "Even niet bereikbaar"  # templates/503.html


class HarnessError(RuntimeError):
    """The harness could not set up or run (exit 2), as opposed to an app invariant failing (exit 1)."""


# ---------------------------------------------------------------------------
# Setup, run in a child process with DJANGO_SETTINGS_MODULE (no app code added)
# ---------------------------------------------------------------------------
def setup_child(out_path: str, n_clients: int) -> None:
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from clients.models import Client
    from reintegratie.documents.models import Brief
    from tests.factories import ClientFactory, TeamFactory, UserFactory

    team = TeamFactory(name="Team Fouten")
    coach = UserFactory(username="coach_faults", team=team)
    device = TOTPDevice.objects.create(user=coach, name="faults", confirmed=True)
    clients = [ClientFactory(coach=coach, email=f"client{i}@example.test") for i in range(n_clients)]

    session = SessionStore()
    session["_auth_user_id"] = str(coach.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = coach.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["login_at"] = int(time.time())
    session.create()

    Path(out_path).write_text(
        json.dumps(
            {
                "session_key": session.session_key,
                "client_ids": [str(c.pk) for c in clients],
                "brief_table": Brief._meta.db_table,
                "client_ct": ContentType.objects.get_for_model(Client).pk,
                "session_cookie": __import__("django.conf").conf.settings.SESSION_COOKIE_NAME,
                "csrf_cookie": __import__("django.conf").conf.settings.CSRF_COOKIE_NAME,
            }
        )
    )


# ---------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------
def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may hold spaces, so split after the last ')'.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


class Proc:
    """One child in its own session / process group, so the whole group can be SIGKILLed."""

    def __init__(self, name, argv, log_path, env, cwd=REPO):
        self.name, self.argv, self.log_path, self.env, self.cwd = name, argv, log_path, env, cwd
        self.popen: subprocess.Popen | None = None
        self.starts = 0
        self.killed_by_us = 0

    def start(self):
        log = open(self.log_path, "ab")  # noqa: SIM115 - kept open by the child
        log.write(f"\n===== {time.strftime('%H:%M:%S')} start {self.name} =====\n".encode())
        log.flush()
        self.popen = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,
        )
        log.close()
        self.starts += 1
        return self

    @property
    def pid(self):
        return self.popen.pid if self.popen else None

    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig=signal.SIGKILL):
        """Signal the whole process group we created; reap the leader."""
        if self.popen is None:
            return
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            pass
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.popen.wait(timeout=15)
        # Pool children of a killed leader share its process group; make sure none is left.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.killpg(self.popen.pid, 0)
            except ProcessLookupError:
                break
            try:
                os.killpg(self.popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                break
            time.sleep(0.1)


def run_checked(argv, *, log_path, env=None, cwd=REPO, timeout=300, user=None):
    if user:
        argv = ["runuser", "-u", user, "--", *argv]
    with open(log_path, "ab") as log:
        log.write(f"\n===== {time.strftime('%H:%M:%S')} $ {' '.join(map(str, argv))}\n".encode())
        log.flush()
        result = subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd, timeout=timeout)
    if result.returncode != 0:
        raise HarnessError(f"command failed ({result.returncode}): {' '.join(map(str, argv))}; see {log_path}")


def pg_bin(name):
    debian = Path("/usr/lib/postgresql/15/bin") / name
    if debian.exists():
        return str(debian)
    found = shutil.which(name)
    if not found:
        raise HarnessError(f"{name} not found (PostgreSQL 15 binaries needed)")
    return found


class PrivatePostgres:
    """A throw-away cluster owned by the OS user 'postgres' (PostgreSQL refuses root)."""

    def __init__(self, root: Path):
        self.root = root / "pg"
        self.data = self.root / "data"
        self.sock = self.root / "sock"
        self.log = self.root / "postgres.log"
        self.cmd_log = root / "pg_ctl.log"
        self.started = False

    def init(self):
        self.root.mkdir()
        self.sock.mkdir()
        shutil.chown(self.root, "postgres", "postgres")
        shutil.chown(self.sock, "postgres", "postgres")
        run_checked(
            [pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
             "--no-sync"],
            log_path=self.cmd_log, cwd=self.root, user="postgres", timeout=120,
        )  # fmt: skip
        conf = (
            f"\nlisten_addresses = '127.0.0.1'\nport = {PG_PORT}\n"
            f"unix_socket_directories = '{self.sock}'\n"
            "max_connections = 60\nshared_buffers = 32MB\n"
            # An immediate stop is a process crash, not a power loss: the kernel keeps the
            # writes, so fsync buys nothing here. Commits stay synchronous (no lost commits).
            "fsync = off\nsynchronous_commit = on\n"
            "log_min_messages = warning\nlog_line_prefix = '%m [%p] '\n"
        )
        with open(self.data / "postgresql.conf", "a") as f:
            f.write(conf)

    def _ctl(self, *args, timeout=90):
        run_checked(
            [pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), *args],
            log_path=self.cmd_log, cwd=self.root, user="postgres", timeout=timeout,
        )  # fmt: skip

    def start(self):
        self.started = True
        self._ctl("-w", "-t", "60", "start")

    def stop_immediate(self):
        self._ctl("-m", "immediate", "-w", "-t", "60", "stop")

    def restart_immediate(self):
        self._ctl("-m", "immediate", "-w", "-t", "60", "restart")

    def postmaster_pid(self):
        try:
            return int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def cleanup(self):
        if not self.started:
            return
        try:
            self._ctl("-m", "immediate", "-w", "-t", "30", "stop", timeout=40)
        except Exception:
            pid = self.postmaster_pid()
            if pid:
                try:
                    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                    if str(self.data).encode() in cmdline or b"postgres" in cmdline:
                        os.kill(pid, signal.SIGKILL)
                except (OSError, ProcessLookupError):
                    pass


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


@dataclass
class Resp:
    scenario: str
    trial: int
    client_id: str
    started: float
    elapsed: float
    status: int | None
    error: str = ""
    location: str = ""
    traceback: bool = False
    our_503: bool = False
    body_head: str = ""

    @property
    def kind(self):
        if self.status is None:
            return "conn_error"
        if self.status == 302 and f"/clienten/{self.client_id}/" in self.location:
            return "accepted"
        if self.status == 503:
            return "503" if self.our_503 else "503_other"
        return f"unexpected_{self.status}"


class Http:
    def __init__(self, session_key, session_cookie, csrf_cookie):
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookie = f"{session_cookie}={session_key}; {csrf_cookie}={self.csrf}"

    def _send(self, req, timeout):
        try:
            with OPENER.open(req, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            body = error.read() if error.fp else b""
            return error.code, error.headers, body

    def post_letter(self, scenario, trial, client_id, t0, timeout=30):
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf}).encode()
        req = urllib.request.Request(
            f"{BASE_URL}/clienten/{client_id}/voortgangsrapportage/",
            data=data,
            method="POST",
            headers={
                "Cookie": self.cookie,
                "X-CSRFToken": self.csrf,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        start = time.monotonic()
        try:
            status, headers, body = self._send(req, timeout)
        except Exception as error:
            return Resp(scenario, trial, client_id, start - t0, time.monotonic() - start, None, type(error).__name__)
        return Resp(
            scenario,
            trial,
            client_id,
            start - t0,
            time.monotonic() - start,
            status,
            location=headers.get("Location", "") if headers else "",
            traceback=any(marker in body for marker in TRACEBACK_MARKERS),
            our_503=status == 503 and OUR_503_MARKER.encode() in body,
            body_head=body[:300].decode("utf-8", "replace"),
        )

    def get(self, path, timeout=10):
        req = urllib.request.Request(f"{BASE_URL}{path}")
        try:
            status, _headers, body = self._send(req, timeout)
        except Exception as error:
            return None, type(error).__name__
        return status, body[:300].decode("utf-8", "replace")


class Load:
    """Send letter requests from daemon threads (never blocks interpreter exit), at most `concurrency` at once."""

    def __init__(self, http, scenario, trial, client_ids, *, concurrency, pace, t0):
        self.http, self.scenario, self.trial, self.client_ids = http, scenario, trial, client_ids
        self.concurrency, self.pace, self.t0 = concurrency, pace, t0
        self.results: list[Resp] = []
        self.sent = 0
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def _run(self):
        gate = threading.Semaphore(self.concurrency)
        threads = []
        for client_id in self.client_ids:
            gate.acquire()
            thread = threading.Thread(target=self._one, args=(client_id, gate), daemon=True)
            thread.start()
            threads.append(thread)
            with self.lock:
                self.sent += 1
            if self.pace:
                time.sleep(self.pace)
        for thread in threads:
            thread.join(60)

    def _one(self, client_id, gate):
        try:
            resp = self.http.post_letter(self.scenario, self.trial, client_id, self.t0)
            with self.lock:
                self.results.append(resp)
        finally:
            gate.release()

    def done_count(self):
        with self.lock:
            return len(self.results)

    def join(self, timeout=120):
        self.thread.join(timeout)
        if self.thread.is_alive():
            raise HarnessError(f"load of scenario {self.scenario} trial {self.trial} did not finish in {timeout}s")
        return self.results


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------
class FaultRun:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.tmp = Path(tempfile.mkdtemp(prefix="faults-"))
        os.chmod(self.tmp, 0o755)  # the postgres user must reach its cluster dir
        self.media = self.tmp / "media"
        self.media.mkdir()
        self.t0 = time.monotonic()
        self.events = open(self.tmp / "events.log", "a")  # noqa: SIM115
        self.pg = PrivatePostgres(self.tmp)
        self.redis_dir = self.tmp / "redis"
        self.redis_dir.mkdir()
        self.procs: dict[str, Proc] = {}
        self.results: list[Resp] = []
        self.health_after_pg: list[tuple[int, float | None]] = []  # (trial, seconds until 200 or None)
        self.unexpected_exits: list[str] = []
        # Worker exits from kombu's known close-after-lost-connection bug (see KOMBU_CLOSE_BUG).
        self.known_upstream_exits: list[str] = []
        self.last_fault = "none yet"
        self.gunicorn_master_pid = None
        self.env = self._child_env()

    # -- bookkeeping ---------------------------------------------------------
    def log(self, message, *, echo=True):
        line = f"[{time.monotonic() - self.t0:7.2f}s] {message}"
        self.events.write(line + "\n")
        self.events.flush()
        if echo:
            print(line, flush=True)

    def check_deadline(self):
        if time.monotonic() - self.t0 > self.args.max_seconds:
            raise HarnessError(f"run exceeded --max-seconds={self.args.max_seconds}")

    def _child_env(self):
        env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "PYTHONPATH")}
        secret = "".join(secrets.choice(string.ascii_letters + string.digits + "-_") for _ in range(60))
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "reintegratie.settings",
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/faults",
                "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
                "DJANGO_SECRET_KEY": secret,
                "DJANGO_DEBUG": "false",
                "DJANGO_HTTPS": "false",
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DEMO_MODE": "false",
                "MEDIA_ROOT": str(self.media),
                "STATIC_ROOT": str(self.tmp / "static"),
                "EMAIL_URL": "consolemail://",
                "CELERY_VISIBILITY_TIMEOUT": "20",
                "CELERY_TASK_TIME_LIMIT": "15",
                "CELERY_TASK_SOFT_TIME_LIMIT": "10",
                "LETTER_REQUEUE_AFTER_SECONDS": "5",
                "LETTER_CLAIM_EXPIRES_SECONDS": "20",
                "LETTER_SWEEP_EVERY_SECONDS": "3",
                "PYTHONUNBUFFERED": "1",
                "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            }
        )
        for key in ("DATABASE_URL", "CELERY_BROKER_URL"):
            assert f":{PG_PORT}/" in env[key] or f":{REDIS_PORT}/" in env[key], "never the shared services"
        return env

    # -- services ------------------------------------------------------------
    def start_redis(self):
        proc = self.procs.get("redis") or Proc(
            "redis",
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--appendonly", "yes",
             "--appendfsync", "everysec", "--save", "", "--dir", str(self.redis_dir), "--daemonize", "no",
             "--protected-mode", "yes", "--loglevel", "warning"],
            self.tmp / "redis.log", self.env,
        )  # fmt: skip
        self.procs["redis"] = proc.start()
        self.wait_for(lambda: self._redis_ping(), 20, "redis to answer PING")

    def _redis_ping(self):
        result = subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(REDIS_PORT), "PING"],
            capture_output=True, text=True, timeout=5,
        )  # fmt: skip
        return result.stdout.strip() == "PONG"

    def start_worker(self):
        proc = self.procs.get("worker") or Proc(
            "worker",
            [str(VENV_BIN / "celery"), "-A", "reintegratie", "worker", "--pool", "prefork", "--concurrency", "2",
             "-l", "warning", "-n", "faults@%h", "--without-mingle", "--without-gossip"],
            self.tmp / "worker.log", self.env,
        )  # fmt: skip
        self.procs["worker"] = proc.start()
        # Ready enough when the pool's two children are forked.
        self.wait_for(lambda: proc.alive() and len(children_of(proc.pid)) >= 2, 60, "celery worker pool")

    def start_beat(self):
        self.procs["beat"] = Proc(
            "beat",
            [str(VENV_BIN / "celery"), "-A", "reintegratie", "beat", "--schedule", str(self.tmp / "beat"),
             "-l", "warning"],
            self.tmp / "beat.log", self.env,
        ).start()  # fmt: skip

    def start_gunicorn(self):
        self.procs["gunicorn"] = Proc(
            "gunicorn",
            [str(VENV_BIN / "gunicorn"), "reintegratie.wsgi:application", "--bind", f"127.0.0.1:{WEB_PORT}",
             "--workers", "2", "--threads", "2", "--timeout", "30",
             "--access-logfile", str(self.tmp / "gunicorn-access.log")],
            self.tmp / "gunicorn.log", self.env,
        ).start()  # fmt: skip
        self.gunicorn_master_pid = self.procs["gunicorn"].pid
        self.wait_for(lambda: self.http_anon.get("/health/")[0] == 200, 60, "gunicorn /health/ 200")

    def wait_for(self, predicate, seconds, what):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if predicate():
                    return
            except Exception:  # noqa: S110 - not ready yet
                pass
            time.sleep(0.2)
        raise HarnessError(f"timed out after {seconds}s waiting for {what}")

    def ensure_up(self, where):
        """Record any service that died without us killing it, and bring it back."""
        for name in ("gunicorn", "worker", "beat"):
            proc = self.procs.get(name)
            if proc and not proc.alive():
                code = proc.popen.returncode
                why = self._last_critical(f"{name}.log")
                exit_note = f"{name} exited with {code}, noticed at {where}, last fault: {self.last_fault}; {why}"
                redis_killed = getattr(self.procs.get("redis"), "killed_by_us", 0) > 0
                if name == "worker" and redis_killed and KOMBU_CLOSE_BUG in str(why):
                    # Not ours: kombu's Redis channel, closing after Redis vanished, rebuilds its pool
                    # from a connection it has already cleared. A supervisor restarts the worker; the
                    # letter invariants below still must hold (nothing lost, nothing doubled). It is in
                    # kombu's Redis transport, so only a Redis kill sets it off, but not always before
                    # the next fault: a worker restarted while Redis came back lost its broker again and
                    # died of it 6 s later, during the PostgreSQL restart that followed (CI, session 9).
                    self.known_upstream_exits.append(exit_note)
                else:
                    self.unexpected_exits.append(exit_note)
                self.log(
                    f"!! {name} exited by itself (code {code}), noticed at {where} "
                    f"(last fault: {self.last_fault}): {why}; restarting it"
                )
                if name == "worker":
                    self.start_worker()
                elif name == "beat":
                    self.start_beat()
                else:
                    self.start_gunicorn()

    # -- setup -----------------------------------------------------------------
    def setup(self):
        for port in (PG_PORT, REDIS_PORT, WEB_PORT):
            assert port not in SHARED_PORTS
            if port_open(port):
                raise HarnessError(f"port {port} is already in use; refusing to start (is an old run still alive?)")
        self.log(f"tmp dir: {self.tmp}")
        self.pg.init()
        self.pg.start()
        self.sql_exec("CREATE DATABASE faults", dbname="postgres", autocommit=True)
        self.log(f"private PostgreSQL up on 127.0.0.1:{PG_PORT} (pid {self.pg.postmaster_pid()})")
        self.start_redis()
        self.log(f"private Redis up on 127.0.0.1:{REDIS_PORT} (pid {self.procs['redis'].pid})")
        run_checked([str(PYTHON), "manage.py", "migrate", "--noinput"], log_path=self.tmp / "migrate.log",
                    env=self.env, timeout=600)  # fmt: skip
        self.log("migrated")
        out = self.tmp / "setup.json"
        run_checked([str(PYTHON), str(Path(__file__).resolve()), "--setup-child", str(out),
                     "--clients", str(self.args.clients)], log_path=self.tmp / "setup.log", env=self.env,
                    timeout=300)  # fmt: skip
        info = json.loads(out.read_text())
        self.client_ids = info["client_ids"]
        self.brief_table = info["brief_table"]
        self.client_ct = info["client_ct"]
        self.http = Http(info["session_key"], info["session_cookie"], info["csrf_cookie"])
        self.http_anon = Http("", "x", "y")
        self.log(f"team, werkcoach with TOTP device, {len(self.client_ids)} clients, OTP-verified session created")
        self.start_gunicorn()
        self.start_worker()
        self.start_beat()
        self.log(
            f"gunicorn (pid {self.procs['gunicorn'].pid}), celery worker (pid {self.procs['worker'].pid}), "
            f"beat (pid {self.procs['beat'].pid}) up"
        )
        # A smoke request: the session, OTP and CSRF must work before faults mean anything.
        smoke = self.http.post_letter("smoke", 0, self.client_ids[0], self.t0)
        self.results.append(smoke)
        if smoke.kind != "accepted":
            raise HarnessError(
                f"smoke POST not accepted: status={smoke.status} error={smoke.error} "
                f"location={smoke.location!r} body={smoke.body_head!r}"
            )

    # -- SQL -------------------------------------------------------------------
    def sql_connect(self, dbname="faults"):
        import psycopg2

        return psycopg2.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname=dbname, connect_timeout=5)

    def sql_exec(self, statement, *, dbname="faults", autocommit=False):
        conn = self.sql_connect(dbname)
        try:
            conn.autocommit = autocommit
            with conn.cursor() as cur:
                cur.execute(statement)
            if not autocommit:
                conn.commit()
        finally:
            conn.close()

    def sql_rows(self, statement, params=()):
        conn = self.sql_connect()
        try:
            with conn.cursor() as cur:
                cur.execute(statement, params)
                return cur.fetchall()
        finally:
            conn.close()

    # -- scenarios -------------------------------------------------------------
    def burst_clients(self, k):
        # Distinct clients within a burst, so a fault's effects are not mixed up with the
        # same-client race (probed on its own by scenario_race).
        if k <= len(self.client_ids):
            return self.rng.sample(self.client_ids, k)
        return [self.rng.choice(self.client_ids) for _ in range(k)]

    def scenario_race(self, trial):
        """No fault: a few concurrent requests for ONE client (a double-click, two tabs).

        Each must get a letter with its own version; none may get a 500.
        """
        client_id = self.rng.choice(self.client_ids)
        load = Load(self.http, "r_same_client_race", trial, [client_id] * 3,
                    concurrency=3, pace=0.0, t0=self.t0).start()  # fmt: skip
        results = load.join()
        self.log(f"[r{trial}] 3 concurrent POSTs for client {client_id}: {self.summarize(results)}")
        self.results.extend(results)

    def summarize(self, results):
        counts = collections.Counter(r.kind for r in results)
        worst = max((r.elapsed for r in results), default=0)
        return " ".join(f"{k}={v}" for k, v in sorted(counts.items())) + f" max_latency={worst:.1f}s"

    def scenario_worker_kill(self, trial):
        load = Load(self.http, "a_worker_kill", trial, self.burst_clients(self.args.burst),
                    concurrency=4, pace=0.0, t0=self.t0).start()  # fmt: skip
        delay = self.rng.uniform(0, 1.5)
        time.sleep(delay)
        worker = self.procs["worker"]
        busy = self.sql_rows(f"SELECT count(*) FROM {self.brief_table} WHERE status = 'bezig'")[0][0]  # noqa: S608
        worker.kill()
        worker.killed_by_us += 1
        self.last_fault = f"a{trial} worker SIGKILL at +{time.monotonic() - self.t0:.1f}s"
        self.log(f"[a{trial}] SIGKILL worker group {worker.pid} at +{delay:.2f}s ({busy} letters 'bezig')")
        results = load.join()
        self.start_worker()
        self.log(f"[a{trial}] worker restarted (pid {worker.pid}); {self.summarize(results)}")
        self.results.extend(results)

    def scenario_redis_kill(self, trial):
        n = self.args.burst
        load = Load(self.http, "b_redis_kill", trial, self.burst_clients(n),
                    concurrency=2, pace=0.15, t0=self.t0).start()  # fmt: skip
        self.wait_for(lambda: load.done_count() >= max(1, n // 3), 60, "first third of the burst")
        redis = self.procs["redis"]
        redis.kill()
        redis.killed_by_us += 1
        self.last_fault = f"b{trial} redis kill -9 at +{time.monotonic() - self.t0:.1f}s"
        down = self.rng.uniform(0.5, 2.5)
        self.log(f"[b{trial}] kill -9 redis {redis.pid} after {load.done_count()} responses; down for {down:.1f}s")
        time.sleep(down)
        self.start_redis()
        self.log(f"[b{trial}] redis restarted (pid {redis.pid}, same dir, AOF)")
        results = load.join()
        self.log(f"[b{trial}] {self.summarize(results)}")
        self.results.extend(results)

    def scenario_pg_restart(self, trial):
        n = self.args.burst * 2
        load = Load(self.http, "c_pg_restart", trial, self.burst_clients(n),
                    concurrency=4, pace=0.1, t0=self.t0).start()  # fmt: skip
        time.sleep(self.rng.uniform(0.2, 0.8))
        started = time.monotonic()
        self.last_fault = f"c{trial} PostgreSQL restart at +{started - self.t0:.1f}s"
        if trial % 2:
            self.pg.restart_immediate()
            how = "pg_ctl restart -m immediate"
        else:
            self.pg.stop_immediate()
            outage = self.rng.uniform(1.0, 3.0)
            time.sleep(outage)
            self.pg.start()
            how = f"pg_ctl stop -m immediate, {outage:.1f}s down, pg_ctl start"
        self.log(f"[c{trial}] {how}: {time.monotonic() - started:.1f}s (postmaster pid {self.pg.postmaster_pid()})")
        results = load.join()
        self.results.extend(results)
        # The same gunicorn must serve /health/ 200 again, without a restart.
        back = time.monotonic()
        recovered = None
        deadline = back + 30
        while time.monotonic() < deadline:
            status, _ = self.http_anon.get("/health/")
            if status == 200:
                recovered = time.monotonic() - back
                break
            time.sleep(0.5)
        self.health_after_pg.append((trial, recovered))
        same = self.procs["gunicorn"].alive() and self.procs["gunicorn"].pid == self.gunicorn_master_pid
        self.log(
            f"[c{trial}] {self.summarize(results)}; /health/ 200 "
            + (f"{recovered:.1f}s after the load" if recovered is not None else "NOT within 30s")
            + ("" if same else " (gunicorn master changed!)")
        )

    # -- drain and check -------------------------------------------------------
    def drain(self):
        deadline = time.monotonic() + self.args.drain_timeout
        last = None
        while time.monotonic() < deadline:
            self.check_deadline()
            self.ensure_up("drain")
            try:
                rows = dict(self.sql_rows(f"SELECT status, count(*) FROM {self.brief_table} GROUP BY status"))  # noqa: S608
            except Exception as error:
                rows = {"sql_error": type(error).__name__}
            if rows != last:
                self.log(f"drain: {rows}")
                last = rows
            if "sql_error" not in rows and not rows.get("in_wachtrij") and not rows.get("bezig"):
                return True
            time.sleep(1)
        return False

    def check(self, drained):
        letters = self.sql_rows(
            f"SELECT id::text, source_type_id, source_id, kind, version, status, attempts, last_error, pdf, sha256, "  # noqa: S608
            f"client_id::text FROM {self.brief_table}"
        )
        dupes = self.sql_rows(
            f"SELECT source_type_id, source_id, kind, version, count(*) FROM {self.brief_table} "  # noqa: S608
            "GROUP BY 1, 2, 3, 4 HAVING count(*) > 1"
        )
        status_counts = collections.Counter(row[5] for row in letters)
        per_client_letters = collections.Counter(row[10] for row in letters)

        accepted = collections.Counter(r.client_id for r in self.results if r.kind == "accepted")
        uncertain = collections.Counter(r.client_id for r in self.results if r.kind != "accepted")
        lost = sum(max(0, accepted[c] - per_client_letters[c]) for c in set(accepted) | set(per_client_letters))
        extra = sum(
            max(0, per_client_letters[c] - accepted[c] - uncertain[c]) for c in set(per_client_letters) | set(accepted)
        )
        from_uncertain = sum(min(uncertain[c], max(0, per_client_letters[c] - accepted[c])) for c in per_client_letters)

        brieven = self.media / "brieven"
        files = sorted(p.name for p in brieven.iterdir()) if brieven.is_dir() else []
        referenced = {row[8] for row in letters if row[8]}
        orphans = [f for f in files if f"brieven/{f}" not in referenced]
        misnamed, missing, bad_hash = [], [], []
        for row in letters:
            pk, pdf, sha = row[0], row[8], row[9]
            if row[5] != "klaar":
                continue
            if pdf != f"brieven/{pk}.pdf":
                misnamed.append((pk, pdf))
            path = self.media / pdf if pdf else None
            if not path or not path.is_file():
                missing.append((pk, pdf))
            elif hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                bad_hash.append(pk)

        kinds = collections.Counter(r.kind for r in self.results)
        tracebacks = [r for r in self.results if r.traceback]
        unexpected = [r for r in self.results if r.kind not in ("accepted", "503", "conn_error")]
        health_final = self.http_anon.get("/health/")[0]
        gunicorn_same = self.procs["gunicorn"].alive() and self.procs["gunicorn"].pid == self.gunicorn_master_pid
        recovered = (
            health_final == 200
            and gunicorn_same
            and all(seconds is not None for _trial, seconds in self.health_after_pg)
        )
        not_klaar = [row for row in letters if row[5] != "klaar"]

        failures = []
        if not drained:
            failures.append(f"queue not drained within {self.args.drain_timeout}s")
        if lost:
            failures.append(f"{lost} accepted request(s) have no letter")
        if extra:
            failures.append(f"{extra} letter(s) more than requests could explain")
        if dupes:
            failures.append(f"duplicate (source, kind, version): {dupes}")
        if not_klaar:
            failures.append(f"{len(not_klaar)} letter(s) not 'klaar'")
        if misnamed:
            failures.append(f"{len(misnamed)} letter(s) whose pdf is not brieven/<id>.pdf: {misnamed[:5]}")
        if missing:
            failures.append(f"{len(missing)} 'klaar' letter(s) without a PDF file: {missing[:5]}")
        if bad_hash:
            failures.append(f"{len(bad_hash)} PDF(s) whose sha256 differs from the row: {bad_hash[:5]}")
        if orphans:
            failures.append(f"{len(orphans)} PDF file(s) without a letter: {orphans[:5]}")
        if tracebacks:
            failures.append(f"{len(tracebacks)} response(s) with a traceback marker")
        if unexpected:
            by = collections.Counter((r.scenario, r.kind) for r in unexpected)
            failures.append(f"{len(unexpected)} response(s) neither 302, our 503 nor a connection error: {dict(by)}")
        if not recovered:
            failures.append(
                f"not recovered: final /health/={health_final}, gunicorn master unchanged={gunicorn_same}, "
                f"after each PostgreSQL restart={self.health_after_pg}"
            )
        if self.unexpected_exits:
            failures.append(f"services exited by themselves: {self.unexpected_exits}")

        trials = self.args.trials * 3
        print(
            f"faults: trials={trials}, requests={len(self.results)}, accepted={kinds['accepted']}, "
            f"503={kinds['503']}, conn_errors={kinds['conn_error']}, 500={kinds['unexpected_500']}, "
            f"unexpected={len(unexpected)}, "
            f"letters={len(letters)}, from_uncertain={from_uncertain}, klaar={status_counts['klaar']}, "
            f"mislukt={status_counts['mislukt']}, pdf_files={len(files)}, orphans={len(orphans)}, "
            f"misnamed={len(misnamed)}, duplicates={len(dupes)}, lost={lost}, extra={extra}, "
            f"tracebacks={len(tracebacks)}, recovered={'yes' if recovered else 'no'}",
            flush=True,
        )
        per_scenario = collections.defaultdict(collections.Counter)
        for r in self.results:
            per_scenario[r.scenario][r.kind] += 1
        for scenario, counts in sorted(per_scenario.items()):
            lat = max(r.elapsed for r in self.results if r.scenario == scenario)
            print(f"  {scenario}: {dict(counts)} max_latency={lat:.1f}s", flush=True)
        attempts = collections.Counter(row[6] for row in letters)
        print(f"  attempts per letter: {dict(sorted(attempts.items()))}", flush=True)
        if self.known_upstream_exits:
            print(
                f"  worker restarts from kombu's close bug after a Redis kill (allowed, counted): "
                f"{len(self.known_upstream_exits)}",
                flush=True,
            )
        for trial, seconds in self.health_after_pg:
            print(f"  /health/ after PostgreSQL restart c{trial}: "
                  + (f"200 after {seconds:.1f}s" if seconds is not None else "no 200"), flush=True)  # fmt: skip

        self._write_evidence(letters, unexpected, tracebacks)
        if failures:
            print("FAILED invariants:", flush=True)
            for failure in failures:
                print(f"  - {failure}", flush=True)
            self._print_evidence(not_klaar, unexpected, tracebacks, misnamed, orphans)
        return not failures

    def _write_evidence(self, letters, unexpected, tracebacks):
        with open(self.tmp / "responses.jsonl", "w") as f:
            for r in self.results:
                f.write(json.dumps({**r.__dict__, "kind": r.kind}) + "\n")
        with open(self.tmp / "letters.tsv", "w") as f:
            f.write("id\tsource_type\tsource_id\tkind\tversion\tstatus\tattempts\tlast_error\tpdf\tsha256\tclient\n")
            for row in letters:
                f.write("\t".join(str(v) for v in row) + "\n")

    def _last_critical(self, name):
        lines = self._grep_log(name, ("CRITICAL", "Unrecoverable"), limit=1000)
        return lines[-1][:300] if lines else "no CRITICAL line in its log"

    def _grep_log(self, name, needles, limit=15):
        path = self.tmp / name
        if not path.exists():
            return []
        lines = path.read_text(errors="replace").splitlines()
        return [line for line in lines if any(n in line for n in needles)][:limit]

    def _print_evidence(self, not_klaar, unexpected, tracebacks, misnamed, orphans):
        print(f"evidence (kept in {self.tmp}: responses.jsonl, letters.tsv, *.log):", flush=True)
        for row in not_klaar[:10]:
            print(f"  letter {row[0]} status={row[5]} attempts={row[6]} last_error={row[7]!r} pdf={row[8]!r}")
        for r in (unexpected + tracebacks)[:10]:
            print(f"  response {r.scenario}#{r.trial} status={r.status} t=+{r.started:.2f}s "
                  f"elapsed={r.elapsed:.2f}s body={r.body_head[:160]!r}")  # fmt: skip
        for pk, pdf in misnamed[:5]:
            print(f"  misnamed: letter {pk} pdf={pdf!r}")
        for name in orphans[:5]:
            print(f"  orphan file: brieven/{name}")
        for log in ("gunicorn.log", "worker.log", "beat.log"):
            for line in self._grep_log(log, ("CRITICAL", "Unrecoverable", "ERROR django.request"), limit=6):
                print(f"  {log}: {line[:240]}")
            # The exceptions behind them, most frequent first (final line of each traceback).
            path = self.tmp / log
            if path.exists():
                final = collections.Counter(
                    line.strip()[:200]
                    for line in path.read_text(errors="replace").splitlines()
                    if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupted)\b: ", line)
                )
                for line, count in final.most_common(6):
                    print(f"  {log}: {count}x {line}")
        sys.stdout.flush()

    # -- main ------------------------------------------------------------------
    def run(self):
        self.setup()
        scenarios = [("r", self.scenario_race)] if not self.args.skip_race else []
        scenarios += [
            ("a", self.scenario_worker_kill),
            ("b", self.scenario_redis_kill),
            ("c", self.scenario_pg_restart),
        ]
        for name, scenario in scenarios:
            for trial in range(1, self.args.trials + 1):
                self.check_deadline()
                scenario(trial)
                self.ensure_up(f"end of {name}{trial}")
                pause_until = time.monotonic() + self.rng.uniform(0.5, 2.0)
                while time.monotonic() < pause_until:
                    time.sleep(0.25)
                    self.ensure_up(f"pause after {name}{trial}")
        self.log("faults done; draining (beat's sweep publishes again what was lost)")
        drained = self.drain()
        return self.check(drained)

    def cleanup(self, keep):
        for name in ("gunicorn", "beat", "worker", "redis"):
            proc = self.procs.get(name)
            if proc:
                try:
                    proc.kill()
                except Exception as error:
                    print(f"cleanup: {name}: {error}", file=sys.stderr)
        self.pg.cleanup()
        self.events.close()
        if keep:
            print(f"logs and data kept in {self.tmp}", flush=True)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=4, help="trials per fault scenario (default 4)")
    parser.add_argument("--burst", type=int, default=10, help="letter requests per burst (default 10)")
    parser.add_argument("--clients", type=int, default=50, help="clients of the werkcoach (default 50)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random, printed)")
    parser.add_argument("--drain-timeout", type=float, default=120.0, help="seconds to wait for the queue")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="hard limit for the whole run")
    parser.add_argument("--skip-race", action="store_true", help="skip the same-client concurrency probe")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs, data) even on success")
    parser.add_argument("--setup-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.setup_child:
        setup_child(args.setup_child, args.clients)
        return 0
    if not 1 <= args.trials <= 20 or not 1 <= args.burst <= 50:
        parser.error("--trials must be 1..20 and --burst 1..50")
    if os.geteuid() != 0:
        parser.error("run as root: the private PostgreSQL cluster is started as the 'postgres' user via runuser")
    if args.seed is None:
        args.seed = secrets.randbelow(1_000_000)

    def interrupt(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    def alarm(_signum, _frame):
        raise HarnessError("hard time limit reached")

    # Explicit, also for SIGINT: a child started in the background inherits SIGINT ignored.
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)
    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(int(args.max_seconds + args.drain_timeout + 60))

    started = time.monotonic()
    run = FaultRun(args)
    print(f"faults: seed={args.seed} trials={args.trials} burst={args.burst} tmp={run.tmp}", flush=True)
    ok, code = False, 2
    try:
        ok = run.run()
        code = 0 if ok else 1
    except KeyboardInterrupt:
        print("interrupted; cleaning up", file=sys.stderr)
        code = 130
    except HarnessError as error:
        print(f"harness error: {error}", file=sys.stderr)
        code = 2
    except Exception:
        import traceback

        traceback.print_exc()
        code = 2
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # finish the cleanup even on a second Ctrl-C
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        run.cleanup(keep=args.keep or not ok)
        print(f"faults: {'PASS' if ok else 'FAIL'} in {time.monotonic() - started:.0f}s (exit {code})", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
