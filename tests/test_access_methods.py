"""The access matrix, continued: method safety for every route, and every scoped role's scope.

Both are derived from MATRIX in tests/test_access_matrix.py, which lists every URL
pattern with the methods it answers:

* A route whose methods leave out GET changes data: GET and HEAD answer 405 and
  write nothing. A route whose methods leave out POST only shows: POST answers 405
  and writes nothing. No route answers PUT, PATCH or DELETE. Each is asked by a
  user who may use the route, so the refusal is the method's, not the role's.
* Every role that sees only part of the clients (SCOPES) gets a 404 for another
  client's objects, changes nothing, and sees no other client on any page it may
  open. A new role must be added to SCOPES (with a test user and whether it has a
  scope) before ``test_every_role_is_registered_with_its_scope`` passes.
"""

import pytest
from django.urls import reverse

from reintegratie.accounts.models import Role
from tests.auth import login
from tests.dbstate import changed_tables, db_fingerprint
from tests.test_access_matrix import (
    KIND,
    MATRIX,
    QUERY,
    UNSCOPED,
    world,  # noqa: F401 (the fixture)
)

pytestmark = pytest.mark.django_db

# Which test user asks each route about its methods: the first of these that may use it.
METHOD_ROLES = ("coach", "teamleider", "aanbieder", "client", "beheerder", "fg", "anonymous")
# Routes nobody in the matrix may use: the user that may, made in the test.
METHOD_ROLE_FOR = {
    "vacatures:vacature-create": "manager",
    "vacatures:vacature-update": "manager",
    "documents:brief-preview": "coach",  # DEBUG-only; the method is refused before that check
}
NEVER = ("PUT", "PATCH", "DELETE")

# Role -> the matrix user of that role, or None for a role that sees no client data at all.
# A role that is coming (handhaving, werkgeversdienstverlener as a role, ...) is added here with
# its test user (in the world fixture) and its KIND in tests/test_access_matrix.py.
SCOPES = {
    Role.WERKCOACH: "coach",
    Role.TEAMLEIDER: "teamleider",
    Role.CLIENT: "client",
    Role.AANBIEDER: "aanbieder",
    Role.BEHEERDER: None,  # no client data: tests/test_access_matrix.py::test_admin_registers_no_client_data
    # No client file: the FG reads a named client's access log and which fields changed (never their values),
    # each time through a logged consultation of its own (tests/privacy/test_fg.py: another FG's answers 404).
    Role.FUNCTIONARIS_GEGEVENSBESCHERMING: None,
}
SCOPED_ROLES = sorted(user for user in SCOPES.values() if user)


def _user_for(state, name):
    allowed = MATRIX[name][2]
    role = METHOD_ROLE_FOR.get(name) or next((r for r in METHOD_ROLES if KIND[r] in allowed), None)
    if role == "manager":
        from tests.vacatures.helpers import make_manager

        return "manager", make_manager(state["users"]["coach"])
    return role, (state["users"][role] if role != "anonymous" else None)


def _send(client, method, url):
    return {
        "GET": client.get,
        "HEAD": client.head,
        "POST": client.post,
        "PUT": client.put,
        "PATCH": client.patch,
        "DELETE": client.delete,
    }[method](url)


def refused_methods(methods):
    refused = list(NEVER)
    if "GET" not in methods:
        refused += ["GET", "HEAD"]
    if "POST" not in methods:
        refused.append("POST")
    return refused


def test_every_route_answers_get_or_post():
    """MATRIX's methods are what the method-safety test trusts: no route without them."""
    for name, (_own, _foreign, _allowed, methods) in MATRIX.items():
        assert set(methods) <= {"GET", "POST"} and methods, name


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_a_route_refuses_the_methods_it_does_not_answer(client, world, name):  # noqa: F811 (the fixture)
    """POST-only routes refuse GET/HEAD, GET-only routes refuse POST: 405 and nothing written."""
    own_kwargs, _foreign_kwargs, _allowed, methods = MATRIX[name]
    role, user = _user_for(world, name)
    assert role is not None, f"no user may use {name}: add one to METHOD_ROLE_FOR"
    if user is not None:
        login(client, user)
    url = reverse(name, kwargs=own_kwargs(world) if own_kwargs else None) + QUERY.get(name, "")
    before = db_fingerprint()
    for method in refused_methods(methods):
        response = _send(client, method, url)
        assert response.status_code == 405, f"{role} {method} {name}: {response.status_code}"
        assert set(response["Allow"].replace(" ", "").split(",")) & {"GET", "POST"}, response["Allow"]
    assert changed_tables(before, db_fingerprint()) == {}, f"a refused method wrote to the database on {name}"


def test_every_role_is_registered_with_its_scope():
    missing = set(Role.values) - {str(role) for role in SCOPES}
    assert not missing, (
        f"add the roles {sorted(missing)} to SCOPES in tests/test_access_methods.py: the test user of that role "
        "(add it to the world fixture and KIND in tests/test_access_matrix.py), or None if it sees no client data"
    )
    for user in SCOPED_ROLES:
        assert user in KIND, f"{user}: add it to KIND and ROLES in tests/test_access_matrix.py"


def _scoped_routes(role, *, need_foreign):
    return sorted(
        name
        for name, (own, foreign, allowed, _methods) in MATRIX.items()
        if KIND[role] in allowed and (foreign is not None if need_foreign else True) and name not in UNSCOPED
    )


@pytest.mark.parametrize(
    ("role", "name"), [(role, name) for role in SCOPED_ROLES for name in _scoped_routes(role, need_foreign=True)]
)
def test_another_clients_object_answers_404_for_every_scoped_role(client, world, role, name):  # noqa: F811 (the fixture)
    """Another client's object (or child object under our own client's URL): 404, nothing written."""
    _own_kwargs, foreign_kwargs, _allowed, methods = MATRIX[name]
    login(client, world["users"][role])
    foreign = foreign_kwargs(world)
    urls = [reverse(name, kwargs=foreign) + QUERY.get(name, "")]
    if "client_id" in foreign and len(foreign) > 1:
        urls.append(reverse(name, kwargs={**foreign, "client_id": world["client"].pk}) + QUERY.get(name, ""))
    before = db_fingerprint()
    for url in urls:
        for method in methods:
            response = client.get(url) if method == "GET" else client.post(url, {})
            assert response.status_code == 404, (role, url, method, response.status_code)
            body = "" if response.streaming else response.content.decode(errors="replace")
            assert world["foreign"].last_name not in body and world["foreign"].bsn not in body
    changes = changed_tables(before, db_fingerprint())
    # Refusals of client files are written to the access log (ASVS 7.2.2); nothing else changes.
    assert set(changes) <= {"audit_accesslog"}, changes


@pytest.mark.parametrize(
    ("role", "name"),
    [
        (role, name)
        for role in SCOPED_ROLES
        for name in _scoped_routes(role, need_foreign=False)
        if "GET" in MATRIX[name][3] and name not in {"reports:table-export", "reports:dashboard-pdf"}
    ],
)
def test_no_page_of_a_scoped_role_shows_a_client_outside_its_scope(client, world, role, name):  # noqa: F811 (the fixture)
    """Lists too: a provider's start page, a coach's caseload, a client's portal show only their own clients."""
    own_kwargs = MATRIX[name][0]
    login(client, world["users"][role])
    response = client.get(reverse(name, kwargs=own_kwargs(world) if own_kwargs else None) + QUERY.get(name, ""))
    assert response.status_code in (200, 302), response.status_code
    body = "" if response.streaming else response.content.decode(errors="replace")
    foreign = world["foreign"]
    for shown in (foreign.bsn, foreign.last_name, str(foreign.client_number), str(foreign.pk)):
        assert shown not in body, f"{role} sees {shown!r} of a client outside its scope on {name}"
