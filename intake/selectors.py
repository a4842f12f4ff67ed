"""Reads for the brede intake: the summary everyone sees first, and what changed."""

from django.db.models import Prefetch, Subquery, prefetch_related_objects

from clients import registry
from clients.compiled import client_rows

from .models import Beroep, Intake, LeefgebiedScore
from .workflow import HEALTH_DOMAINS, IntakeStatus


def intake_with_details(queryset):
    """Load an intake with its scores, occupations and previous intake's scores in fixed queries."""
    return queryset.select_related("client", "client__coach", "previous", "completed_by").prefetch_related(
        Prefetch("scores", queryset=LeefgebiedScore.objects.order_by("pk")),
        Prefetch("previous__scores", queryset=LeefgebiedScore.objects.order_by("pk")),
        "target_occupations",
    )


LATEST_COMPLETED = "intake.latest_completed"


def latest_completed_intake(client):
    """Return the client's most recent completed intake with its details, or None.

    On the client file the intake, plan and werk-zoeken sections all need it: read once per page
    (``registry.page_memo``)."""
    return registry.page_memo(client, LATEST_COMPLETED, lambda: _latest_completed(client))


def _latest_completed(client):
    # The client is known: the intake points at this object instead of joining clients and coaches.
    intake = (
        intake_with_details(Intake.objects.filter(client=client, status=IntakeStatus.AFGEROND))
        .select_related(None)
        .select_related("previous", "completed_by")
        .order_by("-completed_at", "-pk")
        .first()
    )
    if intake is not None:
        intake.client = client
    return intake


def file_intakes(client):
    """The client file's intakes: the one in progress and the latest completed one (with its scores and
    occupations, kept for the page as :func:`latest_completed_intake`), from one read of the client's
    intakes (a client has a few) instead of one query for each, compiled once per process
    (``client_rows``). The file does not show the previous intake, so it is not joined."""
    intakes = client_rows("file.intakes", lambda pk: Intake.objects.filter(client_id=pk), client)
    concept = next((i for i in intakes if i.is_concept), None)
    completed = [i for i in intakes if i.status == IntakeStatus.AFGEROND]
    # The same choice as ``order_by("-completed_at", "-pk").first()`` (completed ones have a date).
    latest = max(completed, key=lambda i: (i.completed_at, i.pk), default=None)
    if latest is not None:
        _attach_details(latest, client)
    return concept, registry.page_memo(client, LATEST_COMPLETED, lambda: latest)


def _latest_completed_pk(client_id):
    return (
        Intake.objects.filter(client_id=client_id, status=IntakeStatus.AFGEROND)
        .order_by("-completed_at", "-pk")
        .values("pk")[:1]
    )


def _attach_details(intake, client):
    """The latest completed intake's scores and occupations, as ``prefetch_related`` would attach them
    (``intake.scores.all`` and ``intake.target_occupations.all`` then read no more), from SQL compiled
    once per process: they are the client's latest completed intake's, by the same order as above."""
    scores = client_rows(
        "file.intake_scores",
        lambda pk: LeefgebiedScore.objects.filter(intake=Subquery(_latest_completed_pk(pk))).order_by("pk"),
        client,
    )
    occupations = client_rows(
        "file.intake_occupations", lambda pk: Beroep.objects.filter(intake=Subquery(_latest_completed_pk(pk))), client
    )
    if any(score.intake_id != intake.pk for score in scores):  # completed again in between: read it as before
        prefetch_related_objects(
            [intake], Prefetch("scores", queryset=LeefgebiedScore.objects.order_by("pk")), "target_occupations"
        )
        return
    for score in scores:
        LeefgebiedScore.intake.field.set_cached_value(score, intake)
    intake._prefetched_objects_cache = {
        "scores": _prefetched(LeefgebiedScore, scores),
        "target_occupations": _prefetched(Beroep, occupations),
    }


def _prefetched(model, rows):
    """A queryset that holds ``rows`` and reads nothing, as ``prefetch_related`` leaves one."""
    queryset = model._default_manager.none()
    queryset._result_cache, queryset._prefetch_done = rows, True
    return queryset


def score_changes(intake):
    """Per leefgebied: the previous score, the score now, and the change (for a herbeoordeling)."""
    previous = {s.leefgebied: s for s in intake.previous.scores.all()} if intake.previous_id else {}
    rows = []
    for score in intake.scores.all():
        before = previous.get(score.leefgebied)
        before_score = before.score if before else None
        delta = score.score - before_score if score.score is not None and before_score is not None else None
        rows.append({"score": score, "before": before_score, "delta": delta})
    return rows


def summary_for(user, intake):
    """The summary rows this user may read: a provider never sees health notes or functional limits."""
    hide_health = getattr(user, "role", None) == "aanbieder"
    rows = score_changes(intake)
    for row in rows:
        row["hidden"] = hide_health and row["score"].leefgebied in HEALTH_DOMAINS
    return {"rows": rows, "hide_health": hide_health}


def ladder_chart(treden):
    """Bar geometry for the ladder history: one bar per step, height by step (1–6)."""
    bar, gap, unit = 8, 4, 10
    bars = [
        {"trede": t, "x": gap + i * (bar + gap), "y": 6 * unit - t.step * unit + 2, "height": t.step * unit}
        for i, t in enumerate(treden)
    ]
    return {"bars": bars, "width": gap + len(bars) * (bar + gap), "height": 6 * unit + 4, "bar": bar}
