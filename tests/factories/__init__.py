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
from .family import make_leave_request
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
    make_meal_photo,
    make_menu,
    make_sample,
    make_supplier,
)
from .logistics import (
    make_item,
    make_stock,
    make_store,
    name_chemicals_keeper,
)
from .logistics_flows import (
    make_flow_store,
    make_purchase,
    make_requisition,
    make_stocked_item,
    make_stocktake,
)
from .repairs import (
    make_repair,
)
from .safety_duties import (
    make_document,
    make_drill,
    make_hazard,
    make_lesson,
    make_letter,
    make_photo,
    make_rectified_hazard,
    make_shift,
    make_training,
)

__all__ = [
    "make_item",
    "make_stock",
    "make_store",
    "name_chemicals_keeper",
    "make_leave_request",
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
    "make_flow_store",
    "make_follow_up",
    "make_image",
    "make_ingredient",
    "make_measurement_round",
    "make_medication_request",
    "make_menu",
    "make_meal_photo",
    "make_observation",
    "make_parent",
    "make_place",
    "make_plan",
    "make_purchase",
    "make_requisition",
    "make_run",
    "make_sample",
    "make_sick_follow_up",
    "make_spring_campus",
    "make_staff",
    "make_stocked_item",
    "make_stocktake",
    "make_supplier",
    "make_term",
    "make_user",
    "make_weak_case",
    "make_world",
    "make_xlsx",
    # safety duties
    "make_document",
    "make_drill",
    "make_hazard",
    "make_lesson",
    "make_letter",
    "make_photo",
    "make_rectified_hazard",
    "make_shift",
    "make_training",
    "school_days",
    "set_refund_rule",
    "this_month",
    # assets (register)
    "make_asset",
    "make_category",
    # assets (repairs)
    "make_repair",
]

# --- safety: the gate ---
from .gate import (  # noqa: E402
    VALID_ID,
    make_handover,
    make_picker,
    make_restricted,
    make_visitor,
    resident_id,
)

__all__ += ["VALID_ID", "make_handover", "make_picker", "make_restricted", "make_visitor", "resident_id"]
