"""The one access policy: which clients may this user see.

Every client-scoped view, export and document goes through
``clients_visible_to`` (usually as ``Client.objects.visible_to(user)`` or
``Model.objects.visible_to(user)`` for a client-owned model). Whatever falls
outside it answers 404.

| role        | sees                                                        |
|-------------|-------------------------------------------------------------|
| werkcoach   | the clients they coach                                      |
| teamleider  | the clients of every coach in their team                    |
| beheerder   | no client at all                                            |
| client      | themselves                                                  |
| aanbieder   | clients with a running traject at their organisation        |
| fg          | no client file; a named client's access log and change      |
|             | history through reintegratie/privacy, each use logged       |

What "a running traject at their organisation" is belongs to trajecten, which builds on this
module: trajecten registers it (``set_provider_clients``, from ``TrajectenConfig.ready``) so the
policy imports no feature app. Without it a provider sees no client at all (fail closed).
"""

from functools import wraps

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import CASEWORK_ROLES, Role

#: aanbieder_id -> a queryset of the client ids that provider works with (``values("client_id")``).
_provider_clients = None


def set_provider_clients(source):
    """Register which clients a provider organisation may see (``source(aanbieder_id)``)."""
    global _provider_clients
    _provider_clients = source


def _client_condition(user, prefix=""):
    """Return the Q that selects this user's visible clients, or None for none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role == Role.WERKCOACH:
        return Q(**{f"{prefix}coach_id": user.pk})
    if user.role == Role.TEAMLEIDER and user.team_id is not None:
        return Q(**{f"{prefix}coach__team_id": user.team_id})
    if user.role == Role.CLIENT:
        return Q(**{f"{prefix}user_id": user.pk})
    if user.role == Role.AANBIEDER and user.aanbieder_id is not None and _provider_clients is not None:
        return Q(**{f"{prefix}pk__in": _provider_clients(user.aanbieder_id)})
    # beheerder and fg: never client data through this policy.
    return None


#: Never a user's or a team's id: compiled into SQL in their place (:func:`stand_in`), never run.
USER_PLACEHOLDER = -2_000_017_011
TEAM_PLACEHOLDER = -2_000_017_013


class _StandIn:
    """A user as this policy reads one, with placeholder ids (:func:`stand_in`)."""

    is_authenticated = True
    is_active = True
    aanbieder_id = None

    def __init__(self, role, team_id):
        self.role, self.pk, self.id, self.team_id = role, USER_PLACEHOLDER, USER_PLACEHOLDER, team_id


def stand_in(user):
    """For SQL compiled once and run for many users (``clients.compiled.scoped_rows``).

    Returns ``(shape, stand_in, ids)``: the shape of this user's scope (its SQL is the same for every
    user of that shape but for their ids), a stand-in user with placeholder ids that this policy scopes
    like ``user``, and ``{placeholder: the user's id}`` to put in its place. None where the scope is not
    a matter of the user's own ids (a provider: its clients come from trajecten) or there is none."""
    condition = _client_condition(user)
    if condition is None or user.role not in (Role.WERKCOACH, Role.TEAMLEIDER, Role.CLIENT):
        return None
    standin = _StandIn(user.role, None if user.team_id is None else TEAM_PLACEHOLDER)
    ids = {USER_PLACEHOLDER: user.pk, TEAM_PLACEHOLDER: user.team_id}
    # The stand-in must take the user's branch above, with the same lookups: else no compiled SQL.
    same = _client_condition(standin)
    if same is None or condition != Q(*((lookup, ids.get(value, value)) for lookup, value in same.children)):
        return None
    return (user.role, standin.team_id is None), standin, ids


def _coach_condition(user):
    """Where the visible clients are exactly the clients of some coaches: the Q that selects those users.

    The same branches as :func:`_client_condition` (``coach_id = user`` is ``coach in {user}``,
    ``coach__team_id = team`` is ``coach in the team's users``); None for every other role.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role == Role.WERKCOACH:
        return Q(pk=user.pk)
    if user.role == Role.TEAMLEIDER and user.team_id is not None:
        return Q(team_id=user.team_id)
    return None


_COACHES = "_policy_coaches"


def clients_visible_to(user, queryset=None):
    """Return the clients this user may see, as a queryset.

    Where that is "every client of these coaches" (a werkcoach, a teamleider) and the queryset was
    not filtered before, the result also carries those coaches (:func:`coaches_of_scope`): a
    team-wide figure can then read its rows by coach (``reintegratie/reports/scope.py``). Any
    further filter on the result makes a new queryset, without them.
    """
    if queryset is None:
        queryset = apps.get_model("clients", "Client").objects.all()
    condition = _client_condition(user)
    if condition is None:
        return queryset.none()
    plain = not queryset.query.where and not queryset.query.is_sliced and not queryset.query.combinator
    visible = queryset.filter(condition)
    coaches = _coach_condition(user)
    if plain and coaches is not None:
        visible.__dict__[_COACHES] = apps.get_model("accounts", "User").objects.filter(coaches)
    return visible


def coaches_of_scope(clients):
    """The users whose clients are exactly ``clients``, if the policy made this queryset so; else None."""
    return clients.__dict__.get(_COACHES)


def scope_to_visible_clients(queryset, user, *, client_field="client"):
    """Filter a queryset of client-owned rows to the clients this user may see."""
    condition = _client_condition(user, prefix=f"{client_field}__")
    return queryset.none() if condition is None else queryset.filter(condition)


class ClientOwnedQuerySet(QuerySet):
    """Rows that belong to one client (``client`` foreign key): ``visible_to`` applies the policy."""

    def visible_to(self, user):
        """Return the rows whose client this user may see."""
        return scope_to_visible_clients(self, user)


def coaches_managed_by(user):
    """Return the werkcoaches whose caseload this user may reassign."""
    user_model = apps.get_model("accounts", "User")
    if user.is_authenticated and user.role == Role.TEAMLEIDER and user.team_id:
        return user_model.objects.filter(role=Role.WERKCOACH, team_id=user.team_id, is_active=True)
    return user_model.objects.none()


def roles_required(*roles):
    """Refuse (403) a view to anyone whose role is not listed.

    Use together with the login requirement; an anonymous user never reaches it.
    """
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated or request.user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


casework_required = roles_required(*CASEWORK_ROLES)
teamleider_required = roles_required(Role.TEAMLEIDER)
