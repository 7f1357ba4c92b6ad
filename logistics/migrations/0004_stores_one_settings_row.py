# One settings row for the stores: FlowSettings's fields join LogisticsSettings, their values copied.

import django.core.validators
import logistics.models.ledger
from decimal import Decimal
from django.db import migrations, models


FIELDS = ("purchase_second_approval_amount", "approval_categories", "over_receipt_percent")


def copy_flow_settings(apps, schema_editor):
    """The purchasing and requisition settings a campus had (FlowSettings) move into its one stores
    settings row (LogisticsSettings), created when the campus had none yet."""
    flow = apps.get_model("logistics", "FlowSettings")
    stores = apps.get_model("logistics", "LogisticsSettings")
    for row in flow.objects.using(schema_editor.connection.alias).all():
        values = {name: getattr(row, name) for name in FIELDS}
        stores.objects.using(schema_editor.connection.alias).update_or_create(campus_id=row.campus_id, defaults=values)


class Migration(migrations.Migration):

    dependencies = [
        ('logistics', '0003_stores_flows_purchases_requisitions_stocktakes'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicallogisticssettings',
            name='approval_categories',
            field=models.JSONField(blank=True, default=logistics.models.ledger.default_approval_categories, help_text="A requisition with an item of these categories waits for the director's approval before it is issued; others go straight to the store keeper (洗涤用品专人负责，领用时履行手续).", verbose_name='categories whose requisitions need approval'),
        ),
        migrations.AddField(
            model_name='historicallogisticssettings',
            name='over_receipt_percent',
            field=models.PositiveSmallIntegerField(default=0, help_text='Receiving more than was ordered is refused unless the receiver says why; this margin is allowed without a reason (goods sold by the pack).', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='receipt above the order allowed (%)'),
        ),
        migrations.AddField(
            model_name='historicallogisticssettings',
            name='purchase_second_approval_amount',
            field=models.DecimalField(decimal_places=2, default=Decimal('2000.00'), help_text="Purchase requests whose estimated total is above this amount need a second approver, as reimbursement claims do (the campus's financial rules: 申购 → 园长审批).", max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='second approver above (yuan)'),
        ),
        migrations.AddField(
            model_name='logisticssettings',
            name='approval_categories',
            field=models.JSONField(blank=True, default=logistics.models.ledger.default_approval_categories, help_text="A requisition with an item of these categories waits for the director's approval before it is issued; others go straight to the store keeper (洗涤用品专人负责，领用时履行手续).", verbose_name='categories whose requisitions need approval'),
        ),
        migrations.AddField(
            model_name='logisticssettings',
            name='over_receipt_percent',
            field=models.PositiveSmallIntegerField(default=0, help_text='Receiving more than was ordered is refused unless the receiver says why; this margin is allowed without a reason (goods sold by the pack).', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='receipt above the order allowed (%)'),
        ),
        migrations.AddField(
            model_name='logisticssettings',
            name='purchase_second_approval_amount',
            field=models.DecimalField(decimal_places=2, default=Decimal('2000.00'), help_text="Purchase requests whose estimated total is above this amount need a second approver, as reimbursement claims do (the campus's financial rules: 申购 → 园长审批).", max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='second approver above (yuan)'),
        ),
        migrations.RunPython(copy_flow_settings, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='historicalflowsettings',
            name='campus',
        ),
        migrations.RemoveField(
            model_name='historicalflowsettings',
            name='history_user',
        ),
        migrations.DeleteModel(
            name='FlowSettings',
        ),
        migrations.DeleteModel(
            name='HistoricalFlowSettings',
        ),
    ]
