"""The teamleider's dashboard, its exports and the background exports' pages.

Only a teamleider gets in (403 for every other role): the figures are the
team's, and a werkcoach sees their own clients in the caseload. Scope is
always ``Client.objects.visible_to(request.user)``; an export that is not
the user's own answers 404. URLs carry dates, table names and opaque ids only.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clients.models import Client
from reintegratie.accounts.policy import coaches_managed_by, teamleider_required
from reintegratie.documents.renderer import render_html_to_pdf
from reintegratie.storage import file_response

from . import exports, kpi, services, snapshots, statements
from .charts import bar_chart
from .definitions import KPI_DEFINITIONS
from .forms import ExportForm, PeriodForm
from .models import Export
from .tables import dashboard_tables
from .workflow import CONTENT_TYPES, ExportStatus


def _dashboard_context(request):
    form = PeriodForm(request.GET or None)
    period = form.period()
    data = kpi.dashboard(Client.objects.visible_to(request.user), period)
    tables = dashboard_tables(data)
    return form, period, data, tables


COACH_FIELDS = ("pk", "username", "first_name", "last_name")


def _coaches(user):
    # The export form shows a name per coach: the user rows' other columns (password, …) stay in the database.
    return coaches_managed_by(user).only(*COACH_FIELDS)


def _charts(data):
    out = data["outflow"]
    ladder = data["ladder"]
    return {
        "caseload": bar_chart(_("Cliënten per werkcoach"), [(r["coach"], r["total"]) for r in data["caseload"]]),
        "trajecten": bar_chart(
            _("Trajecten gestart per instrument"),
            [(r["instrument__name"], r["started"]) for r in data["trajecten"]["by_instrument"]],
        ),
        "uitstroom": bar_chart(
            _("Uitstroom per soort"),
            [
                (_("Werk, voltijd"), out["fulltime"]),
                (_("Werk, deeltijd"), out["parttime"]),
                (_("Opleiding"), out["education"]),
                (_("Anders"), out["other"]),
            ],
        ),
        "ladder": bar_chart(
            _("Beweging op de participatieladder"),
            [(_("Omhoog"), ladder["up"]), (_("Gelijk"), ladder["same"]), (_("Omlaag"), ladder["down"])],
        ),
    }


def _coaches_and_team(user):
    """The export form's coaches, and from the same query the team the heading names (``user.team``).

    Every coach of the list is in the teamleider's team (``coaches_managed_by``): the team comes
    along (one join) instead of a query of its own from the template. Without coaches the heading
    reads the team as before. The policy builds the coaches' queryset on every request; its SQL is
    compiled once per connection (``statements``), and the coaches are made from their rows with
    only these columns loaded, as ``only()`` did.
    """
    coaches = _coaches(user)
    fields = [*COACH_FIELDS, "team_id"]
    rows = statements.rows(("reports.coaches",), coaches, lambda: coaches.values_list(*fields, "team__name"))
    user_model, db = coaches.model, coaches.db
    names = [user_model._meta.pk.attname, *fields[1:]]
    people = [user_model.from_db(db, names, row[:-1]) for row in rows]
    if people and people[0].team_id == user.team_id and not user_model.team.is_cached(user):
        team_model = user_model.team.field.related_model
        user.team = team_model.from_db(db, ["id", "name"], [rows[0][-2], rows[0][-1]])
    return people


@login_required
@teamleider_required
@require_GET
def dashboard(request):
    """The team dashboard: KPIs for a period, charts with their tables, and exports."""
    form, period, data, tables = _dashboard_context(request)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "period": period,
            "data": data,
            "tables": tables,
            "charts": _charts(data),
            "query": f"start={period.start.isoformat()}&end={period.end.isoformat()}",
            "export_form": ExportForm(coaches=_coaches_and_team(request.user)),
            "exports": Export.objects.visible_to(request.user)[:5],
            "definitions": KPI_DEFINITIONS,
            # Two links per table: one reverse() instead of 24.
            "table_export_url": reverse("reports:table-export"),
        },
    )


@login_required
@teamleider_required
@require_GET
def municipality_dashboard(request):
    """The KPIs over all clients of the municipality, from last night's snapshot, with its date.

    Figures only (counts, shares, durations): no client in it, so no client scope applies.
    """
    snapshot = snapshots.latest_snapshot()
    context = {"snapshot": snapshot}
    if snapshot is not None:
        data = snapshots.snapshot_data(snapshot)
        charts = _charts(data)
        del charts["caseload"]  # hundreds of coaches: the table says it better than a chart
        context.update({"period": data["period"], "tables": dashboard_tables(data), "charts": charts, "data": data})
    return render(request, "reports/municipality_dashboard.html", context)


@login_required
@teamleider_required
@require_GET
def table_export(request):
    """One dashboard table (?tabel=…&formaat=csv|xlsx) as CSV (streamed) or XLSX. Figures only: no client data."""
    table, fmt = request.GET.get("tabel", ""), request.GET.get("formaat", "")
    _form, period, _data, tables = _dashboard_context(request)
    found = next((t for t in tables if t.key == table), None)
    if found is None or fmt not in ("csv", "xlsx"):
        raise Http404
    name = f"{found.key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in exports.csv_lines(found.columns, found.rows)),
            content_type=CONTENT_TYPES["csv"],
        )
    else:
        buffer = io.BytesIO()
        exports.write_xlsx(buffer, [(found.title, found.columns, found.rows)])
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@teamleider_required
@require_GET
def dashboard_pdf(request):
    """The dashboard as a PDF management report, through the letters' renderer."""
    _form, period, data, tables = _dashboard_context(request)
    html = render_to_string(
        "reports/dashboard_pdf.html",
        {
            "period": period,
            "tables": tables,
            "team": request.user.team,
            "made_at": timezone.localtime(),
            "charts": _charts(data),
            "definitions": KPI_DEFINITIONS,
        },
    )
    response = HttpResponse(render_html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="managementrapportage-{period.start:%Y%m%d}.pdf"'
    return response


@login_required
@teamleider_required
@require_POST
def export_create(request):
    """Ask for a background export of the team's clients; then show its progress."""
    form = ExportForm(request.POST, coaches=_coaches(request.user))
    if not form.is_valid():
        messages.error(request, _("Kies wat u wilt downloaden."))
        return redirect("reports:dashboard")
    try:
        export = services.export_request(
            request=request, kind=form.cleaned_data["kind"], coach_id=form.cleaned_data["coach"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:dashboard")
    return redirect("reports:export-detail", export_id=export.pk)


def _own_export(request, export_id):
    return get_object_or_404(Export.objects.visible_to(request.user), pk=export_id)


def _status(export):
    return {
        "status": export.status,
        "label": export.get_status_display(),
        "done": export.done,
        "total": export.total,
        "percent": export.percent,
        "download": (
            reverse("reports:export-download", kwargs={"export_id": export.pk})
            if export.status == ExportStatus.KLAAR
            else None
        ),
    }


@login_required
@teamleider_required
@require_GET
def export_detail(request, export_id):
    """The export's page: a progress bar that follows the status, then the download link."""
    export = _own_export(request, export_id)
    return render(request, "reports/export_detail.html", {"export": export, "state": _status(export)})


@login_required
@teamleider_required
@require_GET
def export_status(request, export_id):
    """The export's progress as JSON, for the progress bar."""
    return JsonResponse(_status(_own_export(request, export_id)))


@login_required
@teamleider_required
@require_GET
def export_download(request, export_id):
    """The finished file, for the user who asked for it only (404 for anyone else); logged per client."""
    export = _own_export(request, export_id)
    if export.status != ExportStatus.KLAAR:
        raise Http404
    services.export_download_log(request=request, export=export)
    return file_response(export.file, filename=export.download_name, content_type=CONTENT_TYPES[export.extension])
