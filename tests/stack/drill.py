"""The restore drill against the stack (make restore-drill): backup, disaster, restore, a letter downloads.

1. The stack runs; a werkcoach requests a letter through node A and the worker renders it;
   a teamleider has an export made.
2. scripts/restore_drill.py backup: pg_dump of the database and every object of the bucket.
3. The disaster: every object in the live bucket is deleted.
4. scripts/restore_drill.py restore into a NEW database and a NEW bucket, then `check`
   (every ready letter and export readable with its checksum).
5. A fresh web node R (own directory, empty MEDIA_ROOT) on the restored database and bucket:
   the werkcoach logs in through R and downloads the letter; its SHA-256 matches.
Exit 0 when all of it holds.
"""

# Local processes and loopback HTTP:
# ruff: noqa: S603, S607

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time

from tests.stack.stack import BUCKET, DATABASE, PG_PORT, PYTHON, REPO, HarnessError, Stack
from tests.stack.stack_test import Browser, _export_flow, _letter_flow

RESTORE_PORT = 18704
RESTORE_DB = f"{DATABASE}_restore"
RESTORE_BUCKET = f"{BUCKET}-restore"


def _run(argv, env, stack, name):
    with open(stack.root / f"{name}.log", "ab") as log:
        result = subprocess.run(argv, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, timeout=600)
    output = (stack.root / f"{name}.log").read_text(errors="replace")
    if result.returncode != 0:
        raise HarnessError(f"{' '.join(map(str, argv[1:3]))} failed ({result.returncode}):\n{output[-2000:]}")
    return output


def run_drill() -> int:
    stack = Stack()
    failures = []
    try:
        stack.start()
        _letter_flow(stack, failures)
        _export_flow(stack, failures)
        letter_id, sha = stack.sql(
            "SELECT id, sha256 FROM documents_brief WHERE status = 'klaar' ORDER BY rendered_at DESC LIMIT 1"
        )[0]
        live = stack.env(stack.root)
        backup_dir = stack.root / "backup"
        out = _run([str(PYTHON), "scripts/restore_drill.py", "backup", "--out", str(backup_dir)], live, stack, "backup")
        stack.log(out.strip().splitlines()[-1])

        s3 = stack.s3.client()
        for key in stack.s3.keys(BUCKET):
            s3.delete_object(Bucket=BUCKET, Key=key)
        stack.log(f"disaster: every object deleted from bucket '{BUCKET}'")

        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-c", f"CREATE DATABASE {RESTORE_DB}"],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip
        restored = {
            **live,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/{RESTORE_DB}",
            "STORAGE_URL": stack.s3.url(RESTORE_BUCKET),
        }
        out = _run([str(PYTHON), "scripts/restore_drill.py", "restore", "--from", str(backup_dir)], restored, stack,
                   "restore")  # fmt: skip
        stack.log(out.strip().splitlines()[-1])
        out = _run([str(PYTHON), "scripts/restore_drill.py", "check"], restored, stack, "check")
        stack.log("check: " + "; ".join(line for line in out.splitlines() if line.startswith(("letters", "exports"))))

        stack.start_web("r", port=RESTORE_PORT, extra_env={k: restored[k] for k in ("DATABASE_URL", "STORAGE_URL")})
        browser = Browser()
        deadline = time.monotonic() + 45
        while True:  # the code used for the live login is spent for this 30-second step
            try:
                browser.login(RESTORE_PORT, "coach")
                break
            except HarnessError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(3)
        status, _, pdf = browser.request(RESTORE_PORT, f"/brieven/{letter_id}/download/")
        match = status == 200 and hashlib.sha256(pdf).hexdigest() == sha
        stack.log(f"restored node R: letter {letter_id} downloads: {status}, {len(pdf)} bytes, checksum "
                  f"{'matches' if match else 'DIFFERS'}")  # fmt: skip
        if not match:
            failures.append("the restored letter did not download with its checksum")
        if stack.local_files():
            failures.append(f"files on a node's local disk: {stack.local_files()}")
    except Exception as error:
        print(f"[drill] could not run: {type(error).__name__}: {error} (logs in {stack.root})", flush=True)
        return 2
    finally:
        stack.stop()
    for failure in failures:
        print(f"[drill] FAIL: {failure}", flush=True)
    if failures:
        return 1
    shutil.rmtree(stack.root, ignore_errors=True)
    print("[drill] ok: the database and the bucket were restored and the letter downloads", flush=True)
    return 0
