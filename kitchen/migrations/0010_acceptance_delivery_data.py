"""Each existing acceptance line becomes the only line of its own delivery (same date, supplier,
canteen, receivers and certificates; status from the line's result). Lines accepted from a supplier
whose licence had expired stay as they were recorded: the refusal applies from now on."""

from django.db import migrations


def one_delivery_per_line(apps, schema_editor):
    Acceptance = apps.get_model("kitchen", "Acceptance")
    Delivery = apps.get_model("kitchen", "Delivery")
    for line in Acceptance.objects.filter(delivery__isnull=True).order_by("id").iterator():
        delivery = Delivery.objects.create(
            campus_id=line.campus_id, date=line.date, received_at=None, supplier_id=line.supplier_id, canteen=line.canteen,
            receiver_id=line.receiver_id, second_receiver_id=line.second_receiver_id,
            certificates_checked=line.certificates_checked, certificates_note=line.certificates_note,
            status="accepted" if line.result == "accepted" else "rejected",
        )
        Acceptance.objects.filter(pk=line.pk).update(delivery=delivery)


def undo(apps, schema_editor):
    Acceptance = apps.get_model("kitchen", "Acceptance")
    Delivery = apps.get_model("kitchen", "Delivery")
    Acceptance.objects.update(delivery=None)
    Delivery.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("kitchen", "0009_acceptance_delivery")]

    operations = [migrations.RunPython(one_delivery_per_line, undo)]
