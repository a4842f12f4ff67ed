"""Recidive: which earlier sanctions count for a new breach (Participatiewet art. 18 lid 6-8; verordening).

Art. 18 lid 6-8 (the geüniformeerde verplichtingen of lid 4): only earlier verlagingen
under those obligations count, and each step looks at the one before it: a breach
within 12 months after a lid-6 verlaging gives lid 7, even when the lid-5 verlaging
before it is older than 12 months from the new breach. Verordening recidive (the
duration doubles) counts earlier sanctions of the same category. Sanctions of other
categories do not count for either. See docs/sancties.md.
"""

from dateutil.relativedelta import relativedelta

from .. import deadlines, rules
from ..models import Zaak
from ..workflow import RecidiveEffect, Soort, ZaakStatus


def _same_family(queryset, rule):
    """Narrow earlier sanctions to those that count for ``rule``: art. 18 lid 4 ones, or the same category."""
    if rule.recidive_effect == RecidiveEffect.ART_18_LID_6_8:
        return queryset.filter(maatregel__rule__recidive_effect=RecidiveEffect.ART_18_LID_6_8)
    return queryset.filter(maatregel__rule__code=rule.code)


def _art18(zaak):
    rule = zaak.maatregel.rule
    return rule is not None and rule.recidive_effect == RecidiveEffect.ART_18_LID_6_8


def imposed_sanctions(client):
    """The client's imposed sanctions, the only ones recidive looks at (reversed ones do not count)."""
    return Zaak.objects.filter(client=client, soort=Soort.MAATREGEL, status=ZaakStatus.OPGELEGD)


def earlier_sanctions(client, *, breach_on, months=12, exclude=None, rule=None):
    """Return the client's decided sanctions within the recidive window before this breach, newest first.

    Reversed sanctions (gegrond bezwaar) do not count. With ``rule``, only the
    sanctions that count as recidive for that rule; without, every category (to show
    the coach the client's history).
    """
    start = breach_on - relativedelta(months=months)
    queryset = (
        imposed_sanctions(client)
        .filter(decided_on__gte=start, decided_on__lt=breach_on)
        .select_related("maatregel", "maatregel__rule")
        .order_by("-decided_on", "-pk")
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    if rule is not None:
        queryset = _same_family(queryset, rule)
    return [z for z in queryset if deadlines.within_recidive(earlier_decided_on=z.decided_on, breach_on=breach_on)]


def art18_chain(client, *, breach_on, exclude=None, known=None):
    """Return how many art. 18 lid 4 verlagingen precede this breach, each within 12 months of the next.

    0 means lid 5 applies, 1 lid 6, 2 lid 7, 3 lid 8 (``rules.art18_lid``). Each link
    is the newest such verlaging decided within the window before the breach of the
    link after it. At most four short queries: lid 8 is the last step. ``known``: see
    ``recidive_count_for``; it stands in for the first query when its window is this one.
    """
    chain, day, seen = 0, breach_on, {exclude.pk} if exclude is not None else set()
    window = rules.art18_tekst(breach_on).window_months
    first = known[1] if known is not None and known[0] == window else None
    while chain < 3:
        found = first if chain == 0 and first is not None else earlier_sanctions(client, breach_on=day, months=window)
        earlier = [
            z
            for z in found
            if z.pk not in seen
            and z.maatregel.rule
            and z.maatregel.rule.recidive_effect == RecidiveEffect.ART_18_LID_6_8
        ]
        if not earlier:
            break
        previous = earlier[0]
        seen.add(previous.pk)
        chain += 1
        day = previous.maatregel.breach_on or previous.decided_on
    return chain


def earlier_warnings(client, *, breach_on, months=12, exclude=None):
    """Return the client's sanctions and warnings in the window: a warning is only for a first time."""
    start = breach_on - relativedelta(months=months)
    queryset = Zaak.objects.filter(
        client=client,
        soort=Soort.MAATREGEL,
        status__in=[ZaakStatus.WAARSCHUWING, ZaakStatus.OPGELEGD],
        decided_on__gte=start,
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset


def recidive_count_for(maatregel, *, exclude=None, known=None):
    """Return what the recidive rule of ``maatregel.rule`` looks at (see ``rules.proposed_sanction``).

    ``known``: ``(months, rows)``, the client's sanctions of every category decided in the ``months``
    before this breach, without ``exclude`` (``earlier_sanctions`` without ``rule``), when the caller
    read them already; used instead of a query when ``months`` is the window the rule looks at.
    """
    rule = maatregel.rule
    if rule.recidive_effect == RecidiveEffect.ART_18_LID_6_8:
        return art18_chain(maatregel.zaak.client, breach_on=maatregel.breach_on, exclude=exclude, known=known)
    if known is not None and known[0] == rule.recidive_months:
        # The same rows _same_family would select: a rule with the same code.
        return sum(1 for z in known[1] if z.maatregel.rule is not None and z.maatregel.rule.code == rule.code)
    earlier = earlier_sanctions(
        maatregel.zaak.client, breach_on=maatregel.breach_on, months=rule.recidive_months, exclude=exclude, rule=rule
    )
    return len(earlier)


def proposal(maatregel, *, known=None):
    """What the verordening proposes for this breach, given the recidive found (``known``: see
    ``recidive_count_for``)."""
    rule = maatregel.rule
    if rule is None:
        return None
    return rules.proposed_sanction(
        percentage=rule.percentage,
        duration_months=rule.duration_months,
        recidive_effect=rule.recidive_effect,
        recidive_count=recidive_count_for(maatregel, exclude=maatregel.zaak, known=known),
        on=maatregel.breach_on,
    )


def sanction_history(maatregel, *, any_earlier=True):
    """For a sanction's page: the client's earlier sanction decisions in the window before this breach
    (every category, newest first) and the verordening's proposal, which counts from the same rows.

    One query where the page read the earlier decisions and then the proposal read them again; none
    when ``any_earlier`` is False: the caller found no imposed sanction of the client decided before
    this breach at all (``imposed_sanctions``), so there is nothing to list or to count.
    """
    zaak, rule = maatregel.zaak, maatregel.rule
    if not maatregel.breach_on:
        return [], proposal(maatregel)
    months = rule.recidive_months if rule else 12
    if any_earlier:
        earlier = earlier_sanctions(zaak.client, breach_on=maatregel.breach_on, months=months, exclude=zaak)
    else:
        earlier = []
    return earlier, proposal(maatregel, known=(months, earlier))
