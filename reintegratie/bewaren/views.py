"""The beheerder's destruction lists: check, exclude with a reason, approve (four eyes).

Only the functioneel beheerder gets in (403 for every other role). The pages
show client numbers, dates and teams, never names: the beheerder sees no
client data.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from reintegratie.accounts.models import Role
from reintegratie.accounts.policy import roles_required

from . import selectors, services
from .forms import ExcludeForm
from .models import VernietigingItem, Vernietigingslijst
from .workflow import EDITABLE, LijstStatus

beheerder_required = roles_required(Role.BEHEERDER)


@login_required
@beheerder_required
@require_safe
def lijst_list(request):
    context = {"lijsten": selectors.lijsten_overview(), "settings_years": settings.RETENTION_CLIENT_FILE_YEARS}
    return render(request, "bewaren/vernietigingslijst_list.html", context)


def _detail(request, lijst, *, form_item=None, form=None):
    context = {
        "lijst": lijst,
        "items": selectors.lijst_items(lijst),
        "editable": lijst.status in EDITABLE,
        "can_approve": lijst.status == LijstStatus.GECONTROLEERD,
        "form_item": form_item,
        "form": form,
        "empty_form": ExcludeForm(),
    }
    return render(request, "bewaren/vernietigingslijst_detail.html", context)


@login_required
@beheerder_required
@require_safe
def lijst_detail(request, lijst_id):
    return _detail(request, get_object_or_404(Vernietigingslijst, pk=lijst_id))


def _item(lijst_id, item_id):
    return get_object_or_404(VernietigingItem.objects.select_related("lijst"), pk=item_id, lijst_id=lijst_id)


@login_required
@beheerder_required
@require_POST
def item_exclude(request, lijst_id, item_id):
    item = _item(lijst_id, item_id)
    form = ExcludeForm(request.POST)
    if form.is_valid():
        try:
            services.item_exclude(user=request.user, item_id=item.pk, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dossier %(number)s blijft bewaard.") % {"number": item.client_number})
            return redirect("bewaren:lijst-detail", lijst_id=lijst_id)
    return _detail(request, item.lijst, form_item=item, form=form)


@login_required
@beheerder_required
@require_POST
def item_include(request, lijst_id, item_id):
    item = _item(lijst_id, item_id)
    try:
        services.item_include(user=request.user, item_id=item.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dossier %(number)s staat weer op de lijst.") % {"number": item.client_number})
    return redirect("bewaren:lijst-detail", lijst_id=lijst_id)


@login_required
@beheerder_required
@require_POST
def lijst_check(request, lijst_id):
    lijst = get_object_or_404(Vernietigingslijst, pk=lijst_id)
    try:
        services.lijst_check(user=request.user, lijst_id=lijst.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De lijst is gecontroleerd. Een andere beheerder keurt hem goed."))
    return redirect("bewaren:lijst-detail", lijst_id=lijst.pk)


@login_required
@beheerder_required
@require_POST
def lijst_approve(request, lijst_id):
    lijst = get_object_or_404(Vernietigingslijst, pk=lijst_id)
    try:
        services.lijst_approve(user=request.user, lijst_id=lijst.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De lijst is goedgekeurd. De dossiers worden nu vernietigd."))
    return redirect("bewaren:lijst-detail", lijst_id=lijst.pk)
