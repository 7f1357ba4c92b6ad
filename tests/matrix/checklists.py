from campus.roles import Role
from tests import factories

from . import ALL_STAFF, Expect

MANAGERS = {Role.DIRECTOR, Role.LOGISTICS}
VERIFIERS = {Role.DIRECTOR, Role.LOGISTICS, Role.HEALTH}


def _template(world):
    return world.once("cl_template", lambda: factories.make_checklist_template(world.campus))


def _run(world):
    return world.once("cl_run", lambda: factories.make_run(_template(world)))


def _plan(world):
    return world.once("cl_plan", lambda: factories.make_plan(world.campus))


def _follow_up(world):
    return world.once("cl_follow_up", lambda: factories.make_follow_up(world.campus, "门锁坏了", source=_run(world)))


def _closed_follow_up(world):
    return world.once("cl_closed", lambda: factories.make_follow_up(
        world.campus, "灯不亮", closed_by=world.user(Role.COOK), note="换了灯泡"))


def run_kwargs(world):
    return {"pk": _run(world).pk}


def follow_up_kwargs(world):
    return {"pk": _follow_up(world).pk}


def closed_kwargs(world):
    return {"pk": _closed_follow_up(world).pk}


EXPECTATIONS = [
    Expect("checklists:index", allow=ALL_STAFF),
    Expect("checklists:run_list", allow=MANAGERS),
    Expect("checklists:run_detail", allow=ALL_STAFF, kwargs=run_kwargs, classes=False),
    Expect("checklists:run_detail", allow=MANAGERS | {Role.GATEKEEPER}, kwargs=run_kwargs, method="post"),
    Expect("checklists:runs_register", allow=MANAGERS),
    Expect("checklists:runs_register", allow=MANAGERS, query="?format=xlsx"),
    Expect("checklists:rates", allow=MANAGERS),
    Expect("checklists:template_list", allow=MANAGERS),
    Expect("checklists:template_create", allow=MANAGERS),
    Expect("checklists:template_edit", allow=MANAGERS, kwargs=lambda world: {"pk": _template(world).pk}),
    Expect("checklists:template_edit", allow=MANAGERS, kwargs=lambda world: {"pk": _template(world).pk}, method="post",
           data={"preview": "1"}),
    Expect("checklists:plan_list", allow=ALL_STAFF),
    Expect("checklists:plan_detail", allow=ALL_STAFF, kwargs=lambda world: {"pk": _plan(world).pk}, classes=False),
    Expect("checklists:plan_load_standard", allow=MANAGERS, method="post"),
    Expect("checklists:settings", allow={Role.DIRECTOR}),
    Expect("checklists:followup_list", allow=ALL_STAFF),
    Expect("checklists:followup_detail", allow=ALL_STAFF, kwargs=follow_up_kwargs, classes=False),
    Expect("checklists:followup_close", allow=MANAGERS, kwargs=follow_up_kwargs, method="post", data={"note": "已修好"}),
    Expect("checklists:followup_verify", allow=VERIFIERS, kwargs=closed_kwargs, method="post"),
    Expect("checklists:followup_reopen", allow=VERIFIERS, kwargs=closed_kwargs, method="post", data={"note": "还坏着"}),
]
