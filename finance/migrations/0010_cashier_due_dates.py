"""Bills get a due date: existing bills are due 10 days (the setting's default) after they were issued."""

import datetime as dt

import campus.uploads
import django.core.validators
from django.db import migrations, models


DEFAULT_DAYS_TO_PAY = 10


def set_due_dates(apps, schema_editor):
    from django.utils import timezone

    for name in ("Bill", "HistoricalBill"):
        model = apps.get_model("finance", name)
        rows = list(model.objects.filter(due_on__isnull=True).only("pk", "created_at"))
        for row in rows:
            row.due_on = timezone.localdate(row.created_at) + dt.timedelta(days=DEFAULT_DAYS_TO_PAY)
        model.objects.bulk_update(rows, ["due_on"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0009_attendance_refund_adjustment'),
    ]

    operations = [
        migrations.AddField(
            model_name='bill',
            name='due_on',
            field=models.DateField(help_text='Unpaid after this day, the bill is in arrears.', null=True, verbose_name='due on'),
        ),
        migrations.AddField(
            model_name='financesettings',
            name='days_to_pay',
            field=models.PositiveSmallIntegerField(default=10, help_text='A bill is due this many days after it is issued; unpaid after that, it is in arrears. Default 10: bills issued at the start of the month are paid by about the 10th.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='days to pay a bill'),
        ),
        migrations.AddField(
            model_name='financesettings',
            name='payment_instructions',
            field=models.TextField(blank=True, help_text='Printed on every statement: how and where parents pay (account, WeChat, office hours).', verbose_name='payment instructions'),
        ),
        migrations.AddField(
            model_name='financesettings',
            name='payment_qr',
            field=models.ImageField(blank=True, help_text="The campus's own payment QR code image, printed on every statement.", upload_to='finance/payment-qr/', validators=[campus.uploads.UploadValidator(('image',))], verbose_name='payment QR code'),
        ),
        migrations.AddField(
            model_name='historicalbill',
            name='due_on',
            field=models.DateField(help_text='Unpaid after this day, the bill is in arrears.', null=True, verbose_name='due on'),
        ),
        migrations.AddField(
            model_name='historicalfinancesettings',
            name='days_to_pay',
            field=models.PositiveSmallIntegerField(default=10, help_text='A bill is due this many days after it is issued; unpaid after that, it is in arrears. Default 10: bills issued at the start of the month are paid by about the 10th.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='days to pay a bill'),
        ),
        migrations.AddField(
            model_name='historicalfinancesettings',
            name='payment_instructions',
            field=models.TextField(blank=True, help_text='Printed on every statement: how and where parents pay (account, WeChat, office hours).', verbose_name='payment instructions'),
        ),
        migrations.AddField(
            model_name='historicalfinancesettings',
            name='payment_qr',
            field=models.TextField(blank=True, help_text="The campus's own payment QR code image, printed on every statement.", max_length=100, validators=[campus.uploads.UploadValidator(('image',))], verbose_name='payment QR code'),
        ),
        migrations.RunPython(set_due_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='bill',
            name='due_on',
            field=models.DateField(help_text='Unpaid after this day, the bill is in arrears.', verbose_name='due on'),
        ),
        migrations.AlterField(
            model_name='historicalbill',
            name='due_on',
            field=models.DateField(help_text='Unpaid after this day, the bill is in arrears.', verbose_name='due on'),
        ),
    ]
