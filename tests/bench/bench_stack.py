#!/usr/bin/env python
"""Figures for the deployed topology (make bench-stack): prints numbers, asserts nothing about speed.

On the stack of tests/stack/stack.py (private PostgreSQL, Redis, moto S3, gunicorn nodes with
2 processes x 2 threads each, Celery workers with 2 processes each), all on this one machine:

- caseload requests per second through 1 web node and through 2 (round-robin), next to the
  floor of the same run: /health/ through 1 node;
- letters per second rendered by 1 worker and by 2 (letters queued while no worker runs);
- a letter download through the object store (node A) against the same PDF from local disk
  (node C: the same app with STORAGE_URL unset and the PDF in its MEDIA_ROOT), as a ratio.

The machine has few cores; a second node or worker on the same cores shows the cost of the
topology, not the gain on separate machines. Read docs/deploy.md for how to use these figures.
"""

# A harness on loopback ports; SQL only with ids read from our own database:
# ruff: noqa: S608

from __future__ import annotations

import re
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.stack.stack import BUCKET, Stack  # noqa: E402
from tests.stack.stack_test import Browser  # noqa: E402

REQUESTS = 120
CONCURRENCY = 8
LETTERS = 24
DOWNLOADS = 60
LOCAL_PORT = 18703


def rate(browser, targets, path, n=REQUESTS, concurrency=CONCURRENCY):
    """Requests per second for n GETs of path, spread round-robin over targets, `concurrency` at once."""
    errors, lock, gate = [], threading.Lock(), threading.Semaphore(concurrency)

    def one(i):
        try:
            status, _, _ = browser.request(targets[i % len(targets)], path, timeout=60)
            if status != 200:
                with lock:
                    errors.append(status)
        finally:
            gate.release()

    # Warm-up: each node's processes load templates and open their connections.
    for target in targets:
        for _ in range(4):
            browser.request(target, path, timeout=60)
    threads = []
    start = time.perf_counter()
    for i in range(n):
        gate.acquire()
        thread = threading.Thread(target=one, args=(i,), daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(120)
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} of {n} requests to {path} failed: {errors[:5]}")
    return n / elapsed


def letters_per_second(stack, browser, client_ids, workers):
    """Queue LETTERS letters with no worker running, start `workers` workers, time until all are ready."""
    for name in [n for n in stack.procs if n.startswith("worker")]:
        stack.procs.pop(name).kill()
    before = {row[0] for row in stack.sql("SELECT id FROM documents_brief")}
    for i in range(LETTERS):
        status, _, _ = browser.request("a", f"/clienten/{client_ids[i % len(client_ids)]}/voortgangsrapportage/", {})
        if status != 302:
            raise RuntimeError(f"letter request answered {status}")
    new = [row[0] for row in stack.sql("SELECT id FROM documents_brief") if row[0] not in before]
    ids = ", ".join(f"'{i}'" for i in new)
    start = time.perf_counter()
    for n in range(workers):
        stack.start_worker(n)
    stack.wait_for(
        lambda: (
            stack.sql(f"SELECT count(*) FROM documents_brief WHERE status = 'klaar' AND id IN ({ids})")[0][0]
            == str(len(new))
        ),
        600,
        "the letters to be rendered",
    )
    return len(new) / (time.perf_counter() - start)


def download_seconds(browser, target, path, n=DOWNLOADS):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        status, _, body = browser.request(target, path, timeout=60)
        times.append(time.perf_counter() - start)
        if status != 200 or not body.startswith(b"%PDF-"):
            raise RuntimeError(f"download from {target} answered {status}")
    return statistics.median(times)


def main():
    stack = Stack(fast_sweeps=False)
    try:
        stack.start()
        coach = Browser()
        coach.login("a", "coach")
        _, _, page = coach.request("a", "/clienten/")
        client_ids = sorted({m.decode() for m in re.findall(rb"/clienten/([0-9a-f-]{36})/", page)})
        print(f"\n== caseload of the demo werkcoach ({len(client_ids)} clients), {REQUESTS} requests, "
              f"{CONCURRENCY} at once", flush=True)  # fmt: skip
        floor = rate(coach, ["a"], "/health/")
        one = rate(coach, ["a"], "/clienten/")
        two = rate(coach, ["a", "b"], "/clienten/")
        print(f"  floor /health/ through 1 node : {floor:7.1f} requests/s")
        print(f"  caseload through 1 web node   : {one:7.1f} requests/s  ({one / floor:.2f} x floor)")
        print(f"  caseload through 2 web nodes  : {two:7.1f} requests/s  ({two / one:.2f} x 1 node)")

        print(f"\n== letters: {LETTERS} progress reports queued, then rendered", flush=True)
        w1 = letters_per_second(stack, coach, client_ids, 1)
        w2 = letters_per_second(stack, coach, client_ids, 2)
        print(f"  1 worker  (2 processes)        : {w1:6.2f} letters/s")
        print(f"  2 workers (2 processes each)   : {w2:6.2f} letters/s  ({w2 / w1:.2f} x 1 worker)")

        print(f"\n== one letter downloaded {DOWNLOADS} times: object store against local disk", flush=True)
        letter_id = stack.sql("SELECT id FROM documents_brief WHERE status = 'klaar' ORDER BY rendered_at LIMIT 1")[0][
            0
        ]
        key = f"brieven/{letter_id}.pdf"
        local_dir = stack.root / "web-c" / "media" / "brieven"
        local_dir.mkdir(parents=True)
        (local_dir / f"{letter_id}.pdf").write_bytes(
            stack.s3.client().get_object(Bucket=BUCKET, Key=key)["Body"].read()
        )
        stack.start_web("c", port=LOCAL_PORT, extra_env={"STORAGE_URL": ""})
        path = f"/brieven/{letter_id}/download/"
        s3 = download_seconds(coach, "a", path)
        local = download_seconds(coach, LOCAL_PORT, path)
        size = (local_dir / f"{letter_id}.pdf").stat().st_size
        print(f"  local disk (node C)            : {local * 1000:6.1f} ms median ({size} bytes)")
        print(f"  object store (node A)          : {s3 * 1000:6.1f} ms median  ({s3 / local:.2f} x local disk)")
        print("\n(2 CPU cores shared by every process of the stack and by other work on this machine)")
    finally:
        stack.stop()
        shutil.rmtree(stack.root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
