"""Status vocabularies of the clients app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("Aangemeld")
    ACTIEF = "actief", _("Actief")
    UITGESTROOMD = "uitgestroomd", _("Uitgestroomd")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class ServiceRoute(models.TextChoices):
    """Dienstverleningsroute: how intensive the service is."""

    DIRECT_NAAR_WERK = "direct_naar_werk", _("Direct naar werk")
    INTENSIEF = "intensief", _("Intensief")
    ARBEIDSPERSPECTIEF = "arbeidsperspectief_ontdekken", _("Arbeidsperspectief ontdekken")
    MAATSCHAPPELIJKE_PARTICIPATIE = "maatschappelijke_participatie", _("Maatschappelijke participatie")


class Channel(models.TextChoices):
    KANTOOR = "kantoor", _("Gesprek op kantoor")
    TELEFOON = "telefoon", _("Telefoon")
    VIDEO = "video", _("Videogesprek")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    EMAIL = "email", _("E-mail")
    BRIEF = "brief", _("Brief")
    BALIE = "balie", _("Balie")
    BERICHT = "bericht", _("Bericht in Mijn re-integratie")


class AfspraakOutcome(models.TextChoices):
    VERSCHENEN = "verschenen", _("Verschenen")
    NIET_VERSCHENEN = "niet_verschenen", _("Niet verschenen")
    AFGEZEGD = "afgezegd", _("Afgezegd")


class AfspraakMode(models.TextChoices):
    OP_LOCATIE = "op_locatie", _("Op locatie")
    TELEFOON = "telefoon", _("Telefonisch")
    VIDEO = "video", _("Beeldbellen")


class OverdrachtReason(models.TextChoices):
    EERSTE_TOEWIJZING = "eerste_toewijzing", _("Eerste toewijzing")
    HERVERDELING = "herverdeling", _("Herverdeling van de caseload")
    VERTREK = "vertrek_werkcoach", _("Werkcoach vertrekt of is langdurig afwezig")
    SPECIALISME = "specialisme", _("Andere deskundigheid nodig")
    WENS_CLIENT = "wens_client", _("Op verzoek van de cliënt")
    ANDERS = "anders", _("Andere reden")


class TaakKind(models.TextChoices):
    """What a client asked of the coach through Mijn re-integratie."""

    PLAN_NIET_AKKOORD = "plan_niet_akkoord", _("Cliënt is het niet eens met het plan")
    INTAKE_KLOPT_NIET = "intake_klopt_niet", _("Cliënt zegt: dit klopt niet in de intake")
    ACTIE_GEDAAN = "actie_gedaan", _("Cliënt meldt een actie als gedaan")
    AFSPRAAK_VERZETTEN = "afspraak_verzetten", _("Cliënt vraagt een andere tijd voor een afspraak")
    AFSPRAAK_AFGEZEGD = "afspraak_afgezegd", _("Cliënt heeft een afspraak afgezegd")


class VerzetverzoekStatus(models.TextChoices):
    """The coach's answer to a request for another time."""

    OPEN = "open", _("Wacht op de werkcoach")
    GEACCEPTEERD = "geaccepteerd", _("Verzet naar een moment van de cliënt")
    ANDER_VOORSTEL = "ander_voorstel", _("Werkcoach stelt een andere tijd voor")
