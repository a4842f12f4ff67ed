"""factory_boy factories with Dutch fake data. States are Traits."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from clients.models import Afspraak, Client, Contactmoment, Overdracht
from clients.workflow import AfspraakOutcome, Channel, ClientStatus, OverdrachtReason
from reintegratie.accounts.models import Aanbieder, Role, Team, User


def bsn_for(n):
    """Return the n-th valid BSN of a deterministic series (elfproef, not 000000000)."""
    k = 0
    found = -1
    while True:
        base = f"{10000000 + k * 37:08d}"
        check = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), base, strict=True)) % 11
        k += 1
        if check <= 9:
            found += 1
            if found == n:
                return base + str(check)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class AanbiederFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aanbieder

    name = factory.Sequence(lambda n: f"Aanbieder {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@voorbeeldstad.example")
    role = Role.WERKCOACH
    team = factory.SubFactory(TeamFactory)
    password = factory.django.Password("geheim-wachtwoord")

    class Params:
        teamleider = factory.Trait(role=Role.TEAMLEIDER)
        beheerder = factory.Trait(role=Role.BEHEERDER, team=None, is_staff=True)
        client_account = factory.Trait(role=Role.CLIENT, team=None)
        fg = factory.Trait(role=Role.FUNCTIONARIS_GEGEVENSBESCHERMING, team=None)
        aanbieder_account = factory.Trait(
            role=Role.AANBIEDER, team=None, aanbieder=factory.SubFactory(AanbiederFactory)
        )


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client
        skip_postgeneration_save = True

    client_number = factory.Sequence(lambda n: 500000 + n)
    bsn = factory.Sequence(bsn_for)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = factory.LazyFunction(lambda: date(1985, 5, 17))
    benefit_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=200))
    status = ClientStatus.ACTIEF
    coach = factory.SubFactory(UserFactory)

    @factory.post_generation
    def first_assignment(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Overdracht.objects.create(
                client=obj,
                to_coach=obj.coach,
                reason=OverdrachtReason.EERSTE_TOEWIJZING,
                created_by=obj.coach,
                acknowledged_at=timezone.now(),
            )


class ContactmomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contactmoment

    client = factory.SubFactory(ClientFactory)
    author = factory.SelfAttribute("client.coach")
    at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    channel = Channel.TELEFOON
    summary = "Gesproken over werk in de zorg."


class AfspraakFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Afspraak

    client = factory.SubFactory(ClientFactory)
    with_user = factory.SelfAttribute("client.coach")
    created_by = factory.SelfAttribute("client.coach")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    place = "Stadswinkel"
    purpose = "Voortgangsgesprek"

    class Params:
        geweest = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=7)),
            outcome=AfspraakOutcome.VERSCHENEN,
            outcome_recorded_at=factory.LazyFunction(timezone.now),
        )
