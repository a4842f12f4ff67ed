"""Messages made through the services, for the matrix and the berichten tests."""

from django.test import RequestFactory

from reintegratie.berichten.services import bericht_from_client


def client_message(client_obj, text="Ik heb een vraag over mijn plan."):
    """A message from the client (sent as the client's portal account, or as the coach when there is none)."""
    request = RequestFactory().post("/")
    request.user = client_obj.user or client_obj.coach
    return bericht_from_client(request=request, client=client_obj, text=text)


def matrix_bericht(world, which):
    """The matrix world's message of ``client`` or ``foreign``, made once."""
    key = f"_bericht_{which}"
    if key not in world:
        world[key] = client_message(world[which])
    return world[key]
