"""Assets permissions: the asset manager and the logistics head keep the register (assets, moves,
counts, write-off requests); the director sees everything, changes the settings and approves
write-offs; every other member of staff may open an asset's page (reached by scanning its label).
The repairs side appends its own codenames to these lists."""

from campus.roles import STAFF_ROLES, Role

KEEPERS = [
    "view_*", "add_asset", "change_asset", "add_assetphoto", "add_category", "change_category",
    "add_transfer", "change_transfer", "add_loan", "change_loan", "add_count", "change_count", "add_countscan",
    "resolve_count", "add_writeoff", "add_writeoffphoto",
]
VIEWERS = ["view_asset", "view_assetphoto"]

RULES = {
    Role.DIRECTOR: ["view_*", "change_assetsettings", "approve_writeoff", "change_transfer"],
    Role.ASSETS: KEEPERS,
    Role.LOGISTICS: KEEPERS,
    Role.HEALTH: VIEWERS,
    Role.TEACHER: VIEWERS,
    Role.COOK: VIEWERS,
    Role.GATEKEEPER: VIEWERS,
    Role.CASHIER: VIEWERS,
}


# Repairs (报修): everyone on the staff reports and sees their own reports (and those given to them
# to repair); the asset manager and the logistics head assign, close and hand costs to finance; the
# director sees every request. Which of the two is told first is a campus setting.
for _role in STAFF_ROLES:  # the repairs side's lines
    RULES[_role] = [*RULES.get(_role, []), "add_repairrequest", "view_repairrequest"]
for _role in (Role.ASSETS, Role.LOGISTICS):
    RULES[_role] = [*RULES[_role], "change_repairrequest", "manage_repairrequest", "oversee_repairrequest"]
RULES[Role.DIRECTOR] = [*RULES[Role.DIRECTOR], "oversee_repairrequest"]
