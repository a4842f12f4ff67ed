"""Every letter gets a kenmerk of its own, for ever: "<client number>-<kind code>-<n>".

The old kenmerk took the first three letters of the kind and the version, so a
voornemen and a voortgangsrapportage (VOO), or the two invitations (UIT), of one
client could share one. Existing letters are numbered per client in the order
they were made, and get their new kenmerk, before the unique constraints go on (next migration, so
the row updates and the ALTER TABLE are not in one transaction).
"""

from django.db import migrations, models

# Frozen here: the codes as registered by the apps' letters.py when this migration was written.
CODES = {
    "uitnodiging_afspraak": "UNG",
    "uitnodiging_brede_intake": "UNI",
    "samenvatting_intake": "SIN",
    "plan_van_aanpak": "PVA",
    "eindrapportage_traject": "EIR",
    "voortgangsrapportage": "VGR",
    "ontvangst_klacht": "OKL",
    "beslissing_klacht": "BKL",
    "voornemen_maatregel": "VNM",
    "besluit_maatregel": "BSM",
    "waarschuwing": "WSC",
    "geen_maatregel": "GMR",
    "ontvangst_bezwaar": "OBZ",
    "beslissing_bezwaar": "BBZ",
    "verdaging": "VDG",
}


def number_existing_letters(apps, schema_editor):
    Brief = apps.get_model("documents", "Brief")
    last_client, n = None, 0
    rows = Brief.objects.select_related("client").order_by("client_id", "created_at", "pk")
    for brief in rows.iterator(chunk_size=500):
        if brief.client_id != last_client:
            last_client, n = brief.client_id, 0
        n += 1
        code = CODES.get(brief.kind, "BRF")
        Brief.objects.filter(pk=brief.pk).update(number=n, reference=f"{brief.client.client_number}-{code}-{n}")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_alter_brief_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="brief",
            name="number",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="volgnummer"),
        ),
        migrations.AddField(
            model_name="brief",
            name="reference",
            field=models.CharField(editable=False, max_length=40, null=True, verbose_name="kenmerk"),
        ),
        migrations.RunPython(number_existing_letters, migrations.RunPython.noop),
    ]
