"""The one place tests make data: every app's factories, by department, re-exported here.

Use ``from tests import factories`` and ``factories.make_...``: ``make_campus`` (with a term),
``make_term``, ``make_classroom``, ``make_child``, ``make_staff`` (a role), ``make_parent`` (a guardian
with a parent login), ``make_world`` (the shared world); finance ``make_fee_standard``,
``make_spring_campus``, ``make_claim``; health ``make_entry_exams``, ``make_check``...; kitchen
``make_dish``, ``make_menu``...; checklists ``make_run``, ``make_follow_up``. Records with a service
are made through it, so tests (and the permission matrix) see real states."""
from .assets import (
    make_asset,
    make_category,
)
from .campus import (
    PASSWORD,
    SPRING_2025,
    World,
    enter_unknown_years,
    log_in,
    make_all_present,
    make_attendance,
    make_campus,
    make_child,
    make_classroom,
    make_parent,
    make_place,
    make_staff,
    make_term,
    make_user,
    make_world,
)
from .checklists import (
    make_checklist_template,
    make_follow_up,
    make_plan,
    make_run,
)
from .files import (
    make_image,
    make_xlsx,
)
from .finance import (
    SpringCampus,
    last_month,
    make_canteen_account,
    make_claim,
    make_fee_standard,
    make_spring_campus,
    school_days,
    set_refund_rule,
    this_month,
)
from .health import (
    make_check,
    make_class_with_children,
    make_disease_case,
    make_dose,
    make_entry_exams,
    make_exam,
    make_measurement_round,
    make_medication_request,
    make_observation,
    make_sick_follow_up,
    make_weak_case,
)
from .kitchen import (
    GRADES,
    make_acceptance,
    make_dish,
    make_disinfection,
    make_ingredient,
    make_menu,
    make_sample,
    make_supplier,
)
from .repairs import (
    make_repair,
)

__all__ = [
    "GRADES",
    "PASSWORD",
    "SPRING_2025",
    "SpringCampus",
    "World",
    "enter_unknown_years",
    "last_month",
    "log_in",
    "make_acceptance",
    "make_all_present",
    "make_attendance",
    "make_campus",
    "make_canteen_account",
    "make_check",
    "make_checklist_template",
    "make_child",
    "make_claim",
    "make_class_with_children",
    "make_classroom",
    "make_disease_case",
    "make_dish",
    "make_disinfection",
    "make_dose",
    "make_entry_exams",
    "make_exam",
    "make_fee_standard",
    "make_follow_up",
    "make_image",
    "make_ingredient",
    "make_measurement_round",
    "make_medication_request",
    "make_menu",
    "make_observation",
    "make_parent",
    "make_place",
    "make_plan",
    "make_run",
    "make_sample",
    "make_sick_follow_up",
    "make_spring_campus",
    "make_staff",
    "make_supplier",
    "make_term",
    "make_user",
    "make_weak_case",
    "make_world",
    "make_xlsx",
    "school_days",
    "set_refund_rule",
    "this_month",
    # assets (register)
    "make_asset",
    "make_category",
    # assets (repairs)
    "make_repair",
]
