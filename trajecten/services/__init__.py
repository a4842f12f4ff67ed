"""Writes of the trajecten app: the plan van aanpak, trajecten, reports and outflow."""

from .plan import (
    EVALUATE_AFTER,
    actie_add,
    actie_mark_done,
    actie_remove,
    actie_update,
    doel_add,
    doel_remove,
    doel_update,
    doelen_from_intake,
    plan_create,
    plan_new_version,
    plan_transition,
    plan_update,
)
from .portal import actie_client_done, plan_client_agree, plan_client_disagree, plan_client_input
from .traject import (
    repeat_warning,
    report_add,
    traject_start,
    traject_transition,
    uitstroom_followup,
    uitstroom_register,
)

__all__ = [
    "EVALUATE_AFTER",
    "actie_add",
    "actie_client_done",
    "actie_mark_done",
    "actie_remove",
    "actie_update",
    "doel_add",
    "doel_remove",
    "doel_update",
    "doelen_from_intake",
    "plan_client_agree",
    "plan_client_disagree",
    "plan_client_input",
    "plan_create",
    "plan_new_version",
    "plan_transition",
    "plan_update",
    "repeat_warning",
    "report_add",
    "traject_start",
    "traject_transition",
    "uitstroom_followup",
    "uitstroom_register",
]
