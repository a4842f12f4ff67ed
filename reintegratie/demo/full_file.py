"""A full client file of a year, for the page benchmark (issue #17, ``tests/bench/bench_pages.py``).

``seed_scale`` gives most clients a thin file (no appointments, letters, messages, documents or open
questions), and the client file costs no query for an empty list; a real file of a year holds all of
them. :func:`full_file_ensure` gives one client of a coach such a file, built by seed_demo's own
helpers with the shape of demo client ``SHAPE`` (an agreed plan with a running traject at a provider,
a missed appointment) plus what the portal demo login has: five appointments (past, upcoming, one
missed, one without an outcome yet), six contact moments, an intake with its treden, a plan with goals
and actions, progress reports, five letters of the file (rendered) and two of a sanction, three
messages with a cv, a diploma, an open question of the client, and two zaken (the sanction after
the missed appointment, a complaint). Everything is dated relative to today, the same at every size
of database; a second call only renders letters a first call left unrendered.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from clients.models import Client
from clients.numbers import client_number_sync
from clients.portal_services import taak_create
from clients.workflow import ClientStatus, TaakKind
from intake.workflow import IntakeStatus
from reintegratie.accounts.models import Role, User
from reintegratie.dossier.categories import Category
from reintegratie.dossier.services import document_upload

from .berichten import _cv_pdf, klant_berichten
from .klant import klant_letters, klant_letters_in_order

#: A number after every seeded one (the seeds number from 100001 up), the same at every size.
FULL_CLIENT_NUMBER = 990001
FULL_BSN = "999999011"
FULL_USERNAME = "bench_vol"
#: The demo client index whose shape the file takes (seed_demo's ``client_history``, ``client_intake``
#: and ``plan_and_traject`` vary by it): no draft intake, an agreed plan, a running traject, a no-show.
SHAPE = 10
CONTACTS = 6


def full_client(coach):
    """The coach's client with the full file, or None."""
    return Client.objects.filter(client_number=FULL_CLIENT_NUMBER, coach=coach).first()


def full_file_ensure(coach, leider):
    """The coach's client with a full file: made once (one transaction), its letters rendered."""
    client = full_client(coach)
    if client is None:
        with transaction.atomic():
            client = _full_file(coach, leider)
    _render_letters(client)
    return client


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def _full_file(coach, leider):
    from klachten import deadlines
    from klachten.demo import _imposed, _set, _zaak, sanction_rules_ensure
    from klachten.models import Klacht, SanctieRegel
    from klachten.rules import DEFAULTS_VALID_FROM
    from klachten.workflow import Channel, Soort, ZaakStatus
    from reintegratie.demo.management.commands.seed_demo import Command

    now, today = timezone.now(), timezone.localdate()
    user, _created = User.objects.get_or_create(
        username=FULL_USERNAME, defaults={"role": Role.CLIENT, "first_name": "Vera", "last_name": "Zwanenburg"}
    )
    client = Client.objects.create(
        client_number=FULL_CLIENT_NUMBER,
        bsn=FULL_BSN,
        first_name="Vera",
        last_name="Zwanenburg",
        date_of_birth=today.replace(year=today.year - 41, month=3, day=14),
        email="vera.zwanenburg@mail.example",
        phone="06 12345678",
        street="Zwart Janstraat",
        house_number="41",
        postcode="3035 AB",
        city="Voorbeeldstad",
        benefit_start=today - timedelta(days=400),
        service_route="intensief",
        status=ClientStatus.ACTIEF,
        coach=coach,
        user=user,
    )
    client_number_sync()
    seed = Command()
    team = list(User.objects.filter(role=Role.WERKCOACH, team_id=coach.team_id).order_by("pk")[:5])
    seed.client_history(
        client, coach, team, {"teamleider": leider, "teamleider2": leider}, None, now, SHAPE, contacts=CONTACTS
    )
    seed.client_intake(client, coach, now, SHAPE)
    intake = client.intakes.select_related("client__coach").get(status=IntakeStatus.AFGEROND)
    seed.plan_and_traject(intake, SHAPE, seed.demo_instruments(), now, today)
    klant_letters(client)
    klant_letters_in_order(client)
    klant_berichten(client)
    diploma = SimpleUploadedFile("diploma-hygiene.pdf", _cv_pdf(), content_type="application/pdf")
    document_upload(request=_request(coach), client=client, category=Category.DIPLOMA, upload=diploma)
    taak_create(
        request=_request(user),
        client=client,
        kind=TaakKind.ACTIE_GEDAAN,
        text="Ik heb mij aangemeld bij de buurtsportclub.",
    )
    sanction_rules_ensure()
    rule = SanctieRegel.objects.get(code="plan-van-aanpak", valid_from=DEFAULTS_VALID_FROM)
    _imposed(client, coach, rule, today)
    received = today - timedelta(days=12)
    klacht = _zaak(client, Soort.KLACHT, ZaakStatus.ONTVANGEN, received, coach, channel=Channel.TELEFOON)
    Klacht.objects.create(
        zaak=klacht, category="bereikbaarheid", description="Mijn werkcoach belde niet terug.", acknowledged_on=received
    )
    _set(klacht, deadlines.klacht_beslistermijn(received_on=received))
    return client


def _render_letters(client):
    """Render what is still waiting (without a broker the worker ran at commit already; a rerun finishes it)."""
    from reintegratie.documents.models import BriefStatus
    from reintegratie.documents.services import brief_render

    for brief_id in client.brieven.exclude(status=BriefStatus.KLAAR).values_list("pk", flat=True):
        brief_render(brief_id=brief_id)
