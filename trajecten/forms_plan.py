"""Forms of the plan van aanpak pages: they shape input; trajecten.services.plan applies the rules.

Every form that edits the plan carries the plan's lock_version in the hidden
field ``lock``; the service compares it (optimistic locking).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from clients.forms import DateInput
from intake.workflow import Leefgebied

from .workflow import AgreedHow, Owner, PlanStatus


class LockedForm(forms.Form):
    """A form about one plan version: carries the lock_version the page was built from."""

    lock = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["lock"].initial = plan.lock_version


class PlanForm(LockedForm):
    evaluate_on = forms.DateField(
        label=_("Evaluatiedatum"),
        widget=DateInput(),
        help_text=_("Op deze datum bekijkt u het plan samen met de cliënt."),
    )
    client_input = forms.CharField(
        label=_("Eigen inbreng van de cliënt"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat wil de cliënt zelf? Schrijf het op in de woorden van de cliënt."),
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if plan is not None:
            self.fields["evaluate_on"].initial = plan.evaluate_on
            self.fields["client_input"].initial = plan.client_input


class DoelForm(LockedForm):
    leefgebied = forms.ChoiceField(label=_("Leefgebied"), choices=[("", _("Kies een leefgebied")), *Leefgebied.choices])
    text = forms.CharField(
        label=_("Doel"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat wil de cliënt bereiken? Bijvoorbeeld: 'Ik werk 16 uur per week in de zorg.'"),
    )
    due = forms.DateField(label=_("Wanneer bereikt (mag leeg)"), required=False, widget=DateInput())

    def __init__(self, *args, plan=None, doel=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if doel is not None:
            for name in ("leefgebied", "text", "due"):
                self.fields[name].initial = getattr(doel, name)


class ActieForm(LockedForm):
    text = forms.CharField(label=_("Actie"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ChoiceField(label=_("Wie doet het?"), choices=Owner.choices, widget=forms.RadioSelect)
    due = forms.DateField(label=_("Wanneer klaar (mag leeg)"), required=False, widget=DateInput())

    def __init__(self, *args, plan=None, actie=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if actie is not None:
            for name in ("text", "owner", "due"):
                self.fields[name].initial = getattr(actie, name)


class ActieDoneForm(forms.Form):
    note = forms.CharField(
        label=_("Korte toelichting (mag leeg)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld wat het opleverde. Maximaal 500 tekens."),
    )


class ProposeForm(LockedForm):
    """'Voorleggen aan de cliënt': a button; the lock makes sure the coach proposes what they saw."""


class AgreementForm(LockedForm):
    """The coach records the client's agreement given on paper.

    Agreement in the portal is given by the client there, so the coach cannot choose it.
    """

    agreed_how = forms.ChoiceField(
        label=_("Hoe gaf de cliënt akkoord?"),
        choices=[(AgreedHow.PAPIER, AgreedHow.PAPIER.label)],
        initial=AgreedHow.PAPIER,
        widget=forms.RadioSelect,
    )
    client_input = forms.CharField(
        label=_("Eigen inbreng van de cliënt"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat de cliënt zelf over het plan zegt. Pas aan als de cliënt iets heeft toegevoegd."),
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if plan is not None:
            self.fields["client_input"].initial = plan.client_input


class BackToConceptForm(LockedForm):
    """The client does not agree (yet): back to concept, with the reason."""

    note = forms.CharField(
        label=_("Waarom gaat het plan terug naar concept?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    client_input = forms.CharField(
        label=_("Wat zegt de cliënt zelf? (mag leeg)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if plan is not None:
            self.fields["client_input"].initial = plan.client_input


# The status forms by target status. Two of them share the plan page, so each
# gets its own ids (auto_id); the field names stay plain (to, agreed_how, note, client_input).
STATUS_FORMS = {
    PlanStatus.VOORGELEGD: (ProposeForm, "voorleggen_%s"),
    PlanStatus.AKKOORD: (AgreementForm, "akkoord_%s"),
    PlanStatus.CONCEPT: (BackToConceptForm, "terug_%s"),
}
