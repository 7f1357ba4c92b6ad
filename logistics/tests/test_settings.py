"""One settings row for the stores (the ledger, the chemicals keeper, purchases and requisitions on
one page; the old FlowSettings values copied by the migration), and the stores' own words: an item
of the stores is 物品 wherever it shows, never finance's fee item (项目)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from campus.roles import Role
from logistics import models as stores_models
from logistics import services
from logistics.models import Balance, ChemicalCount, Item, LogisticsSettings, Lot, StockMove
from logistics.services import purchasing, requisitions
from tests import factories


def test_one_settings_page_holds_the_ledger_the_keeper_and_the_flows(world, client_as):
    client = client_as(world.user(Role.LOGISTICS))
    page = client.get(reverse("logistics:settings"))
    fields = set(page.context["form"].fields)
    assert {"near_expiry_days", "chemicals_keeper", "witness_categories", "chemical_check_days",
            "purchase_second_approval_amount", "approval_categories", "over_receipt_percent"} <= fields
    with pytest.raises(NoReverseMatch):
        reverse("logistics:flow_settings")
    keeper = world.staff[Role.HEALTH.value]
    response = client.post(reverse("logistics:settings"), {
        "near_expiry_days": "20", "chemicals_keeper": keeper.pk, "witness_categories": ["chemical"],
        "chemical_check_days": "7", "purchase_second_approval_amount": "500.00", "approval_categories": ["teaching"],
        "over_receipt_percent": "5", "reason": "园务会决定"})
    assert response.status_code == 302
    row = LogisticsSettings.objects.get(campus=world.campus)
    assert (row.chemicals_keeper, row.purchase_second_approval_amount, row.approval_categories, row.over_receipt_percent) == (
        keeper, Decimal("500.00"), ["teaching"], 5)
    campus = type(world.campus).objects.get(pk=world.campus.pk)  # a fresh campus object: no cached row
    assert purchasing.settings_for(campus) == services.settings_for(campus) == row
    crayons = factories.make_item(world.campus, "蜡笔", category="teaching")
    tissue = factories.make_item(world.campus, "抽纸", category="cleaning")
    assert requisitions.needs_approval(campus, [crayons]) and not requisitions.needs_approval(campus, [tissue])
    assert not hasattr(stores_models, "FlowSettings")


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_the_flow_settings_into_the_one_row(world):
    before, after = [("logistics", "0003_stores_flows_purchases_requisitions_stocktakes")], [("logistics", "0004_stores_one_settings_row")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    flow, stores = apps.get_model("logistics", "FlowSettings"), apps.get_model("logistics", "LogisticsSettings")
    stores.objects.create(campus_id=world.campus.pk, near_expiry_days=12)  # a campus with both rows
    flow.objects.create(campus_id=world.campus.pk, purchase_second_approval_amount=Decimal("800.00"),
                        approval_categories=["medical"], over_receipt_percent=10)
    flow.objects.create(campus_id=world.other_campus.pk, purchase_second_approval_amount=Decimal("300.00"),
                        approval_categories=[], over_receipt_percent=0)  # a campus with the flow row only
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    rows = {row.campus_id: row for row in apps.get_model("logistics", "LogisticsSettings").objects.all()}
    one, other = rows[world.campus.pk], rows[world.other_campus.pk]
    assert (one.near_expiry_days, one.purchase_second_approval_amount, one.approval_categories, one.over_receipt_percent) == (
        12, Decimal("800.00"), ["medical"], 10)
    assert (other.purchase_second_approval_amount, other.approval_categories) == (Decimal("300.00"), [])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_stores_item_is_wupin_not_the_fee_items_xiangmu(world, client_as):
    with translation.override("zh-hans"):
        assert str(Item._meta.verbose_name) == "物品" and str(Item._meta.verbose_name_plural) == "物品"
        for model in (Lot, StockMove, Balance, ChemicalCount):
            assert str(model._meta.get_field("item").verbose_name) == "物品"
    store = factories.make_store(world.campus, "总务仓库")
    keeper = world.user(Role.ASSETS)
    soap = factories.make_item(world.campus, "洗手液", store=store)
    factories.make_stock(store, soap, 3, user=keeper)
    client = client_as(world.user(Role.LOGISTICS))
    for url in (reverse("logistics:item_add"), reverse("logistics:issue"), reverse("logistics:chemical_count"),
                reverse("logistics:ledger_register"), reverse("logistics:chemical_register"), soap.get_absolute_url()):
        content = client.get(url).content.decode()
        assert "项目" not in content, url
    assert "物品" in client.get(reverse("logistics:ledger_register")).content.decode()
