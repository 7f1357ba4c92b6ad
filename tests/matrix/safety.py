"""Safety URLs, one block per half of the app (gate, duties) joined below. The gatekeeper sees visitors
and pickers, class teachers hand over their own classes, parents manage their own child's pickers,
the director sees everything and edits the settings."""

from campus.roles import Role
from tests import factories

from . import ALL_STAFF, Expect

# --- gate ---

GATE_VIEW = {Role.DIRECTOR, Role.GATEKEEPER, Role.TEACHER}
VISITOR_VIEW = {Role.DIRECTOR, Role.GATEKEEPER, Role.LOGISTICS}
ADMIT = {Role.DIRECTOR, Role.GATEKEEPER}


def gate_objects(world) -> dict:
    def make():
        from django.utils import timezone

        from safety import services

        director = world.user(Role.DIRECTOR)
        expected = services.pre_register(world.campus, {"name": "预约访客", "reason": "检查", "people": 1,
                                                        "expected_on": timezone.localdate()}, director)
        return {
            "visitor": factories.make_visitor(world, host=director),
            "on_site": factories.make_visitor(world, name="在园访客"),
            "expected": expected,
            "restricted": factories.make_restricted(world.campus, "赵禁止", user=director, with_photo=True),
            "picker": factories.make_picker(world.child, "刘奶奶"),
            "removable": factories.make_picker(world.child, "钱爷爷"),
            "temporary": factories.make_picker(world.child, "周阿姨", temporary_days=2),
            "other_picker": factories.make_picker(world.other_child, "孙外婆"),
        }
    return world.once("safety_gate", make)


def gate_pk(name):
    return lambda w: {"pk": gate_objects(w)[name].pk}


GATE = [
    Expect("safety:index", allow={Role.DIRECTOR, Role.GATEKEEPER, Role.TEACHER, Role.LOGISTICS}),
    Expect("safety:settings", allow={Role.DIRECTOR}),
    Expect("safety:visitor_list", allow=VISITOR_VIEW),
    Expect("safety:visitor_add", allow=ADMIT),
    Expect("safety:visitor_expect", allow=ALL_STAFF),
    Expect("safety:visitor_detail", allow=VISITOR_VIEW, kwargs=gate_pk("visitor"), classes=False),
    Expect("safety:visitor_admit", allow=ADMIT, kwargs=gate_pk("expected"), classes=False, method="post", ok=(302,)),
    Expect("safety:visitor_sign_out", allow=ADMIT, kwargs=gate_pk("on_site"), classes=False, method="post", ok=(302,)),
    Expect("safety:visitor_confirm", allow={Role.DIRECTOR}, kwargs=gate_pk("visitor"), classes=False, method="post",
           ok=(302,)),
    Expect("safety:restricted_list", allow={Role.DIRECTOR, Role.GATEKEEPER}),
    Expect("safety:restricted_add", allow={Role.DIRECTOR}),
    Expect("safety:restricted_edit", allow={Role.DIRECTOR}, kwargs=gate_pk("restricted"), classes=False),
    Expect("safety:restricted_photo", allow={Role.DIRECTOR, Role.GATEKEEPER}, kwargs=gate_pk("restricted"), classes=False),
    Expect("safety:child_pickers", allow=GATE_VIEW, kwargs=lambda w: {"pk": w.child.pk}),
    Expect("safety:picker_confirm", allow={Role.DIRECTOR, Role.TEACHER}, kwargs=gate_pk("temporary"), method="post",
           ok=(302,)),
    Expect("safety:picker_photo", allow=GATE_VIEW, kwargs=gate_pk("picker")),
    Expect("safety:parent_pickers", parent=True, kwargs=lambda w: {"pk": w.child.pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk}),
    Expect("safety:parent_picker_add", parent=True, kwargs=lambda w: {"pk": w.child.pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk}),
    Expect("safety:parent_picker_temporary", parent=True, kwargs=lambda w: {"pk": w.child.pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk}),
    Expect("safety:parent_picker_edit", parent=True, kwargs=gate_pk("picker"), other_kwargs=gate_pk("other_picker")),
    Expect("safety:parent_picker_photo", parent=True, kwargs=gate_pk("picker"), other_kwargs=gate_pk("other_picker")),
    Expect("safety:parent_picker_remove", parent=True, kwargs=gate_pk("removable"), other_kwargs=gate_pk("other_picker"),
           method="post", ok=(302,)),
    Expect("safety:dismissal_overview", allow=GATE_VIEW),
    Expect("safety:dismissal", allow=GATE_VIEW, kwargs=lambda w: {"pk": w.classroom.pk}),
    Expect("safety:not_picked_up", allow=GATE_VIEW),
    Expect("safety:handover_list", allow=GATE_VIEW),
]

DUTIES: list = []

EXPECTATIONS = [*GATE, *DUTIES]
