"""Stores permissions: the logistics head and the asset manager (the store keeper, "Assets and
stores") keep the catalogue and post every move; the director reads everything (and edits the
stores settings); other roles see nothing of the ledger."""

from campus.roles import Role

LEDGER_KEEPER = [
    "view_*", "add_item", "change_item", "add_store", "change_store", "add_stockmove", "add_chemicalcount",
]

RULES = {
    Role.DIRECTOR: ["view_*", "change_logisticssettings", "issue_chemicals_for_keeper"],
    Role.LOGISTICS: LEDGER_KEEPER + ["change_logisticssettings", "issue_chemicals_for_keeper"],
    Role.ASSETS: list(LEDGER_KEEPER),
}


# --- the flows: purchase requests, requisitions and class kits, stocktakes -------------------------
# The keepers request purchases, receive them, issue requisitions and count; the director approves;
# every staff member may ask for supplies (a class teacher for her own classes: campus.scoping).
FLOW_KEEPER = ["add_purchaserequest", "add_purchasereceipt", "add_requisition", "issue_requisition", "add_kit",
               "change_kit", "add_stocktake"]
FLOW_REQUESTER = ["view_requisition", "add_requisition"]
for _role, _patterns in {
    Role.DIRECTOR: ["approve_purchaserequest", "approve_requisition", "approve_stocktake", "add_requisition"],
    Role.LOGISTICS: FLOW_KEEPER,
    Role.ASSETS: FLOW_KEEPER,
    Role.TEACHER: FLOW_REQUESTER,
    Role.HEALTH: FLOW_REQUESTER,
    Role.COOK: [*FLOW_REQUESTER, "view_stocktake", "view_stocktakeline", "add_stocktake"],  # the term-end count
    Role.GATEKEEPER: FLOW_REQUESTER,
    Role.CASHIER: FLOW_REQUESTER,
}.items():
    RULES[_role] = [*RULES.get(_role, []), *_patterns]
