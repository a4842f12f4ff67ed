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

_LIVE = engines["django"].from_string(
    "{% extends 'base.html' %}{% block content %}"
    "{% for name, chart in charts.items %}{% include 'components/_bar_chart.html' with chart=chart %}{% endfor %}"
    "{% for table in tables %}{% include 'components/_report_table.html' with table=table %}{% endfor %}"
    "{% endblock content %}"
)
_BARE = engines["django"].from_string("<ul>{% for c in clients %}<li>{{ c.client_number }}</li>{% endfor %}</ul>")


@login_required
def dashboard_all_live(request):
    """Every KPI over all clients, computed live: what a municipality-wide dashboard costs without a snapshot."""
    from reintegratie.reports import kpi
    from reintegratie.reports.forms import default_period
    from reintegratie.reports.tables import dashboard_tables
    from reintegratie.reports.views import _charts

    data = kpi.dashboard(Client.objects.all(), default_period())
    context = {"period": data["period"], "data": data, "tables": dashboard_tables(data), "charts": _charts(data)}
    return HttpResponse(_LIVE.render(context, request))


@login_required
def bare(request):
    coach_id = request.GET.get("coach") or request.user.pk
    clients = list(Client.objects.filter(coach_id=coach_id).order_by("pk").only("pk", "client_number")[:25])
    return HttpResponse(_BARE.render({"clients": clients}, request))


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/dashboard-all-live/", dashboard_all_live),
    *app_urlpatterns,
]
