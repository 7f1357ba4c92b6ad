"""Stores flows: a stocked store, purchase requests, requisitions and stocktakes, made through the
logistics services (the ledger's ``receive`` puts the stock in)."""

from decimal import Decimal

from campus.choices import PlaceKind
from logistics import services as logistics_services
from logistics.choices import ItemCategory, StoreKind
from logistics.models import Item, Store
from logistics.services import purchasing, requisitions, stocktake

from .campus import make_place


def make_flow_store(campus, name="总务仓库", kind=StoreKind.GENERAL) -> Store:
    place = make_place(campus, name, kind=PlaceKind.STORE)
    return Store.objects.create(campus=campus, place=place, name=name, kind=kind)


def make_stocked_item(store, name, quantity="10", *, user, category=ItemCategory.CLEANING, unit="瓶", price="5.00",
                      **extra) -> Item:
    """An item of the store's campus with ``quantity`` received into ``store`` at ``price``."""
    item = Item.objects.create(campus=store.campus, name=name, category=category, unit=unit, price=Decimal(price),
                               default_store=store, **extra)
    if Decimal(quantity):
        logistics_services.receive(store, [{"item": item, "quantity": Decimal(quantity), "unit_cost": Decimal(price)}],
                                   user=user, reason="期初库存")
    return item


def make_purchase(campus, requester, store, lines, title="购买清洁用品", **extra):
    """A purchase request; ``lines``: [(item or words, quantity, estimated price)]."""
    rows = []
    for what, quantity, price in lines:
        row = {"quantity": Decimal(quantity), "estimated_price": Decimal(price)}
        if isinstance(what, str):
            row.update(description=what, unit="个")
        else:
            row["item"] = what
        rows.append(row)
    return purchasing.request_purchase(campus, title=title, store=store, lines=rows, user=requester, **extra)


def make_requisition(campus, requester, store, lines, classroom=None, department=""):
    """A requisition; ``lines``: [(item, quantity)]."""
    return requisitions.request_requisition(
        campus, store=store, classroom=classroom, department=department, user=requester,
        lines=[{"item": item, "quantity": Decimal(quantity)} for item, quantity in lines])


def make_stocktake(store, user):
    return stocktake.start_stocktake(store, user=user)
