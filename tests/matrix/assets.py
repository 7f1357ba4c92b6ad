"""Assets URLs. Repairs (报修): everyone on the staff reports and sees their own reports; the asset
manager and the logistics head manage every request; the director reads them; other campuses see
nothing; parents nothing."""

from campus.roles import Role
from tests import factories

from . import ALL_STAFF, Expect

EXPECTATIONS: list[Expect] = []
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
