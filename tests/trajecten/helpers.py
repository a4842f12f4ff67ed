"""Build plans and trajecten through the services, as the app does."""

from django.test import RequestFactory

from trajecten import services
from trajecten.models import Instrument


def request_as(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def agreed_plan(coach, client, goals=(("werk_opleiding", "Werk vinden in de zorg"),)):
    """A plan with goals and one action each, proposed and agreed on paper."""
    plan = services.plan_create(request=request_as(coach), client=client)
    for leefgebied, text in goals:
        doel = services.doel_add(request=request_as(coach), plan=plan, leefgebied=leefgebied, text=text)
        services.actie_add(request=request_as(coach), doel=doel, text="Sollicitatiebrief maken", owner="client")
    services.plan_transition(request=request_as(coach), plan=plan, to_status="voorgelegd")
    return services.plan_transition(request=request_as(coach), plan=plan, to_status="akkoord", agreed_how="papier")


def instrument(aanbieder=None, category="werk_opleiding", **extra):
    defaults = {"name": f"Instrument {category} {Instrument.objects.count() + 1}", "max_weeks": 15}
    return Instrument.objects.create(category=category, aanbieder=aanbieder, **{**defaults, **extra})
