"""A starting list of common occupations; the beheerder keeps it up to date in the admin."""

from django.db import migrations

BEROEPEN = [
    "Administratief medewerker",
    "Afwasser",
    "Bakker",
    "Beveiliger",
    "Buschauffeur",
    "Callcentermedewerker",
    "Chauffeur (rijbewijs C)",
    "Conciërge",
    "Groenvoorziener",
    "Heftruckchauffeur",
    "Helpende zorg en welzijn",
    "Hovenier",
    "Huishoudelijk medewerker",
    "Installatiemonteur",
    "Kapper",
    "Kassamedewerker",
    "Keukenhulp",
    "Kinderopvang: pedagogisch medewerker",
    "Klantenservicemedewerker",
    "Kok",
    "Logistiek medewerker",
    "Magazijnmedewerker",
    "Maaltijdbezorger",
    "Metselaar",
    "Orderpicker",
    "Postbezorger",
    "Productiemedewerker",
    "Receptionist",
    "Schilder",
    "Schoonmaker",
    "Servicemedewerker horeca",
    "Stratenmaker",
    "Taxichauffeur",
    "Timmerman",
    "Vakkenvuller",
    "Verkoopmedewerker winkel",
    "Verzorgende IG",
    "Vrachtwagenchauffeur",
    "Webshopmedewerker",
    "Zorgassistent",
]


def add(apps, schema_editor):
    Beroep = apps.get_model("intake", "Beroep")
    for name in BEROEPEN:
        Beroep.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
