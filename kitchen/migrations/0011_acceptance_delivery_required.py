import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("kitchen", "0010_acceptance_delivery_data")]

    operations = [
        migrations.AlterField(
            model_name="acceptance",
            name="delivery",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="lines", to="kitchen.delivery", verbose_name="delivery"
            ),
        ),
    ]
