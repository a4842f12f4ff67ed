"""The participatieladder KPI: how many clients moved up, stayed or moved down in a period.

One pass over the team's treden up to the end of the period (``client_id IN (scope)`` and
``on <= end``, read from the index ``trede_client_latest`` alone: some one and a half per client).
The rows come ordered by client, date and id; the steps at the start and the end are picked per
client in Python, in that order (the subqueries' ``ORDER BY on, id``). Three correlated subqueries
per client and a semi-join (four index probes per client of the team) took about 3 ms of
PostgreSQL at 40,000 clients.
Exact definition: ``docs/kpi.md``.
"""

from django.db.models import TextField
from django.db.models.functions import Cast

from intake.models import Trede

from . import statements
from .scope import in_scope


def ladder_figures(clients, period):
    """Return how many clients moved up (or down) one or more steps on the participatieladder in the period.

    The step at the start is the last trede before the period, else the first
    one in it; the step at the end is the last trede in the period. Only
    clients with a trede in the period are measured.
    """
    rows = statements.rows(
        # The SQL depends on the end of the period only.
        ("reports.ladder", period.end),
        clients,
        lambda: (
            in_scope(Trede.objects.filter(on__lte=period.end), clients)
            # Each client's treden together, in the order "before" and "first" mean; the client as
            # text: only compared with the row before (a UUID per row cost more than the rest).
            .order_by("client_id", "on", "id")
            .values_list(Cast("client_id", output_field=TextField()), "on", "step")
        ),
    )
    start = period.start
    moves = {1: 0, 0: 0, -1: 0}
    client = before = start_step = end_step = None
    for row_client, on, step in rows:
        if row_client != client:
            if end_step is not None:
                moves[(end_step > start_step) - (end_step < start_step)] += 1
            client, before, start_step, end_step = row_client, None, None, None
        if on < start:
            before = step  # the last one before the period, once the rows reach it
        else:
            if end_step is None:  # the first one in the period
                start_step = step if before is None else before
            end_step = step
    if end_step is not None:
        moves[(end_step > start_step) - (end_step < start_step)] += 1
    return {"measured": sum(moves.values()), "up": moves[1], "same": moves[0], "down": moves[-1]}
