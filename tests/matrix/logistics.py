"""Stores (logistics) URLs: the logistics head and the asset manager (the store keeper) keep the
catalogue and post every move; the director reads everything and edits the stores settings; every
other role, and every other campus, is refused. (Flows append their URLs below.)"""

import datetime as dt

from campus.roles import Role
from tests import factories

from . import Expect

VIEWERS = {Role.DIRECTOR, Role.LOGISTICS, Role.ASSETS}
KEEPERS = {Role.LOGISTICS, Role.ASSETS}


def objects(world) -> dict:
    """A store, an item with stock and a move on world.campus, made through the services (once per world)."""
    if "logistics" in world.cache:
        return world.cache["logistics"]
    store = factories.make_store(world.campus, "矩阵仓库")
    item = factories.make_item(world.campus, "矩阵物品", store=store, expiry_required=True)
    move = factories.make_stock(store, item, 50, user=world.user(Role.ASSETS), lot_code="M1", expires_on=dt.date(2099, 1, 1))
    world.cache["logistics"] = {"store": store, "item": item, "move": move}
    return world.cache["logistics"]


def pk(name):
    return lambda w: {"pk": objects(w)[name].pk}


EXPECTATIONS = [
    Expect("logistics:index", allow=VIEWERS),
    Expect("logistics:settings", allow={Role.DIRECTOR, Role.LOGISTICS}),
    Expect("logistics:store_add", allow=KEEPERS),
    Expect("logistics:store", allow=VIEWERS, kwargs=pk("store"), classes=False),
    Expect("logistics:store_edit", allow=KEEPERS, kwargs=pk("store"), classes=False),
    Expect("logistics:item_list", allow=VIEWERS),
    Expect("logistics:item_add", allow=KEEPERS),
    Expect("logistics:item_import", allow=KEEPERS),
    Expect("logistics:item_import_confirm", allow=KEEPERS, method="post", data={"token": "x"}, ok=(302,)),
    Expect("logistics:item_export", allow=VIEWERS),
    Expect("logistics:item", allow=VIEWERS, kwargs=pk("item"), classes=False),
    Expect("logistics:item_edit", allow=KEEPERS, kwargs=pk("item"), classes=False),
    Expect("logistics:receive", allow=KEEPERS),
    Expect("logistics:issue", allow=KEEPERS),
    Expect("logistics:transfer", allow=KEEPERS),
    Expect("logistics:write_off", allow=KEEPERS),
    Expect("logistics:move", allow=VIEWERS, kwargs=pk("move"), classes=False),
    Expect("logistics:move_reverse", allow=KEEPERS, kwargs=pk("move"), classes=False, method="post",
           data={"reason": "矩阵冲销"}, ok=(200, 302)),
    Expect("logistics:ledger_register", allow=VIEWERS),
    Expect("logistics:chemical_register", allow=VIEWERS),
    Expect("logistics:chemical_counts", allow=VIEWERS),
    Expect("logistics:chemical_count", allow=KEEPERS),
    Expect("logistics:kitchen_issue", allow=KEEPERS | {Role.COOK}, ok=(200, 302)),  # the cook draws the day's food
]

from .logistics_flows import EXPECTATIONS as FLOW_EXPECTATIONS  # noqa: E402 - purchases, requisitions, kits, stocktakes

EXPECTATIONS = [*EXPECTATIONS, *FLOW_EXPECTATIONS]
