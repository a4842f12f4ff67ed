"""Days made equal to a public holiday by decree (Algemene termijnenwet art. 3 lid 3).

Loads the five days of the decree in force for 2026-2028 (klachten/holidays.py);
the beheerder adds the days of later decrees in /beheer/.
"""

from django.db import migrations, models


def load_decree_2026_2028(apps, schema_editor):
    from klachten.holidays import DECREE_2026_2028, DECREE_2026_2028_VALID_FROM, DEFAULT_DECREE_DAYS

    dag = apps.get_model("klachten", "GelijkgesteldeDag")
    for day in DEFAULT_DECREE_DAYS:
        dag.objects.get_or_create(
            day=day, defaults={"valid_from": DECREE_2026_2028_VALID_FROM, "source": DECREE_2026_2028}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("klachten", "0002_default_rules_and_append_only_timeline"),
    ]

    operations = [
        migrations.CreateModel(
            name="GelijkgesteldeDag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(unique=True, verbose_name="datum")),
                (
                    "valid_from",
                    models.DateField(
                        help_text="De dag waarop het besluit in werking trad.", verbose_name="geldig vanaf"
                    ),
                ),
                (
                    "source",
                    models.CharField(help_text="Het besluit, met vindplaats.", max_length=300, verbose_name="bron"),
                ),
            ],
            options={
                "verbose_name": "dag gelijk aan een feestdag",
                "verbose_name_plural": "dagen gelijk aan een feestdag (Algemene termijnenwet art. 3 lid 3)",
                "ordering": ["day"],
            },
        ),
        migrations.RunPython(load_decree_2026_2028, migrations.RunPython.noop, elidable=False),
    ]
