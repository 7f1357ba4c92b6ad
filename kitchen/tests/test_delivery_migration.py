"""The data migration: each existing acceptance line becomes the one line of its own delivery."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("kitchen", "0008_files_upload_validators")]
AFTER = [("kitchen", "0011_acceptance_delivery_required")]


@pytest.mark.django_db(transaction=True)
def test_each_existing_line_becomes_its_own_delivery(world):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Supplier, Acceptance = apps.get_model("kitchen", "Supplier"), apps.get_model("kitchen", "Acceptance")
    day = dt.date(2026, 11, 2)
    supplier = Supplier.objects.create(campus_id=world.campus.pk, name="绿源", licence_no="JY1", licence_expires_on=day)
    common = {"campus_id": world.campus.pk, "date": day, "supplier": supplier, "unit": "kg", "receiver_id": world.user("cook").pk,
              "batch_no": "B"}
    Acceptance.objects.create(product="青菜", quantity=Decimal("2"), unit_price=Decimal("3"), amount=Decimal("6"),
                              certificates_checked=True, **common)
    Acceptance.objects.create(product="豆腐", quantity=Decimal("1"), unit_price=Decimal("4"), amount=Decimal("4"),
                              result="rejected", reject_reason="酸", second_receiver_id=world.user("logistics_head").pk, **common)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Delivery, Acceptance = apps.get_model("kitchen", "Delivery"), apps.get_model("kitchen", "Acceptance")
    rows = [(line.product, line.delivery.status, line.delivery.date, line.delivery.supplier_id, line.delivery.second_receiver_id,
             line.delivery.certificates_checked) for line in Acceptance.objects.order_by("id")]
    assert rows == [("青菜", "accepted", day, supplier.pk, None, True),
                    ("豆腐", "rejected", day, supplier.pk, world.user("logistics_head").pk, False)]
    assert Delivery.objects.count() == 2
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
