"""Writes for zaken: one service per soort, all status changes through the workflow table.

Every service locks the zaak row, checks ``workflow.ALLOWED`` for its soort,
appends to the timeline, raises the version (optimistic locking) and asks for
its letter in the same transaction.
"""

from .bezwaar import (
    bezwaar_assign,
    bezwaar_decide,
    bezwaar_extend,
    bezwaar_file,
    bezwaar_hearing,
    bezwaar_register,
    bezwaar_termijnen,
    contestable_decisions,
)
from .common import involved_user_id, may_handle
from .edit import zaak_update
from .klacht import (
    klacht_assign,
    klacht_decide,
    klacht_extend,
    klacht_file,
    klacht_hearing,
    klacht_register,
    klacht_settle,
    klacht_termijn,
    zaak_withdraw,
)
from .maatregel import (
    maatregel_decide,
    maatregel_drop,
    maatregel_intention,
    maatregel_reconsider,
    maatregel_signal,
    maatregel_zienswijze,
)
from .recidive import art18_chain, earlier_sanctions, imposed_sanctions, proposal, sanction_history
from .reminders import zaken_remind

__all__ = [
    "art18_chain",
    "bezwaar_assign",
    "bezwaar_decide",
    "bezwaar_extend",
    "bezwaar_file",
    "bezwaar_hearing",
    "bezwaar_register",
    "bezwaar_termijnen",
    "contestable_decisions",
    "earlier_sanctions",
    "imposed_sanctions",
    "involved_user_id",
    "klacht_assign",
    "klacht_decide",
    "klacht_extend",
    "klacht_file",
    "klacht_hearing",
    "klacht_register",
    "klacht_settle",
    "klacht_termijn",
    "maatregel_decide",
    "maatregel_drop",
    "maatregel_intention",
    "maatregel_reconsider",
    "maatregel_signal",
    "maatregel_zienswijze",
    "may_handle",
    "proposal",
    "sanction_history",
    "zaak_update",
    "zaak_withdraw",
    "zaken_remind",
]
