"""Views of the brede intake: start, fill in (draft or complete), summary, ladder steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.forms import add_service_error
from clients.models import Client
from clients.services import EditConflict
from reintegratie.accounts.policy import casework_required
from reintegratie.audit.models import AccessLog
from reintegratie.audit.services import access_log_write

from . import selectors, services
from .forms import IntakeForm, ScoreFormSet, TredeForm
from .models import Intake


def _client(request, client_id):
    return get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)


def _intake(request, client, intake_id):
    queryset = selectors.intake_with_details(Intake.objects.visible_to(request.user))
    return get_object_or_404(queryset, pk=intake_id, client=client)


@login_required
@casework_required
@require_POST
def intake_start(request, client_id):
    client = _client(request, client_id)
    try:
        intake = services.intake_start(request=request, client=client)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("clients:client-detail", client_id=client.pk)
    return redirect("intake:intake-edit", client_id=client.pk, intake_id=intake.pk)


def _score_initial(intake):
    return [{name: getattr(s, name) for name in ("leefgebied", *services.SCORE_FIELDS)} for s in intake.scores.all()]


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def intake_edit(request, client_id, intake_id):
    """Fill in the intake over one or more sittings: save as draft at any point, or complete."""
    client = _client(request, client_id)
    intake = _intake(request, client, intake_id)
    if not intake.is_concept:
        return redirect("intake:intake-detail", client_id=client.pk, intake_id=intake.pk)
    form = IntakeForm(request.POST or None, instance=intake, prefix="intake")
    scores = ScoreFormSet(request.POST or None, initial=_score_initial(intake), prefix="score")
    score_labels = [s.get_leefgebied_display() for s in intake.scores.all()]
    score_mismatch = None
    if request.method == "POST" and len(scores.forms) != len(score_labels):
        # A posted page with another number of scores than this intake has (an old or altered page):
        # nothing is saved, and the scores are shown again as stored.
        score_mismatch = _(
            "De scores op de pagina hoorden niet bij deze intake. Niets is opgeslagen; vul ze opnieuw in."
        )
        scores = ScoreFormSet(initial=_score_initial(intake), prefix="score")
    if request.method == "POST" and score_mismatch is None and form.is_valid() and scores.is_valid():
        fields, occupations = form.service_fields()
        values = dict(f.service_values() for f in scores.forms)
        complete = "complete" in request.POST
        service = services.intake_complete if complete else services.intake_save
        try:
            service(
                request=request,
                intake=intake,
                expected_version=form.cleaned_data["version"],
                fields=fields,
                scores=values,
                occupations=occupations,
            )
        except (EditConflict, services.IncompleteIntake) as error:
            add_service_error(form, error)
            # Keep the typed input; the next save is measured against what is stored now.
            form.data = form.data.copy()
            form.data["intake-version"] = error.intake.version if hasattr(error, "intake") else error.current.version
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if complete:
                messages.success(request, _("De intake is afgerond. De cliënt krijgt de samenvatting per brief."))
                return redirect("intake:intake-detail", client_id=client.pk, intake_id=intake.pk)
            messages.success(request, _("Opgeslagen als concept. U kunt later verder."))
            return redirect("intake:intake-edit", client_id=client.pk, intake_id=intake.pk)
    return render(
        request,
        "intake/intake_form.html",
        {
            "client": client,
            "intake": intake,
            "form": form,
            "scores": list(zip(scores.forms, score_labels, strict=True)),
            "score_management": scores.management_form,
            "score_errors": ErrorList([score_mismatch]) if score_mismatch else scores.non_form_errors(),
        },
    )


@login_required
@casework_required
@require_safe
def intake_detail(request, client_id, intake_id):
    """The one-page intake summary; a herbeoordeling shows what changed per domain."""
    client = _client(request, client_id)
    intake = _intake(request, client, intake_id)
    access_log_write(request=request, client=client, action=AccessLog.Action.VIEW)
    return render(
        request,
        "intake/intake_detail.html",
        {"client": client, "intake": intake, **selectors.summary_for(request.user, intake)},
    )


@login_required
@casework_required
@require_http_methods(["GET", "POST"])
def trede_create(request, client_id):
    """Register a new step on the participatieladder."""
    client = _client(request, client_id)
    form = TredeForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.trede_register(request=request, client=client, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De trede is vastgelegd."))
            return redirect(reverse("clients:client-detail", kwargs={"client_id": client.pk}) + "#intake")
    return render(request, "intake/trede_form.html", {"client": client, "form": form})
