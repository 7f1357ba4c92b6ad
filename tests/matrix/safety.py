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

# --- duties: every staff member reports hazards, signs their post's letter, reads the rules, signs in to
# training and sees the roster; the logistics head manages; the director issues letters and verifies;
# class teachers record safety lessons. Records are campus-wide (classes=False) except safety lessons.

ALL = ALL_STAFF
OFFICER = {Role.LOGISTICS}
MANAGERS = {Role.DIRECTOR, Role.LOGISTICS}


def duties(world) -> dict:
    """One record of each kind on world.campus, made through the safety services (once per world)."""
    if "safety_duties" in world.cache:
        return world.cache["safety_duties"]
    from tests import factories

    drill = factories.make_drill(world)
    hazard = factories.make_hazard(world, kind="facilities")  # the logistics head rectifies
    rectified = factories.make_rectified_hazard(world, description="秋千链条磨损")
    letter = factories.make_letter(world, Role.TEACHER)
    draft = factories.make_letter(world, Role.COOK, issued=False)
    world.cache["safety_duties"] = {
        "drill": drill, "problem": drill.problems.get(), "hazard": hazard, "rectified": rectified, "letter": letter,
        "draft": draft, "document": factories.make_document(world), "training": factories.make_training(world),
        "shift": factories.make_shift(world), "lesson": factories.make_lesson(world),
    }
    return world.cache["safety_duties"]


def pk_of(name):
    return lambda w: {"pk": duties(w)[name].pk}


DUTIES = [
    Expect("safety:duties", allow=ALL),
    Expect("safety:drill_list", allow=MANAGERS),
    Expect("safety:drill_add", allow=OFFICER),
    Expect("safety:drill_detail", allow=MANAGERS, kwargs=pk_of("drill"), classes=False),
    Expect("safety:drill_photos", allow=OFFICER, kwargs=pk_of("drill"), classes=False),
    Expect("safety:problem_hazard", allow=ALL, kwargs=pk_of("problem"), classes=False, method="post",
           data={}, ok=(302,)),
    Expect("safety:hazard_list", allow=ALL),
    Expect("safety:hazard_add", allow=ALL),
    Expect("safety:hazard_detail", allow=ALL, kwargs=pk_of("hazard"), classes=False),
    Expect("safety:hazard_rectify", allow=OFFICER, kwargs=pk_of("hazard"), classes=False),
    Expect("safety:hazard_verify", allow=MANAGERS, kwargs=pk_of("rectified"), classes=False),
    Expect("safety:letter_list", allow=MANAGERS),
    Expect("safety:letter_register", allow=MANAGERS),
    Expect("safety:letter_add", allow=OFFICER),
    Expect("safety:letter_detail", allow=MANAGERS, kwargs=pk_of("letter"), classes=False),
    Expect("safety:letter_edit", allow=OFFICER, kwargs=pk_of("draft"), classes=False),
    Expect("safety:letter_issue", allow={Role.DIRECTOR}, kwargs=pk_of("draft"), classes=False, method="post", ok=(302,)),
    Expect("safety:letter_sign", allow={Role.TEACHER}, kwargs=pk_of("letter"), classes=False),
    Expect("safety:document_list", allow=ALL),
    Expect("safety:document_add", allow=OFFICER),
    Expect("safety:document_detail", allow=ALL, kwargs=pk_of("document"), classes=False),
    Expect("safety:document_edit", allow=OFFICER, kwargs=pk_of("document"), classes=False),
    Expect("safety:document_read", allow=ALL, kwargs=pk_of("document"), classes=False, method="post", ok=(302,)),
    Expect("safety:training_list", allow=ALL),
    Expect("safety:training_add", allow=OFFICER),
    Expect("safety:training_hours", allow=MANAGERS),
    Expect("safety:training_detail", allow=ALL, kwargs=pk_of("training"), classes=False),
    Expect("safety:training_edit", allow=OFFICER, kwargs=pk_of("training"), classes=False),
    Expect("safety:training_sign_in", allow=ALL, kwargs=pk_of("training"), classes=False, method="post", ok=(302,)),
    Expect("safety:lesson_list", allow={Role.DIRECTOR, Role.LOGISTICS, Role.TEACHER},
           setup=lambda w: duties(w)),
    Expect("safety:lesson_add", allow={Role.LOGISTICS, Role.TEACHER}),
    Expect("safety:duty_list", allow=ALL),
    Expect("safety:duty_add", allow=OFFICER),
    Expect("safety:duty_detail", allow=ALL, kwargs=pk_of("shift"), classes=False),
    Expect("safety:duty_edit", allow=OFFICER, kwargs=pk_of("shift"), classes=False),
]

EXPECTATIONS = [*GATE, *DUTIES]
