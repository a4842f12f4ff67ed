"""The kenmerk and the per-client letter number are required and unique from now on."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_brief_number_existing_letters"),
    ]

    operations = [
        migrations.AlterField(
            model_name="brief",
            name="number",
            field=models.PositiveIntegerField(editable=False, verbose_name="volgnummer"),
        ),
        migrations.AlterField(
            model_name="brief",
            name="reference",
            field=models.CharField(editable=False, max_length=40, unique=True, verbose_name="kenmerk"),
        ),
        migrations.AddConstraint(
            model_name="brief",
            constraint=models.UniqueConstraint(fields=("client", "number"), name="brief_unique_client_number"),
        ),
    ]
