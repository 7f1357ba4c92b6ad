"""Stores (logistics) test data: stores on a campus place, catalogue items, stock received through
the ledger service (so balances are real)."""

import datetime as dt
import itertools
from decimal import Decimal

from campus.choices import PlaceKind

from .campus import make_place, make_user

_seq = itertools.count(1)


def make_store(campus, name=None, kind="general", allow_negative=False):
    from logistics.models import Store

    name = name or f"仓库{next(_seq)}"
    place = make_place(campus, name=name, kind=PlaceKind.STORE)
    return Store.objects.create(campus=campus, place=place, name=name, kind=kind, allow_negative=allow_negative)


def make_item(campus, name=None, category="cleaning", unit="瓶", price="10.00", store=None, **extra):
    from logistics.models import Item

    return Item.objects.create(
        campus=campus, name=name or f"物品{next(_seq)}", category=category, unit=unit,
        price=Decimal(price) if price is not None else None, default_store=store, **extra,
    )


def make_stock(store, item, quantity, *, unit_cost=None, user=None, lot_code="", expires_on: dt.date | None = None,
               day=None):
    """``quantity`` of ``item`` received into ``store`` (one receipt move); returns the move."""
    from logistics import services

    user = user or make_user(f"keeper{next(_seq)}")
    line = {"item": item, "quantity": Decimal(str(quantity)), "unit_cost": Decimal(str(unit_cost)) if unit_cost is not None else None,
            "lot_code": lot_code, "expires_on": expires_on}
    return services.receive(store, [line], user=user, reason="采购入库", day=day)[0]


def name_chemicals_keeper(campus, person):
    """Name ``person`` (a StaffMember, or a user with one) the campus's keeper of chemicals and
    disinfectants: only the keeper issues them."""
    from logistics.models import LogisticsSettings

    staff = getattr(person, "staff", person)
    row = LogisticsSettings.for_campus(campus)
    row.chemicals_keeper = staff
    row.save(update_fields=["chemicals_keeper"])
    return row
