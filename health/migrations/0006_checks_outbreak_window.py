# One outbreak alert per class, symptom group and window: the window runs to the last case.

import django.db.models.expressions
from django.db import migrations, models


def from_detected_on(apps, schema_editor):
    for name in ("OutbreakAlert", "HistoricalOutbreakAlert"):
        apps.get_model("health", name).objects.update(last_detected_on=django.db.models.expressions.F("detected_on"))


class Migration(migrations.Migration):

    dependencies = [
        ("health", "0005_merge_growth_medication"),
    ]

    operations = [
        migrations.AddField(
            model_name="outbreakalert",
            name="last_detected_on",
            field=models.DateField(null=True, verbose_name="last case on"),
        ),
        migrations.AddField(
            model_name="historicaloutbreakalert",
            name="last_detected_on",
            field=models.DateField(null=True, verbose_name="last case on"),
        ),
        migrations.RunPython(from_detected_on, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outbreakalert",
            name="last_detected_on",
            field=models.DateField(help_text="The alert's window runs to this day.", verbose_name="last case on"),
        ),
        migrations.AlterField(
            model_name="historicaloutbreakalert",
            name="last_detected_on",
            field=models.DateField(help_text="The alert's window runs to this day.", verbose_name="last case on"),
        ),
        migrations.AddField(
            model_name="outbreakalert",
            name="last_detected_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="updated at"),
        ),
        migrations.AddField(
            model_name="historicaloutbreakalert",
            name="last_detected_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="updated at"),
        ),
    ]
