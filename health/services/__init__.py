"""Every write of the health app. One function per action, one transaction, history kept; mail and
cross-app effects via ``transaction.on_commit``. Views, tasks, imports and signal handlers call these.

Errors are ``HealthError`` (a ``campus.errors.ServiceError``): a message per field or per child, in the user's
language, and nothing saved.

One module per area: ``common`` (error type, settings, saving), ``checks`` (start gate, morning and
afternoon checks, observations), ``followups``, ``medication``, ``outbreak`` (disease cases and the
outbreak rule), ``growth``, ``exams`` (weak children, physical exams). Callers import from
``health.services``; every public name is re-exported here."""

from ..models import HealthSettings  # callers and tests reach the settings model through services
from .checks import (
    CheckEntry,
    absent_today,
    check_summary,
    record_observation,
    start_blockers,
    submit_class_check,
    symptom_text,
)
from .common import (
    HEIGHT_RANGE,
    WEIGHT_RANGE,
    HealthError,
    check_temperature,
    settings_for,
    update_settings,
)
from .exams import (
    add_weak_visit,
    exams_due,
    open_weak_case,
    record_exam,
    update_weak_case,
)
from .followups import (
    REASON_WORDS,
    flagged_follow_ups,
    group_from_reason,
    open_sick_follow_ups,
    update_follow_up,
)
from .growth import (
    GrowthEntry,
    blood_pressure_due,
    check_height,
    check_weight,
    classify,
    compute_zscores,
    default_position,
    latest_measurements,
    record_blood_pressure,
    record_round,
)
from .medication import (
    DueDose,
    alert_doses_due,
    cancel_medication_request,
    check_dose,
    create_medication_request,
    dose_timing,
    doses_for_day,
    due_at,
    give_dose,
    overlapping_requests,
    parse_times,
)
from .outbreak import (
    DISEASE_CLUSTER_SETTINGS,
    evaluate_disease_cluster,
    evaluate_outbreak,
    mark_case_reported,
    mark_outbreak_reported,
    outbreak_tasks,
    record_case,
    record_return,
    similar_cases,
)

__all__ = [
    "HealthSettings",
    "HEIGHT_RANGE",
    "WEIGHT_RANGE",
    "HealthError",
    "settings_for",
    "check_temperature",
    "update_settings",
    "record_case",
    "DISEASE_CLUSTER_SETTINGS",
    "evaluate_disease_cluster",
    "record_return",
    "mark_case_reported",
    "similar_cases",
    "evaluate_outbreak",
    "mark_outbreak_reported",
    "outbreak_tasks",
    "start_blockers",
    "absent_today",
    "check_summary",
    "CheckEntry",
    "submit_class_check",
    "symptom_text",
    "record_observation",
    "REASON_WORDS",
    "group_from_reason",
    "open_sick_follow_ups",
    "update_follow_up",
    "flagged_follow_ups",
    "parse_times",
    "create_medication_request",
    "cancel_medication_request",
    "give_dose",
    "alert_doses_due",
    "check_dose",
    "DueDose",
    "doses_for_day",
    "due_at",
    "dose_timing",
    "overlapping_requests",
    "check_height",
    "check_weight",
    "classify",
    "GrowthEntry",
    "compute_zscores",
    "default_position",
    "record_round",
    "record_blood_pressure",
    "latest_measurements",
    "blood_pressure_due",
    "open_weak_case",
    "update_weak_case",
    "add_weak_visit",
    "record_exam",
    "exams_due",
]
