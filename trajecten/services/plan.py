"""Writes for the plan van aanpak: versions, goals, actions, and the one status service."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from clients.services import EditConflict
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from ..goal_texts import goal_starter, needs_completing
from ..models import Actie, Doel, Plan, PlanStatusChange
from ..workflow import PLAN_ALLOWED, ActieStatus, AgreedHow, Owner, PlanStatus

EVALUATE_AFTER = timedelta(days=91)


def plan_create(*, request, client):
    """Start the client's first plan (version 1, concept). Rule: one current plan per client."""
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client.pk).values_list("pk", flat=True).get()
        if client.plans.filter(is_current=True).exists():
            raise ValidationError(_("Deze cliënt heeft al een plan van aanpak. Werk dat bij."))
        latest = client.plans.aggregate(v=Max("version"))["v"] or 0
        plan = Plan.objects.create(
            client=client,
            version=latest + 1,
            created_by=request.user,
            evaluate_on=timezone.localdate() + EVALUATE_AFTER,
        )
        access_log_write(request=request, client=client, action=AccessLog.Action.CHANGE)
    return plan


def plan_new_version(*, request, plan):
    """Change an agreed plan: copy it into a new concept version.

    Rule: only the agreed current plan gets a new version; the agreed version
    stays the agreement until the new one is agreed. Goals and actions keep
    their keys, so the coach and client see what changed.
    """
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        if not (current.is_current and current.status == PlanStatus.AKKOORD):
            raise ValidationError(_("Alleen een plan waarmee de cliënt akkoord is, krijgt een nieuwe versie."))
        Plan.objects.filter(pk=current.pk).update(is_current=False)
        new = Plan.objects.create(
            client_id=current.client_id,
            version=current.version + 1,
            based_on=current,
            created_by=request.user,
            evaluate_on=current.evaluate_on,
        )
        for doel in current.doelen.prefetch_related("acties"):
            copy = Doel.objects.create(plan=new, key=doel.key, leefgebied=doel.leefgebied, text=doel.text, due=doel.due)
            Actie.objects.bulk_create(
                Actie(
                    doel=copy,
                    key=actie.key,
                    text=actie.text,
                    owner=actie.owner,
                    due=actie.due,
                    status=actie.status,
                    done_note=actie.done_note,
                    done_at=actie.done_at,
                )
                for actie in doel.acties.all()
            )
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)
    return new


def _editable(plan_id, expected_lock):
    """Lock the plan for an edit; refuse a plan that is not a concept, or a stale page."""
    plan = Plan.objects.select_for_update().select_related("client").get(pk=plan_id)
    if not plan.is_editable:
        raise ValidationError(_("Dit plan kan niet meer worden gewijzigd. Maak een nieuwe versie."))
    if expected_lock is not None and plan.lock_version != expected_lock:
        raise EditConflict(plan)
    plan.lock_version += 1
    plan.save(update_fields=["lock_version", "updated_at"])
    return plan


def plan_update(*, request, plan, expected_lock, evaluate_on, client_input=None):
    """Change the evaluation date (and the client's own input, as the coach wrote it down)."""
    if evaluate_on is None:
        raise ValidationError({"evaluate_on": _("Kies een datum om het plan samen te bekijken.")})
    if evaluate_on < timezone.localdate():
        raise ValidationError({"evaluate_on": _("De evaluatiedatum kan niet in het verleden liggen.")})
    with transaction.atomic():
        current = _editable(plan.pk, expected_lock)
        current.evaluate_on = evaluate_on
        if client_input is not None:
            current.client_input = client_input.strip()
        current.save(update_fields=["evaluate_on", "client_input", "updated_at"])
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)
    return current


def doel_add(*, request, plan, leefgebied, text, due=None, expected_lock=None):
    if not text.strip():
        raise ValidationError({"text": _("Beschrijf het doel.")})
    with transaction.atomic():
        current = _editable(plan.pk, expected_lock)
        doel = Doel(plan=current, leefgebied=leefgebied, text=text.strip(), due=due)
        doel.full_clean()
        doel.save()
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)
    return doel


def doel_update(*, request, doel, leefgebied, text, due=None, expected_lock=None):
    """Change a goal of a concept plan: its leefgebied, text and date."""
    if not text.strip():
        raise ValidationError({"text": _("Beschrijf het doel.")})
    with transaction.atomic():
        current = _editable(doel.plan_id, expected_lock)
        doel = Doel.objects.get(pk=doel.pk, plan=current)
        doel.leefgebied, doel.text, doel.due = leefgebied, text.strip(), due
        doel.full_clean()
        doel.save(update_fields=["leefgebied", "text", "due"])
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)
    return doel


def doel_remove(*, request, doel, expected_lock=None):
    """Remove a goal and its actions. Rule: a goal a traject was started for stays."""
    if doel.trajecten.exists():
        raise ValidationError(_("Dit doel hoort bij een traject en kan daarom niet weg."))
    with transaction.atomic():
        current = _editable(doel.plan_id, expected_lock)
        doel.delete()
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)


def doelen_from_intake(*, request, plan, expected_lock=None):
    """Offer the leefgebieden the intake marked 'work on' as goals; adds those not in the plan yet."""
    from intake.selectors import latest_completed_intake

    intake = latest_completed_intake(plan.client)
    if intake is None:
        raise ValidationError(_("Er is nog geen afgeronde brede intake."))
    present = set(plan.doelen.values_list("leefgebied", flat=True))
    if not any(s.work_on and s.leefgebied not in present for s in intake.scores.all()):
        return []
    with transaction.atomic():
        current = _editable(plan.pk, expected_lock)
        present = set(current.doelen.values_list("leefgebied", flat=True))
        added = [
            Doel.objects.create(plan=current, leefgebied=score.leefgebied, text=goal_starter(score.leefgebied))
            for score in intake.scores.all()
            if score.work_on and score.leefgebied not in present
        ]
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)
    return added


def actie_add(*, request, doel, text, owner, due=None, expected_lock=None):
    if not text.strip():
        raise ValidationError({"text": _("Beschrijf de actie.")})
    if owner not in Owner.values:
        raise ValidationError({"owner": _("Kies wie de actie doet.")})
    with transaction.atomic():
        current = _editable(doel.plan_id, expected_lock)
        actie = Actie(doel=doel, text=text.strip(), owner=owner, due=due)
        actie.full_clean()
        actie.save()
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)
    return actie


def actie_update(*, request, actie, text, owner, due=None, expected_lock=None):
    """Change an action of a concept plan: its text, who does it and when."""
    if not text.strip():
        raise ValidationError({"text": _("Beschrijf de actie.")})
    if owner not in Owner.values:
        raise ValidationError({"owner": _("Kies wie de actie doet.")})
    with transaction.atomic():
        current = _editable(actie.doel.plan_id, expected_lock)
        actie = Actie.objects.get(pk=actie.pk, doel__plan=current)
        actie.text, actie.owner, actie.due = text.strip(), owner, due
        actie.full_clean()
        actie.save(update_fields=["text", "owner", "due"])
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)
    return actie


def actie_remove(*, request, actie, expected_lock=None):
    with transaction.atomic():
        current = _editable(actie.doel.plan_id, expected_lock)
        actie.delete()
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)


def actie_mark_done(*, request, actie, note=""):
    """Mark an action of the current plan version done, with a short note (at most 500 characters)."""
    if len(note.strip()) > 500:
        raise ValidationError({"note": _("Houd de toelichting kort: hoogstens 500 tekens.")})
    with transaction.atomic():
        plan = Plan.objects.select_for_update().select_related("client").get(pk=actie.doel.plan_id)
        if not plan.is_current:
            raise ValidationError(_("Dit is niet de nieuwste versie van het plan. Werk in de nieuwste versie."))
        updated = Actie.objects.filter(pk=actie.pk, status=ActieStatus.OPEN).update(
            status=ActieStatus.GEDAAN, done_note=note.strip(), done_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("Deze actie is al afgerond."))
        access_log_write(request=request, client=plan.client, action=AccessLog.Action.CHANGE)


def plan_transition(*, request, plan, to_status, note="", agreed_how="", client_input=None, expected_lock=None):
    """The one way a plan changes status (workflow.PLAN_ALLOWED).

    Rules: a plan is proposed only with at least one goal, every goal with at
    least one action, and an evaluation date. Agreement is recorded with how it
    was given (in the portal, or on paper); it replaces the previously agreed
    version and sends the client the full plan as a letter. Sending a
    proposed plan back to concept needs a reason. History is append-only.
    """
    from reintegratie.documents.models import BriefKind
    from reintegratie.documents.services import brief_request

    with transaction.atomic():
        current = Plan.objects.select_for_update().select_related("client").get(pk=plan.pk)
        if expected_lock is not None and current.lock_version != expected_lock:
            raise EditConflict(current)
        if to_status not in PLAN_ALLOWED.get(current.status, set()) or not current.is_current:
            raise ValidationError(
                _("Een plan met status '%(from)s' kan niet naar '%(to)s'.")
                % {"from": current.get_status_display(), "to": dict(PlanStatus.choices).get(to_status, to_status)}
            )
        now = timezone.now()
        if to_status == PlanStatus.VOORGELEGD:
            doelen = list(current.doelen.prefetch_related("acties"))
            if not doelen:
                raise ValidationError(_("Voeg eerst minstens één doel toe."))
            unfinished = [d.text[:60] for d in doelen if needs_completing(d.text)]
            if unfinished:
                raise ValidationError(
                    _("Maak eerst elk doel af: vul in wat tussen [haken] staat. Nog niet af: %(goals)s")
                    % {"goals": "; ".join(unfinished)}
                )
            empty = [d.text[:40] for d in doelen if not d.acties.all()]
            if empty:
                raise ValidationError(
                    _("Elk doel heeft minstens één actie nodig. Nog zonder actie: %(goals)s.")
                    % {"goals": "; ".join(empty)}
                )
            if current.evaluate_on is None or current.evaluate_on < timezone.localdate():
                raise ValidationError(_("Kies eerst een evaluatiedatum die nog moet komen."))
            current.proposed_at = now
        elif to_status == PlanStatus.AKKOORD:
            if agreed_how not in AgreedHow.values:
                raise ValidationError({"agreed_how": _("Kies hoe de cliënt akkoord gaf.")})
            current.agreed_at = now
            current.agreed_how = agreed_how
            if client_input is not None:
                current.client_input = client_input.strip()
            for old in Plan.objects.select_for_update().filter(client=current.client, status=PlanStatus.AKKOORD):
                PlanStatusChange.objects.create(
                    plan=old,
                    from_status=old.status,
                    to_status=PlanStatus.VERVANGEN,
                    by=request.user,
                    note=_("Vervangen door versie %(v)s.") % {"v": current.version},
                )
                Plan.objects.filter(pk=old.pk).update(status=PlanStatus.VERVANGEN)
        elif to_status == PlanStatus.CONCEPT:
            if not note.strip():
                raise ValidationError({"note": _("Schrijf op waarom het plan terug gaat naar concept.")})
            if client_input is not None:
                current.client_input = client_input.strip()
        PlanStatusChange.objects.create(
            plan=current, from_status=current.status, to_status=to_status, by=request.user, note=note.strip()
        )
        current.status = to_status
        current.lock_version += 1
        current.save()
        access_log_write(request=request, client=current.client, action=AccessLog.Action.CHANGE)
        if to_status == PlanStatus.AKKOORD:
            brief_request(request=request, client=current.client, kind=BriefKind.PLAN_VAN_AANPAK, source=current)
    return current
