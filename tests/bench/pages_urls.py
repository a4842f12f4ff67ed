"""The app's URLs plus the benchmark's floor: a bare view, never mounted by the app itself.

``/bench/bare/`` runs one indexed query (the signed-in coach's first 25
clients, by the coach index) through the full middleware stack and renders a
tiny template string: what any page costs before it does its own work.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from clients.models import Client
from reintegratie.urls import urlpatterns as app_urlpatterns

_BARE = engines["django"].from_string("<ul>{% for c in clients %}<li>{{ c.client_number }}</li>{% endfor %}</ul>")


@login_required
def bare(request):
    coach_id = request.GET.get("coach") or request.user.pk
    clients = list(Client.objects.filter(coach_id=coach_id).order_by("pk").only("pk", "client_number")[:25])
    return HttpResponse(_BARE.render({"clients": clients}, request))


urlpatterns = [path("bench/bare/", bare), *app_urlpatterns]
