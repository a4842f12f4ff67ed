"""Users with one role each, teams of coaches, and provider organisations."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WERKCOACH = "werkcoach", _("Werkcoach")
    TEAMLEIDER = "teamleider", _("Teamleider")
    BEHEERDER = "beheerder", _("Functioneel beheerder")
    CLIENT = "client", _("Cliënt")
    AANBIEDER = "aanbieder", _("Re-integratiebedrijf")
    # The privacy officer: opens a named client's access log and change history, never file content.
    FUNCTIONARIS_GEGEVENSBESCHERMING = "fg", _("Functionaris gegevensbescherming")


STAFF_ROLES = frozenset(
    {Role.WERKCOACH, Role.TEAMLEIDER, Role.BEHEERDER, Role.AANBIEDER, Role.FUNCTIONARIS_GEGEVENSBESCHERMING}
)
CASEWORK_ROLES = frozenset({Role.WERKCOACH, Role.TEAMLEIDER})


class Team(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class Aanbieder(models.Model):
    """A re-integration provider organisation (re-integratiebedrijf)."""

    name = models.CharField(_("naam"), max_length=150, unique=True)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who logs in; the role decides what they may see."""

    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    aanbieder = models.ForeignKey(
        Aanbieder,
        verbose_name=_("aanbieder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    reachable = models.CharField(
        _("bereikbaar"),
        max_length=200,
        blank=True,
        help_text=_(
            "Wanneer cliënten u kunnen bellen, bijvoorbeeld: maandag tot en met donderdag, 9.00 tot 12.00 uur."
        ),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                name="user_role_valid",
                condition=Q(role__in=[r.value for r in Role]),
            ),
            models.CheckConstraint(
                name="user_aanbieder_iff_role_aanbieder",
                condition=(Q(role=Role.AANBIEDER) & Q(aanbieder__isnull=False))
                | (~Q(role=Role.AANBIEDER) & Q(aanbieder__isnull=True)),
            ),
            models.CheckConstraint(
                name="user_casework_roles_have_team",
                condition=~Q(role__in=[Role.WERKCOACH, Role.TEAMLEIDER]) | Q(team__isnull=False),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_werkcoach(self):
        return self.role == Role.WERKCOACH

    @property
    def is_teamleider(self):
        return self.role == Role.TEAMLEIDER

    @property
    def is_beheerder(self):
        return self.role == Role.BEHEERDER

    @property
    def is_client(self):
        return self.role == Role.CLIENT

    @property
    def is_aanbieder(self):
        return self.role == Role.AANBIEDER

    @property
    def is_fg(self):
        return self.role == Role.FUNCTIONARIS_GEGEVENSBESCHERMING

    @property
    def does_casework(self):
        return self.role in CASEWORK_ROLES
