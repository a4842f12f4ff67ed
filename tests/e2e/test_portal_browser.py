"""Mijn re-integratie in a real browser: the client reads the plan, adds input, agrees, downloads the PDF."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

GOAL = "Een vrijwilligersbaan vinden in de buurt."
ACTION = "Drie vacatures op de vrijwilligersbank bekijken."
# Nothing in the page content sticks out to the right at 360 px (the header is base.html's).
FITS_ON_A_PHONE = """() => [...document.querySelectorAll('main *')]
    .every(e => e.getBoundingClientRect().right <= window.innerWidth)"""


def _propose_a_plan(client, coach):
    """Put a proposed plan in front of the demo client, made the way the coach makes it."""
    from django.test import RequestFactory
    from django.utils import timezone

    from trajecten import services
    from trajecten.models import Plan

    request = RequestFactory().post("/")
    request.user = coach
    plan = Plan.objects.filter(client=client, is_current=True).first()
    if plan is None:
        plan = services.plan_create(request=request, client=client)
    elif plan.status == "akkoord":
        plan = services.plan_new_version(request=request, plan=plan)
    elif plan.status == "voorgelegd":
        plan = services.plan_transition(request=request, plan=plan, to_status="concept", note="Nog een doel erbij.")
    doel = services.doel_add(request=request, plan=plan, leefgebied="tijdsbesteding", text=GOAL)
    services.actie_add(request=request, doel=doel, text=ACTION, owner="client")
    for empty in plan.doelen.filter(acties__isnull=True):
        services.actie_add(request=request, doel=empty, text="Eerste gesprek plannen.", owner="werkcoach")
    plan.refresh_from_db()
    services.plan_update(
        request=request,
        plan=plan,
        expected_lock=None,
        evaluate_on=timezone.localdate() + timedelta(days=60),
    )
    return services.plan_transition(request=request, plan=plan, to_status="voorgelegd")


def test_the_client_reads_adds_input_agrees_and_downloads_the_plan(page, live_server, demo_data, login):
    from clients.models import Client
    from reintegratie.accounts.models import Role, User
    from reintegratie.celery import app as celery_app
    from reintegratie.documents.models import Brief
    from tests.e2e.conftest import DEMO_PASSWORD
    from trajecten.models import Actie, Plan

    client = Client.objects.get(user__username="klant")
    assert (client.first_name, client.last_name) == ("Anouk", "Bos")
    plan = _propose_a_plan(client, User.objects.get(username="coach"))

    previous = celery_app.conf.task_always_eager
    # No broker publishing from the live server thread; the letter is rendered below.
    celery_app.conf.task_always_eager = False
    try:
        page.set_viewport_size({"width": 360, "height": 780})
        login("klant")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mijn re-integratie")
        expect(page.get_by_text(re.compile("Heeft u een vraag"))).to_be_visible()
        assert page.evaluate(FITS_ON_A_PHONE)

        # Read the plan (the menu is collapsed on a phone).
        page.get_by_role("button", name="Menu openen").click()
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn plan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Mijn plan van aanpak")
        expect(page.get_by_role("heading", name=re.compile(re.escape(GOAL)))).to_be_visible()
        expect(page.get_by_text(ACTION, exact=True)).to_be_visible()
        expect(page.get_by_role("link", name=f"Ik heb dit gedaan : {ACTION}")).to_be_visible()
        assert page.evaluate(FITS_ON_A_PHONE)

        # Add own input.
        page.get_by_label("Wat wilt u zelf in uw plan zetten?").fill("Ik kan goed met oudere mensen omgaan.")
        page.get_by_role("button", name="Inbreng bewaren").click()
        expect(page.get_by_role("status")).to_contain_text("Uw inbreng is bewaard")
        expect(page.get_by_text("Ik kan goed met oudere mensen omgaan.")).to_be_visible()

        # Agree to exactly this version.
        page.get_by_role("button", name=f"Ik ga akkoord met versie {plan.version}").click()
        expect(page.get_by_role("status")).to_contain_text(f"U bent akkoord met versie {plan.version}")
        plan.refresh_from_db()
        assert (plan.status, plan.agreed_how) == ("akkoord", "portaal")

        # A worker renders the letter (in CI the broker is Redis and no worker runs here, so
        # render what waits, exactly as the worker's task would).
        from reintegratie.documents.models import BriefStatus
        from reintegratie.documents.services import brief_render

        for waiting in Brief.objects.filter(client=client, status=BriefStatus.IN_WACHTRIJ):
            brief_render(brief_id=waiting.pk)

        # Download the plan letter.
        page.reload()
        with page.expect_download() as info:
            page.get_by_role("link", name=re.compile("Download uw plan als PDF")).click()
        download = info.value
        assert download.suggested_filename.endswith(".pdf")
        with open(download.path(), "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
    finally:
        celery_app.conf.task_always_eager = previous

    letter = Brief.objects.filter(client=client, kind="plan_van_aanpak", status="klaar").latest("created_at")
    actie = Actie.objects.get(doel__plan=plan, text=ACTION)
    assert Plan.objects.get(pk=plan.pk).status == "akkoord"

    # A second client sees none of it. (A fresh session; logout itself is tested in tests/accounts.
    # Clicking it here raced the collapsing phone menu.)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/account/inloggen/")
    expect(page).to_have_url(re.compile(r"/account/inloggen/"))
    other = Client.objects.exclude(pk=client.pk).filter(user__isnull=True).order_by("client_number").first()
    other.user = User.objects.create_user(username="klant2", password=DEMO_PASSWORD, role=Role.CLIENT)
    other.save(update_fields=["user"])
    login("klant2")
    page.goto(f"{live_server.url}/mijn/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn plan van aanpak")
    expect(page.get_by_text(GOAL)).to_have_count(0)
    assert page.request.get(f"{live_server.url}/brieven/{letter.pk}/download/").status == 404
    assert page.request.get(f"{live_server.url}/mijn/plan/acties/{actie.pk}/gedaan/").status == 404
    assert page.request.post(f"{live_server.url}/mijn/plan/acties/{actie.pk}/gedaan/").status in (403, 404)
