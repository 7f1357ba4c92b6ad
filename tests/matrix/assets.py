"""Assets URLs (register side): the asset manager and the logistics head keep the register, move,
lend, count and ask for write-offs; the director sees everything, edits the settings and approves
write-offs; every other member of staff opens an asset's page (reached by scanning its label) and the
transfers coming to them; other campuses see nothing."""

from assets import services
from assets.choices import WriteOffKind
from campus.roles import Role
from tests import factories

from . import ALL_STAFF, Expect

KEEPERS = {Role.ASSETS, Role.LOGISTICS}
BOOKS = KEEPERS | {Role.DIRECTOR}
DIRECTOR = {Role.DIRECTOR}


def objects(world) -> dict:
    """One record of each kind on world.campus, made through the assets services (once per world)."""
    if "assets" in world.cache:
        return world.cache["assets"]
    manager = world.user(Role.ASSETS)
    room = factories.make_place(world.campus, "小一班教室", kind="classroom")
    office = factories.make_place(world.campus, "园长办公室", kind="office")
    asset = factories.make_asset(world.campus, "格力空调", place=room, user=manager)
    camera = factories.make_asset(world.campus, "数码相机", category="投影仪", place=office, user=manager)
    projector = factories.make_asset(world.campus, "投影仪", category="投影仪", place=office, user=manager)
    printer = factories.make_asset(world.campus, "打印机", category="电脑", place=office, user=manager)
    transfer = services.request_transfer(projector, to_place=room, user=manager, reason="教学用")
    loan = services.lend_asset(camera, borrower=world.staff[Role.TEACHER], user=manager)
    count = services.start_count(world.campus, place=room, user=manager)
    finished = services.start_count(world.campus, place=office, user=manager)
    finished = services.finish_count(finished, user=manager)
    write_off = services.request_write_off(world.campus, assets=[printer], kind=WriteOffKind.SCRAP, reason="坏了", user=manager)
    world.cache["assets"] = {
        "asset": asset, "place": room, "category": asset.category, "transfer": transfer, "loan": loan, "count": count,
        "finished": finished, "difference": finished.differences.first(), "write_off": write_off,
    }
    return world.cache["assets"]


def pk(name):
    return lambda w: {"pk": objects(w)[name].pk}


EXPECTATIONS = [
    Expect("assets:index", allow=BOOKS),
    Expect("assets:asset_add", allow=KEEPERS),
    Expect("assets:asset_detail", allow=ALL_STAFF, kwargs=pk("asset"), classes=False),
    Expect("assets:asset_edit", allow=KEEPERS, kwargs=pk("asset"), classes=False),
    Expect("assets:asset_status", allow=KEEPERS, kwargs=pk("asset"), classes=False, method="post", data={"status": "idle", "reason": "暑假"}),
    Expect("assets:photo_add", allow=KEEPERS, kwargs=pk("asset"), classes=False),
    Expect("assets:asset_card", allow=BOOKS, kwargs=pk("asset"), classes=False),
    Expect("assets:settings", allow=DIRECTOR),
    Expect("assets:category_list", allow=BOOKS),
    Expect("assets:category_add", allow=KEEPERS),
    Expect("assets:category_edit", allow=KEEPERS, kwargs=pk("category"), classes=False),
    Expect("assets:place_list", allow=BOOKS),
    Expect("assets:place_detail", allow=BOOKS, kwargs=pk("place"), classes=False),
    Expect("assets:ledger_import", allow=KEEPERS),
    Expect("assets:ledger_confirm", allow=KEEPERS, method="post", data={"token": "x"}),
    Expect("assets:labels", allow=KEEPERS),
    Expect("assets:labels", allow=KEEPERS, data=lambda w: {"place": objects(w)["place"].pk}),
    Expect("assets:fixed_assets", allow=BOOKS),
    Expect("assets:fixed_assets", allow=BOOKS, query="?format=xlsx"),
    Expect("assets:depreciation", allow=BOOKS),
    Expect("assets:transfers_register", allow=BOOKS),
    Expect("assets:count_sheet", allow=BOOKS),
    Expect("assets:write_offs_register", allow=BOOKS),
    Expect("assets:transfer_add", allow=KEEPERS, kwargs=pk("asset"), classes=False),
    Expect("assets:transfer_list", allow=ALL_STAFF),
    Expect("assets:transfer_detail", allow=BOOKS, kwargs=pk("transfer"), classes=False),
    Expect("assets:transfer_answer", allow=BOOKS, kwargs=pk("transfer"), classes=False, method="post", data={"answer": "refuse", "note": "不需要"}),
    Expect("assets:transfer_cancel", allow=KEEPERS, kwargs=pk("transfer"), classes=False, method="post"),
    Expect("assets:campus_closing", allow=KEEPERS),
    Expect("assets:loan_add", allow=KEEPERS, kwargs=pk("asset"), classes=False),
    Expect("assets:loan_list", allow=BOOKS),
    Expect("assets:loan_detail", allow=BOOKS, kwargs=pk("loan"), classes=False),
    Expect("assets:loan_return", allow=KEEPERS, kwargs=pk("loan"), classes=False, method="post"),
    Expect("assets:count_list", allow=BOOKS),
    Expect("assets:count_start", allow=KEEPERS),
    Expect("assets:count_detail", allow=BOOKS, kwargs=pk("count"), classes=False),
    Expect("assets:count_scan", allow=KEEPERS, kwargs=pk("count"), classes=False, method="post",
           data=lambda w: {"code": objects(w)["asset"].code}),
    Expect("assets:count_finish", allow=KEEPERS, kwargs=pk("count"), classes=False, method="post"),
    Expect("assets:difference_resolve", allow=KEEPERS, kwargs=pk("difference"), classes=False, method="post", data={"resolution": "found"}),
    Expect("assets:writeoff_add", allow=KEEPERS, kwargs=pk("asset"), classes=False),
    Expect("assets:writeoff_list", allow=BOOKS),
    Expect("assets:writeoff_detail", allow=BOOKS, kwargs=pk("write_off"), classes=False),
    Expect("assets:writeoff_print", allow=BOOKS, kwargs=pk("write_off"), classes=False),
    Expect("assets:writeoff_approve", allow=DIRECTOR, kwargs=pk("write_off"), classes=False, method="post"),
    Expect("assets:writeoff_reject", allow=DIRECTOR, kwargs=pk("write_off"), classes=False, method="post", data={"reason": "还能用"}),
]


# --- repairs (报修): everyone on the staff reports and sees their own reports; the asset manager and
# the logistics head manage every request; the director reads them; other campuses and parents nothing.
REPAIR_MANAGERS = {Role.ASSETS, Role.LOGISTICS}
REPAIR_READERS = REPAIR_MANAGERS | {Role.DIRECTOR}


def _open_repair(world):
    return world.once("repair_open", lambda: factories.make_repair(world.campus, world.user(Role.TEACHER)))


def _closed_repair(world):
    return world.once("repair_closed", lambda: factories.make_repair(
        world.campus, world.user(Role.TEACHER), contractor="李师傅", close_by=world.user(Role.ASSETS), cost="20"))


def _repair_pk(make):
    return lambda world: {"pk": make(world).pk}


EXPECTATIONS += [
    Expect("assets:repair_list", allow=ALL_STAFF),
    Expect("assets:repair_report", allow=ALL_STAFF),
    Expect("assets:repair_report", allow=ALL_STAFF, method="post", data={"problem": ""}),
    Expect("assets:repair_register", allow=REPAIR_READERS),
    Expect("assets:repair_register", allow=REPAIR_READERS, query="?format=xlsx"),
    Expect("assets:repair_detail", allow=REPAIR_READERS | {Role.TEACHER}, kwargs=_repair_pk(_open_repair)),
    Expect("assets:repair_assign", allow=REPAIR_MANAGERS, kwargs=_repair_pk(_open_repair), method="post",
           data={"contractor": "李师傅"}),
    Expect("assets:repair_close", allow=REPAIR_MANAGERS, kwargs=_repair_pk(_open_repair), method="post",
           data={"note": "修好了"}),
    Expect("assets:repair_verify", allow=REPAIR_READERS | {Role.TEACHER}, kwargs=_repair_pk(_closed_repair),
           method="post", ok=(302,)),
    Expect("assets:repair_reopen", allow=REPAIR_READERS | {Role.TEACHER}, kwargs=_repair_pk(_closed_repair),
           method="post", data={"note": "还是坏的"}),
    Expect("assets:repair_finance", allow=REPAIR_MANAGERS, kwargs=_repair_pk(_closed_repair), method="post"),
]
