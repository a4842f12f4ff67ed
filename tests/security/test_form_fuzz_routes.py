"""Hostile input into EVERY route that accepts POST, from the URL list: no 500, no raw echo, nothing half-written.

test_form_fuzz.py fuzzes the client forms and the login in depth (DETAILED below).
Here every other POST route gets the same properties with one line in FUZZED:

    "app:route-name": Form("coach"),                       # its own GET page has the form
    "app:route-name": Form("coach", page="app:other-page"), # POST-only: the page with its button

The fields are read from the rendered page like a browser would (form_pages.py):
each <form method="post"> whose action is the route. Every example posts the
page's values with one, a few or all of them hostile (XSS, huge, NUL, odd Unicode,
impossible dates, numbers that are not numbers, choices that do not exist), or
short payloads in every text field so that they are stored and shown again, plus
a field the form does not know. For every POST:

* no answer is a server error (the test client re-raises an unhandled exception);
* no posted HTML payload comes back unescaped, neither in the answer nor on the
  page a redirect leads to, and a redirect stays on this site;
* an answer that is not a redirect (the form again, 403, 404, 405, 409) wrote
  nothing: every table is as it was (tests/dbstate.py).

``test_every_post_route_is_fuzzed`` fails when a route that accepts POST (MATRIX in
tests/test_access_matrix.py) is in neither FUZZED nor DETAILED, and prints the line to add.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.auth import login, login_password_only
from tests.dbstate import changed_tables, db_fingerprint
from tests.security.form_pages import forms_posting_to
from tests.security.test_form_fuzz import (
    Field,
    assert_local_redirect,
    assert_safe_page,
    booleans,
    choices,
    dates,
    datetimes,
    emails,
    form_data,
    hostile_text,
    numbers,
    stored_text,
)
from tests.test_access_matrix import (
    KIND,
    MATRIX,
    QUERY,
    world,  # noqa: F401 (the fixture)
)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@dataclass(frozen=True)
class Form:
    """Who posts (a matrix role, "anonymous", "manager" or "password_only"), and where the form is shown."""

    role: str
    page: str | None = None  # a route whose GET page holds the form; None: the route itself (if it answers GET)
    may_write: tuple = ()  # tables a refused POST may still write (a failed-login counter, say)


# Fuzzed in depth in tests/security/test_form_fuzz.py.
DETAILED = {
    "clients:client-create",
    "clients:client-update",
    "clients:contactmoment-create",
    "clients:afspraak-create",
    "clients:afspraak-outcome",
    "clients:client-reassign",
    "clients:team-overview",
    "clients:caseload",
    "accounts:login",
}

# A failed login is counted (axes); every page that shows client data, the form shown again too,
# writes an access-log row (ASVS 8.3.5, tested in tests/audit). Neither is a half-written row.
ALWAYS_MAY_WRITE = ("axes_accessattempt", "axes_accessfailurelog", "axes_accesslog", "audit_accesslog")

# One line per route that accepts POST.
FUZZED = {
    "accounts:logout": Form("anonymous"),
    "accounts:password-reset": Form("anonymous"),
    "accounts:activate": Form("anonymous"),
    "accounts:otp-verify": Form("password_only", may_write=("otp_totp_totpdevice",)),
    "accounts:otp-setup": Form("password_only", may_write=("otp_totp_totpdevice",)),
    "accounts:account-unlock": Form("teamleider"),  # its button shows only for a locked account; no fields
    "clients:portal-invite": Form("coach", page="clients:client-detail"),
    "clients:overdracht-acknowledge": Form("coach", page="clients:client-detail"),
    "clients:taak-done": Form("coach", page="clients:client-detail"),
    "clients:afspraak-invite": Form("coach"),
    "clients:progress-report": Form("coach", page="clients:client-detail"),
    "documents:brief-retry": Form("coach", page="clients:client-detail"),
    "intake:intake-start": Form("coach", page="clients:client-detail"),
    # "Afronden" with something missing is refused (200, what is missing is named), and by design the
    # typed draft is kept: intake_complete saves it first (intake/services.py), with its field history.
    "intake:intake-edit": Form(
        "coach",
        may_write=(
            "intake_intake",
            "intake_intake_target_occupations",
            "intake_leefgebiedscore",
            "privacy_intakeevent",
            "privacy_leefgebiedscoreevent",
            "pghistory_context",
        ),
    ),
    "intake:trede-create": Form("coach"),
    "portal:plan": Form("client"),
    "portal:afspraak-confirm": Form("client", page="portal:afspraken"),
    "portal:afspraak-cancel": Form("client"),
    "portal:afspraak-move-request": Form("client"),
    "clients:afspraak-move": Form("coach"),
    "portal:actie-done": Form("client"),
    "portal:intake": Form("client"),
    "portal:klacht-create": Form("client"),
    "portal:bezwaar-create": Form("client"),
    "trajecten:plan-create": Form("coach", page="trajecten:plan-detail"),
    "trajecten:plan-edit": Form("coach"),
    "trajecten:plan-status": Form("coach", page="trajecten:plan-detail"),
    "trajecten:plan-version": Form("coach", page="trajecten:plan-detail"),
    "trajecten:doel-create": Form("coach"),
    "trajecten:doel-edit": Form("coach"),
    "trajecten:doelen-from-intake": Form("coach", page="trajecten:plan-detail"),
    "trajecten:doel-delete": Form("coach", page="trajecten:plan-detail"),
    "trajecten:actie-create": Form("coach"),
    "trajecten:actie-edit": Form("coach"),
    "trajecten:actie-delete": Form("coach", page="trajecten:plan-detail"),
    "trajecten:actie-done": Form("coach"),
    "trajecten:traject-create": Form("coach"),
    "trajecten:traject-status": Form("coach"),
    "trajecten:report-create": Form("aanbieder"),
    "trajecten:uitstroom-create": Form("coach"),
    "trajecten:uitstroom-followup": Form("coach"),
    "vacatures:vacature-create": Form("manager"),
    "vacatures:vacature-update": Form("manager"),
    "vacatures:voordracht-create": Form("coach", page="vacatures:vacature-detail"),
    "vacatures:voordracht-detail": Form("coach"),
    "vacatures:voordracht-start-work": Form("coach"),
    "vacatures:coach-consent": Form("coach", page="vacatures:client-vacatures"),
    "vacatures:portal-consent": Form("client", page="vacatures:portal"),
    "reports:export-create": Form("teamleider", page="reports:dashboard"),
    "bewaren:item-exclude": Form("beheerder", page="bewaren:lijst-detail"),
    "bewaren:lijst-check": Form("beheerder", page="bewaren:lijst-detail"),
    "bewaren:item-include": Form("beheerder", page="bewaren:lijst-detail"),
    "bewaren:lijst-approve": Form("beheerder", page="bewaren:lijst-detail"),
    "klachten:zaak-edit": Form("coach"),
    "klachten:zaak-step": Form("coach"),
    "klachten:klacht-create": Form("coach"),
    "klachten:maatregel-create": Form("coach"),
    "klachten:bezwaar-create": Form("coach"),
    "klachten:signaal-create": Form("aanbieder"),
    # Without a file (file inputs are skipped): the form again, nothing stored. The files themselves
    # are fuzzed with real abuse in tests/dossier/test_views.py.
    "dossier:client-documents": Form("coach"),
    "dossier:portal-documents": Form("client"),
    "berichten:client-thread": Form("coach"),
    "berichten:portal-thread": Form("client"),
    "berichten:bericht-contactmoment": Form("coach", page="berichten:client-thread"),
    "berichten:bericht-close": Form("coach", page="berichten:client-thread"),
    "berichten:group-create": Form("coach"),
    "privacy:staff-inzage": Form("coach"),
    "privacy:portal-gegevens": Form("client"),
    # A consultation by the FG writes its own log row and the access log, then redirects.
    "privacy:fg-search": Form("fg"),
}


def post_routes():
    return sorted(name for name, spec in MATRIX.items() if "POST" in spec[3])


def _suggest(name):
    _own, _foreign, allowed, methods = MATRIX[name]
    role = next((r for r in ("coach", "teamleider", "aanbieder", "client", "anonymous") if KIND[r] in allowed), "…")
    page = "" if "GET" in methods else ', page="<the route whose page shows its form>"'
    return f'    "{name}": Form("{role}"{page}),'


def test_every_post_route_is_fuzzed():
    missing = [name for name in post_routes() if name not in FUZZED and name not in DETAILED]
    assert not missing, (
        "these routes accept POST but are not fuzzed; add to FUZZED in tests/security/test_form_fuzz_routes.py:\n"
        + "\n".join(map(_suggest, missing))
    )
    gone = (FUZZED.keys() | DETAILED) - set(post_routes())
    assert not gone, f"these FUZZED/DETAILED routes no longer accept POST (or exist): {sorted(gone)}"


def _log_in(client, state, role):
    if role == "anonymous":
        return
    if role == "manager":
        from tests.vacatures.helpers import make_manager

        login(client, make_manager(state["users"]["coach"]))
    elif role == "password_only":
        login_password_only(client, state["users"]["coach"])
    else:
        login(client, state["users"][role])


def _url(name, state):
    own_kwargs = MATRIX[name][0]
    return reverse(name, kwargs=own_kwargs(state) if own_kwargs else None) + QUERY.get(name, "")


def _field(html_field):
    """Valid and hostile values for one field of the page, by its kind."""
    kind, values = html_field.kind, [v for v in html_field.values if v is not None]
    offered = [v for v in values if v != ""]
    if kind in ("select", "radio", "submit"):
        valid = st.sampled_from(offered or [""])
        return Field(valid, choices(offered or [""]))
    if kind == "checkbox":
        return Field(st.sampled_from([*offered, None]), booleans)
    hostile = {
        "date": dates,
        "datetime-local": datetimes,
        "number": numbers,
        "email": emails,
        "hidden": st.one_of(numbers, hostile_text),
    }.get(kind, hostile_text)
    default = {"date": "2026-12-01", "datetime-local": "2026-12-10T10:00", "number": "1", "email": "jan@voorbeeld.nl"}
    valid = st.just(values[0] if values and values[0] else default.get(kind, "Tekst"))
    stored = stored_text(html_field.maxlength) if kind in ("text", "textarea", "search", "tel") else None
    return Field(valid, hostile, stored)


def form_specs(client, state, name):
    """The forms posting to the route, read from its page; [{}] when the page has none (a bare POST)."""
    spec = FUZZED[name]
    url = _url(name, state)
    page_url = _url(spec.page, state) if spec.page else (url if "GET" in MATRIX[name][3] else None)
    if page_url is None:
        return url, [{}]
    response = client.get(page_url)
    assert response.status_code < 500, f"{name}: its form page {page_url} answered {response.status_code}"
    # In the matrix world some buttons are not shown (nothing to acknowledge, a step not open yet):
    # then the route gets a bare POST with hostile fields it does not know.
    html = response.content.decode() if response.status_code == 200 else ""
    forms = forms_posting_to(html, page_url, url)
    return url, [{n: _field(f) for n, f in form.fields.items()} for form in forms] or [{}]


_READ = {}
EXTRA = st.fixed_dictionaries(
    {}, optional={"onbekend_veld": hostile_text, "next": st.sampled_from(["//evil.example/"])}
)


@pytest.mark.parametrize("name", sorted(FUZZED))
@FUZZ
@given(data=st.data())
def test_post_route_survives_hostile_input(client, world, name, data):  # noqa: F811 (the fixture)
    spec = FUZZED[name]
    _log_in(client, world, spec.role)
    # Read once per test: a successful POST changes the page (and hypothesis needs the same choices each time).
    key = (name, id(world))
    if key not in _READ:
        _READ.clear()
        _READ[key] = form_specs(client, world, name)
    url, forms = _READ[key]
    fields = data.draw(st.sampled_from(forms), label="form")
    post = {**data.draw(form_data(fields), label="post"), **data.draw(EXTRA, label="extra")} if fields else {}
    if not fields:
        post = data.draw(EXTRA, label="extra")
    ignore = (*ALWAYS_MAY_WRITE, *spec.may_write)
    before = db_fingerprint(ignore)
    response = client.post(url, post)
    event(f"{name} answered {response.status_code}")
    assert_safe_page(response, post)
    if response.status_code in (301, 302, 303):
        assert_local_redirect(response)
        followed = client.get(response["Location"])
        assert followed.status_code < 500, (response["Location"], followed.status_code)
        if not followed.streaming:
            assert_safe_page(followed, post)
    else:
        changes = changed_tables(before, db_fingerprint(ignore))
        assert not changes, f"{name}: a refused POST ({response.status_code}) wrote to {changes}"
