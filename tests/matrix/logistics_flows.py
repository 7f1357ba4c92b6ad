"""Stores flows URLs (purchases, requisitions, class kits, stocktakes), joined to
``tests/matrix/logistics.py``: the logistics head and the asset manager keep the store, the director
approves, every staff member may ask for supplies (a class teacher for her own class only), other
campuses see nothing, parents nothing."""

from decimal import Decimal

from campus.roles import Role
from tests import factories

from . import ALL_STAFF, Expect

D, L, A = Role.DIRECTOR, Role.LOGISTICS, Role.ASSETS
KEEPERS = {L, A}
READERS = {D, L, A}
COUNTERS = {L, A, Role.COOK}  # the cook counts the kitchen's tableware at term end (checklists hook)


def flows(world) -> dict:
    """A store with stock, a purchase request at each step, a class requisition with an issue, a kit
    and a stocktake on world.campus, through the services (once per world)."""
    if "logistics_flows" in world.cache:
        return world.cache["logistics_flows"]
    from logistics.models.flows import Kit
    from logistics.services import purchasing, requisitions

    keeper, director, teacher = world.user(L), world.user(D), world.user(Role.TEACHER)
    store = factories.make_flow_store(world.campus, "矩阵领用仓库")
    soap = factories.make_stocked_item(store, "矩阵洗手液", "100", user=keeper)
    pending = factories.make_purchase(world.campus, keeper, store, [(soap, "5", "10.00")])
    ordered = factories.make_purchase(world.campus, keeper, store, [(soap, "5", "10.00")])
    purchasing.approve_purchase(ordered, director)
    purchasing.order_purchase(ordered, keeper)
    requisition = factories.make_requisition(world.campus, teacher, store, [(soap, "10")], classroom=world.classroom)
    issue = requisitions.issue_requisition(requisition, quantities={requisition.lines.get().pk: Decimal("2")}, user=keeper)
    waiting = factories.make_requisition(world.campus, teacher, store, [(soap, "1")], classroom=world.classroom)
    kit = requisitions.save_kit(Kit(campus=world.campus, name="矩阵套装"), user=keeper,
                                lines=[{"item": soap, "quantity": Decimal("1")}])
    count = factories.make_stocktake(store, keeper)
    world.cache["logistics_flows"] = {
        "store": store, "pending": pending, "ordered": ordered, "line": ordered.lines.get(), "requisition": requisition,
        "waiting": waiting, "issue": issue, "kit": kit, "stocktake": count,
    }
    return world.cache["logistics_flows"]


def pk(name):
    return lambda w: {"pk": flows(w)[name].pk}


EXPECTATIONS = [
    Expect("logistics:purchase_list", allow=READERS),
    Expect("logistics:purchase_add", allow=KEEPERS),
    Expect("logistics:purchase_detail", allow=READERS, kwargs=pk("pending"), classes=False),
    Expect("logistics:purchase_print", allow=READERS, kwargs=pk("pending"), classes=False),
    Expect("logistics:purchase_approve", allow={D}, kwargs=pk("pending"), method="post", classes=False),
    Expect("logistics:purchase_reject", allow={D}, kwargs=pk("pending"), method="post", data={"reason": "暂缓"}, classes=False),
    Expect("logistics:purchase_order", allow=KEEPERS, kwargs=pk("pending"), method="post", classes=False),
    Expect("logistics:purchase_receive", allow=KEEPERS, kwargs=pk("ordered"), classes=False),
    Expect("logistics:purchase_line_close", allow=KEEPERS, method="post", classes=False, data={"reason": "缺货"},
           kwargs=lambda w: {"pk": flows(w)["ordered"].pk, "line_pk": flows(w)["line"].pk}),
    Expect("logistics:requisition_list", allow=ALL_STAFF, setup=flows),
    Expect("logistics:requisition_add", allow=ALL_STAFF),
    Expect("logistics:issue_register", allow=ALL_STAFF, setup=flows),
    Expect("logistics:consumption", allow=ALL_STAFF, setup=flows),
    Expect("logistics:to_sign", allow=ALL_STAFF, setup=flows),
    Expect("logistics:requisition_detail", allow=ALL_STAFF, kwargs=pk("requisition")),
    Expect("logistics:requisition_approve", allow={D}, kwargs=pk("waiting"), method="post"),
    Expect("logistics:requisition_reject", allow={D}, kwargs=pk("waiting"), method="post", data={"reason": "不需要"}),
    Expect("logistics:requisition_cancel", allow={Role.TEACHER, L, A}, kwargs=pk("waiting"), method="post"),
    Expect("logistics:requisition_issue", allow=KEEPERS, kwargs=pk("requisition"), method="post",
           data=lambda w: {f"line-{flows(w)['requisition'].lines.get().pk}": "1"}),
    Expect("logistics:issue_sign", allow=ALL_STAFF, kwargs=pk("issue"), method="post"),
    Expect("logistics:kit_list", allow=READERS),
    Expect("logistics:kit_add", allow=KEEPERS),
    Expect("logistics:kit_detail", allow=READERS, kwargs=pk("kit"), classes=False),
    Expect("logistics:kit_edit", allow=KEEPERS, kwargs=pk("kit"), classes=False),
    Expect("logistics:stocktake_list", allow=READERS | {Role.COOK}),
    Expect("logistics:stocktake_start", allow=COUNTERS),
    Expect("logistics:stocktake_sheet", allow=READERS | {Role.COOK}, setup=flows),
    Expect("logistics:stocktake_detail", allow=READERS | {Role.COOK}, kwargs=pk("stocktake"), classes=False),
    Expect("logistics:stocktake_count", allow=COUNTERS, kwargs=pk("stocktake"), method="post", classes=False),
    Expect("logistics:stocktake_approve", allow={D}, kwargs=pk("stocktake"), method="post", classes=False),
    Expect("logistics:stocktake_cancel", allow=COUNTERS, kwargs=pk("stocktake"), method="post", classes=False,
           data={"reason": "重新盘点"}),
]
