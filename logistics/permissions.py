"""Stores permissions: the logistics head and the asset manager (the store keeper, "Assets and
stores") keep the catalogue and post every move; the director reads everything (and edits the
stores settings); other roles see nothing of the ledger."""

from campus.roles import Role

LEDGER_KEEPER = [
    "view_*", "add_item", "change_item", "add_store", "change_store", "add_stockmove", "add_chemicalcount",
]

RULES = {
    Role.DIRECTOR: ["view_*", "change_logisticssettings"],
    Role.LOGISTICS: LEDGER_KEEPER + ["change_logisticssettings"],
    Role.ASSETS: list(LEDGER_KEEPER),
}
