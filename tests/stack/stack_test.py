"""The stack test: the deployed topology does letters and exports with no file on any node's disk.

Run by `tests/stack/stack.py --test` (and by CI through tests/test_stack.py):

1. log in as the demo werkcoach through web node A (password, then the TOTP code that
   the demo code page shows), request a progress report for a client,
2. wait for the worker, download the PDF through web node B and compare its SHA-256 with
   the database,
3. log in as the teamleider through A, run an export and download it through A,
4. check that no node's MEDIA_ROOT holds a file and the bucket holds exactly those files,
5. faults: a burst of letters through both nodes while web node B is stopped (a load
   balancer sends what B refused to A) and the worker is SIGKILLed and restarted: every
   letter exactly once, all ready, one object each, no orphan object.

`stack.py --test --local-files` runs the same without the object store (each process keeps
files on its own disk, as docker-compose did before): the downloads answer 500 and it fails.
"""

# Loopback HTTP to our own stack; SQL only with UUIDs matched by a regex from our own pages:
# ruff: noqa: S608

from __future__ import annotations

import hashlib
import http.cookiejar
import re
import shutil
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from tests.stack.stack import BUCKET, WEB_PORTS, HarnessError, Stack


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person's browser: one cookie jar, any node (the session lives in PostgreSQL)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, node, path, data=None, timeout=30):
        port = node if isinstance(node, int) else WEB_PORTS[node]
        url = f"http://127.0.0.1:{port}{path}"
        body = None
        headers = {"Referer": url}
        if data is not None:
            data = {"csrfmiddlewaretoken": self.csrf(), **data}
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(url, data=body, headers=headers, method="POST" if data is not None else "GET")
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self, node, username):
        self.request(node, "/account/inloggen/")
        status, _headers, _ = self.request(
            node, "/account/inloggen/", {"username": username, "password": "demo-wachtwoord"}
        )
        if status != 302:
            raise HarnessError(f"login of {username} through node {node}: {status}")
        status, _, page = self.request(node, "/account/tweestapsverificatie/")
        code = re.search(rb"de code is nu <strong>(\d{6})</strong>", page)
        if not code:
            raise HarnessError(f"no demo code on the code page through node {node} ({status})")
        status, _headers, _ = self.request(node, "/account/tweestapsverificatie/", {"token": code.group(1).decode()})
        if status != 302:
            raise HarnessError(f"code of {username} refused through node {node}: {status}")


def _wait(stack, what, predicate, seconds=120):
    stack.wait_for(predicate, seconds, what)


def _letter_flow(stack, failures):
    coach = Browser()
    coach.login("a", "coach")
    stack.log("werkcoach logged in through node A (password + TOTP code)")
    status, _, page = coach.request("a", "/clienten/")
    client_ids = sorted(set(re.findall(rb"/clienten/([0-9a-f-]{36})/", page)))
    if status != 200 or not client_ids:
        raise HarnessError(f"caseload through node A: {status}, {len(client_ids)} clients")
    client_id = client_ids[0].decode()
    before = {row[0] for row in stack.sql(f"SELECT id FROM documents_brief WHERE client_id = '{client_id}'")}
    status, _headers, _ = coach.request("a", f"/clienten/{client_id}/voortgangsrapportage/", {})
    if status != 302:
        raise HarnessError(f"letter request through node A answered {status}")
    rows = [
        r for r in stack.sql(f"SELECT id FROM documents_brief WHERE client_id = '{client_id}'") if r[0] not in before
    ]
    if len(rows) != 1:
        raise HarnessError(f"expected one new letter, found {len(rows)}")
    brief_id = rows[0][0]
    letter_status = f"SELECT status FROM documents_brief WHERE id = '{brief_id}'"
    _wait(stack, "the worker to render the letter", lambda: stack.sql(letter_status)[0][0] == "klaar")
    sha = stack.sql(f"SELECT sha256 FROM documents_brief WHERE id = '{brief_id}'")[0][0]
    status, _headers, pdf = coach.request("b", f"/brieven/{brief_id}/download/")
    ok = status == 200 and pdf.startswith(b"%PDF-") and hashlib.sha256(pdf).hexdigest() == sha
    stack.log(f"letter {brief_id}: rendered by the worker, downloaded through node B: {status}, {len(pdf)} bytes")
    if not ok:
        failures.append(
            f"letter download through node B: status {status}, sha256 match {hashlib.sha256(pdf).hexdigest() == sha}"
        )
    status, _, _ = coach.request("b", f"/brieven/{brief_id}/download/".replace(brief_id[:8], "00000000"))
    if status != 404:
        failures.append(f"an unknown letter answered {status}, not 404")
    return coach, client_ids


def _export_flow(stack, failures):
    leader = Browser()
    leader.login("a", "teamleider")
    status, headers, _ = leader.request("a", "/rapportage/exports/", {"kind": "clienten_csv", "coach": ""})
    match = re.search(r"/rapportage/exports/([0-9a-f-]{36})/", headers.get("Location", "") if headers else "")
    if status != 302 or not match:
        raise HarnessError(
            f"export request through node A answered {status} {headers.get('Location') if headers else ''}"
        )
    export_id = match.group(1)
    export_status = f"SELECT status FROM reports_export WHERE id = '{export_id}'"
    _wait(stack, "the worker to make the export", lambda: stack.sql(export_status)[0][0] == "klaar")
    status, headers, body = leader.request("a", f"/rapportage/exports/{export_id}/download/")
    text = body.decode("utf-8-sig", "replace")
    numbers = {row[0] for row in stack.sql("SELECT client_number FROM clients_client")}
    found = set(re.findall(r"^(\d+);", text, flags=re.M))
    stack.log(f"export {export_id}: made by the worker, downloaded through node A: {status}, {len(found)} clients")
    if status != 200 or not found or not found <= numbers:
        failures.append(f"export download through node A: status {status}, {len(found)} rows, {len(numbers)} expected")
    return export_id


def _burst(stack, browser, client_ids, failures):
    """Letters through both nodes while node B stops and the worker is killed; a load balancer retries on A."""
    results, lock = [], threading.Lock()

    def one(i, client_id):
        node = "ab"[i % 2]
        for attempt in range(2):
            try:
                status, _, _ = browser.request(node, f"/clienten/{client_id}/voortgangsrapportage/", {}, timeout=30)
            except (urllib.error.URLError, ConnectionError) as error:
                if attempt == 0 and node == "b":
                    node = "a"  # connection refused: the request never reached B
                    continue
                status = f"error {type(error).__name__}"
            with lock:
                results.append((client_id, status))
            return

    before_ids = {row[0] for row in stack.sql("SELECT id FROM documents_brief")}
    before = len(before_ids)
    threads = []
    for i, client_id in enumerate(client_ids):
        thread = threading.Thread(target=one, args=(i, client_id), daemon=True)
        thread.start()
        threads.append(thread)
        if i == len(client_ids) // 3:
            stack.procs["web-b"].kill(signal.SIGTERM)  # graceful: B finishes what it accepted
            stack.log("web node B stopped (SIGTERM) during the burst")
        if i == len(client_ids) // 2:
            stack.procs["worker"].kill(signal.SIGKILL)
            stack.log("worker SIGKILLed during the burst")
        time.sleep(0.05)
    for thread in threads:
        thread.join(60)
    stack.start_worker(0)
    stack.start_web("b")
    accepted = [c for c, status in results if status == 302]
    stack.log(f"burst: {len(results)} requests, {len(accepted)} accepted; waiting until every letter is ready")
    expected = before + len(accepted)

    def all_ready():
        rows = stack.sql("SELECT status, count(*) FROM documents_brief GROUP BY status")
        counts = {status: int(n) for status, n in rows}
        return sum(counts.values()) >= expected and set(counts) == {"klaar"}

    _wait(stack, "every burst letter to be ready", all_ready, seconds=240)
    total = int(stack.sql("SELECT count(*) FROM documents_brief")[0][0])
    new_per_client = {}
    for letter_id, client_id in stack.sql("SELECT id, client_id FROM documents_brief"):
        if letter_id not in before_ids:
            new_per_client[client_id] = new_per_client.get(client_id, 0) + 1
    doubled = {c: n for c, n in new_per_client.items() if n != 1}
    lost = set(accepted) - set(new_per_client)
    if len(accepted) != len(results):
        failures.append(f"{len(results) - len(accepted)} letter requests not accepted: {results}")
    if total != expected:
        failures.append(f"{total} letters in the database, {expected} expected (lost or doubled)")
    if doubled or lost:
        failures.append(f"letters doubled {doubled} or lost {sorted(lost)}")
    stack.log(f"burst: {total - before} new letters for {len(accepted)} accepted requests, all ready")


def run_test(*, local_files=False) -> int:
    stack = Stack(local_files=local_files)
    failures: list[str] = []
    try:
        stack.start()
        coach, client_ids = _letter_flow(stack, failures)
        _export_flow(stack, failures)
        _burst(stack, coach, [c.decode() for c in client_ids][:12], failures)

        letters = {f"brieven/{row[0]}.pdf" for row in stack.sql("SELECT id FROM documents_brief")}
        exports = {row[0] for row in stack.sql("SELECT file FROM reports_export WHERE status = 'klaar'")}
        # The dossier's documents (the demo client's cv) and inzage zips live in the same bucket.
        documents = {row[0] for row in stack.sql("SELECT file FROM dossier_document WHERE file <> ''")}
        inzage = {row[0] for row in stack.sql("SELECT file FROM privacy_inzageverzoek WHERE file <> ''")}
        known = letters | exports | documents | inzage
        objects = set(stack.s3.keys(BUCKET))
        if objects != known:
            failures.append(
                f"bucket and database differ: missing {sorted(known - objects)}, orphans {sorted(objects - known)}"
            )
        stray = stack.local_files()
        if stray:
            failures.append(f"files on a node's local disk: {stray}")
        stack.log(f"bucket holds {len(objects)} objects = {len(letters)} letters + {len(exports)} export(s) "
                  f"+ {len(documents)} document(s) + {len(inzage)} inzage zip(s); "
                  f"local files on web A, web B, worker, beat: {len(stray)}")  # fmt: skip
    except Exception as error:
        print(f"[stack] could not run: {type(error).__name__}: {error} (logs in {stack.root})", flush=True)
        return 2
    finally:
        stack.stop()
    for failure in failures:
        print(f"[stack] FAIL: {failure}", flush=True)
    if failures:
        print(f"[stack] FAILED: logs in {stack.root}", flush=True)
        return 1
    shutil.rmtree(stack.root, ignore_errors=True)
    print("[stack] ok: every check held", flush=True)
    return 0
