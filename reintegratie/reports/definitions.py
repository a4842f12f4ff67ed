"""How each dashboard figure is counted, in plain Dutch, for the teamleider on the dashboard itself.

The precise definitions for developers are in docs/kpi.md; these sentences say the same
without field names. Keep both in step when a count changes.
"""

from django.utils.translation import gettext_lazy as _

KPI_DEFINITIONS = [
    (
        _("Wie tellen mee?"),
        _(
            "Alleen de cliënten van uw team: cliënten van wie de werkcoach nu in uw team zit. "
            "De periode loopt van de eerste tot en met de laatste gekozen dag."
        ),
    ),
    (_("Caseload"), _("Het aantal cliënten per werkcoach vandaag, en hoeveel daarvan actief zijn.")),
    (
        _("Intakes afgerond"),
        _("Brede intakes die in de periode zijn afgerond."),
    ),
    (
        _("Doorlooptijd intake"),
        _(
            "Het aantal dagen van het begin van de intake tot de afronding: het gemiddelde en de middelste "
            "waarde. Een intake die achteraf is ingevoerd, telt hier niet mee."
        ),
    ),
    (
        _("Plannen voorgelegd en akkoord"),
        _(
            "Versies van een plan van aanpak die in de periode voor het eerst aan de cliënt zijn voorgelegd. "
            "Daarvan: hoeveel akkoord kregen, en na hoeveel dagen."
        ),
    ),
    (
        _("Acties te laat"),
        _("Open acties in het huidige plan met een datum die voorbij is. Dit is de stand van vandaag."),
    ),
    (
        _("Trajecten"),
        _(
            "Gestart: de startdatum ligt in de periode. Lopend: het traject liep op de laatste dag van de periode. "
            "Afgesloten: de einddatum ligt in de periode; elk afgesloten traject heeft een eindrapportage."
        ),
    ),
    (
        _("Uitstroom"),
        _("Cliënten die in de periode uitstroomden: naar werk (voltijd of deeltijd), naar school of anders."),
    ),
    (
        _("Duurzaam na 6 en 12 maanden"),
        _(
            "Uitstroom naar werk waarvan het moment van 6 of 12 maanden in de periode valt. Duurzaam: de persoon "
            "had toen nog geen uitkering. Alleen antwoorden die bekend zijn, tellen mee in het percentage."
        ),
    ),
    (
        _("Participatieladder"),
        _(
            "Cliënten met een trede in de periode. We vergelijken de trede aan het eind met de trede aan het begin: "
            "omhoog, gelijk of omlaag."
        ),
    ),
    (
        _("Overdrachten"),
        _(
            "Wisselingen van werkcoach in de periode. De eerste keer dat een cliënt een werkcoach krijgt, "
            "is geen overdracht."
        ),
    ),
    (
        _("Klachten, maatregelen en bezwaren"),
        _(
            "Ontvangen: de datum van ontvangst ligt in de periode. Beslist: de datum van de beslissing ligt in de "
            "periode. Beslistijd: de dagen van ontvangst tot beslissing, gemiddeld."
        ),
    ),
    (
        _("Percentages"),
        _("Een percentage heeft één cijfer achter de komma. Is er niets om mee te delen? Dan staat er een streepje."),
    ),
]
