import datetime as dt

from django.utils import timezone

from campus.roles import Role

from . import ALL_STAFF, Expect

MANAGERS = {Role.DIRECTOR, Role.LOGISTICS}
VERIFIERS = {Role.DIRECTOR, Role.LOGISTICS, Role.HEALTH}


def _template(world):
    if "cl_template" not in world.cache:
        from checklists.models import ChecklistTemplate, TemplateItem

        template = ChecklistTemplate.objects.create(
            campus=world.campus, code="gate-evening", title="离园后门窗检查", department="gate",
            assignee_role=Role.GATEKEEPER.value, recurrence="school_day", starts_on=timezone.localdate(),
        )
        TemplateItem.objects.create(template=template, label="门窗已锁好")
        world.cache["cl_template"] = template
    return world.cache["cl_template"]


def _run(world):
    if "cl_run" not in world.cache:
        from checklists.models import Run

        now = timezone.now()
        world.cache["cl_run"] = Run.objects.create(
            campus=world.campus, template=_template(world), period_start=timezone.localdate(), due_at=now,
            grace_until=now + dt.timedelta(hours=4), assignee_role=Role.GATEKEEPER.value,
        )
    return world.cache["cl_run"]


def _plan(world):
    if "cl_plan" not in world.cache:
        from checklists.models import Plan

        world.cache["cl_plan"] = Plan.objects.create(campus=world.campus, code="plan-1", title="后勤工作计划")
    return world.cache["cl_plan"]


def _follow_up(world):
    if "cl_follow_up" not in world.cache:
        from checklists.services import open_follow_up

        world.cache["cl_follow_up"] = open_follow_up(
            campus=world.campus, title="门锁坏了", assignee_role=Role.LOGISTICS, source=_run(world),
        )
    return world.cache["cl_follow_up"]


def _closed_follow_up(world):
    if "cl_closed" not in world.cache:
        from checklists.services import close_follow_up, open_follow_up

        follow_up = open_follow_up(campus=world.campus, title="灯不亮", assignee_role=Role.LOGISTICS)
        world.cache["cl_closed"] = close_follow_up(follow_up, user=world.user(Role.COOK), note="换了灯泡")
    return world.cache["cl_closed"]


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
