"""The health registers (campus.registers): each a title, its columns and its period rule; shown,
exported to xlsx and printed by campus.registers. ``REGISTERS`` maps the URL's kind to each."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus.people import display_name
from campus.registers import Column, Register, class_filter, last_days

from .models import (
    BloodPressure,
    DiseaseCase,
    HealthCheck,
    Measurement,
    MedicationDose,
    Observation,
    OutbreakAlert,
    PhysicalExam,
    SickFollowUp,
    WeakChildCase,
)


def _t(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _yes(value):
    return str(_("yes")) if value else str(_("no"))


def _blank(value):
    return "" if value is None else value


def _nav(request, period, objects):
    return {"registers": REGISTERS}


def health_register(title, model, perm, date_field, columns, **kwargs) -> Register:
    """A health register: the last 30 days by default, a class filter, the registers' tabs above."""
    return Register(title=title, model=model, permission=perm, date_field=date_field, columns=columns,
                    default_range=last_days(30), filters=[class_filter()], intro="health/_register_nav.html",
                    context=_nav, **kwargs)


def C(header, cell):  # noqa: N802 - reads like a table
    return Column(header, cell)


REGISTERS = {
    "checks": health_register(
        _("Morning and afternoon check register"), HealthCheck, "health.view_healthcheck", "date", [
            C(_("Date"), lambda o: o.date), C(_("Check"), lambda o: o.get_session_display()),
            C(_("Class"), lambda o: o.classroom.name), C(_("Child"), lambda o: o.child.name),
            C(_("Temperature (°C)"), lambda o: o.temperature or ""), C(_("Findings"), lambda o: o.findings_display()),
            C(_("Action"), lambda o: o.get_action_display()), C(_("Note"), lambda o: o.note),
            C(_("Checked by"), lambda o: display_name(o.checked_by)),
        ],
        where=lambda qs, a, b: qs.exclude(findings=[], temperature__isnull=True, note="", action="admitted"),
        select_related=("child", "classroom", "checked_by__staff"),
        order_by=("date", "session", "classroom__name", "child__name"),
    ),
    "observations": health_register(
        _("All-day observation register"), Observation, "health.view_observation", "observed_at__date", [
            C(_("Time"), lambda o: _t(o.observed_at)), C(_("Class"), lambda o: o.child.classroom.name),
            C(_("Child"), lambda o: o.child.name), C(_("Symptom"), lambda o: o.symptom),
            C(_("Temperature (°C)"), lambda o: o.temperature or ""), C(_("Action taken"), lambda o: o.action),
            C(_("Parent informed"), lambda o: _yes(o.parent_informed)), C(_("Recorded by"), lambda o: display_name(o.recorded_by)),
        ],
        select_related=("child__classroom", "recorded_by__staff"), order_by=("observed_at",),
    ),
    "medication": health_register(
        _("Medication register"), MedicationDose, "health.view_medicationdose", "date", [
            C(_("Date"), lambda o: o.date), C(_("Due at"), lambda o: o.scheduled.strftime("%H:%M")),
            C(_("Class"), lambda o: o.request.child.classroom.name), C(_("Child"), lambda o: o.request.child.name),
            C(_("Drug"), lambda o: o.request.drug), C(_("Amount given"), lambda o: o.amount),
            C(_("Route"), lambda o: o.request.get_route_display()), C(_("Given at"), lambda o: _t(o.given_at)),
            C(_("Given by"), lambda o: display_name(o.given_by)), C(_("Checked by"), lambda o: display_name(o.checked_by)),
            C(_("Timing / reason"), lambda o: o.timing_with_reason),
        ],
        select_related=("request__child__classroom", "given_by__staff", "checked_by__staff"), order_by=("date", "scheduled"),
    ),
    "followups": health_register(
        _("Sick-absence follow-up register"), SickFollowUp, "health.view_sickfollowup", "date", [
            C(_("Date"), lambda o: o.date), C(_("Class"), lambda o: o.classroom.name), C(_("Child"), lambda o: o.child.name),
            C(_("Reason given"), lambda o: o.reason), C(_("Symptoms"), lambda o: o.symptoms),
            C(_("Onset"), lambda o: o.onset or ""), C(_("Saw a doctor"), lambda o: _yes(o.doctor_visit)),
            C(_("Diagnosis"), lambda o: o.diagnosis), C(_("Status"), lambda o: o.get_status_display()),
            C(_("Followed up by"), lambda o: display_name(o.closed_by)),
        ],
        select_related=("child", "classroom", "closed_by__staff"), order_by=("date", "classroom__name"),
    ),
    "cases": health_register(
        _("Infectious disease register"), DiseaseCase, "health.view_diseasecase", "onset", [
            C(_("Onset"), lambda o: o.onset), C(_("Who"), lambda o: str(o.person)),
            C(_("Class"), lambda o: o.classroom.name if o.classroom else ""), C(_("Disease"), lambda o: o.get_disease_display()),
            C(_("Notifiable"), lambda o: _yes(o.notifiable)), C(_("Diagnosis / hospital"), lambda o: o.diagnosis),
            C(_("Isolation from"), lambda o: o.isolation_start), C(_("Isolation until"), lambda o: o.isolation_end or ""),
            C(_("Returned on"), lambda o: o.returned_on or ""), C(_("Doctor's certificate"), lambda o: o.certificate_no),
        ],
        select_related=("child", "staff", "classroom"), order_by=("onset",),
    ),
    "outbreaks": health_register(
        _("Outbreak report register"), OutbreakAlert, "health.view_outbreakalert", "detected_on", [
            C(_("Detected at"), lambda o: _t(o.detected_at)), C(_("Class"), lambda o: o.classroom.name),
            C(_("Kind of symptom"), lambda o: o.get_symptom_group_display()), C(_("Rule met"), lambda o: o.get_rule_display()),
            C(_("Cases"), lambda o: o.cases), C(_("Report due by"), lambda o: _t(o.report_due)),
            C(_("Reported at"), lambda o: _t(o.reported_at)), C(_("Report"), lambda o: o.report_note),
        ],
        select_related=("classroom",), order_by=("detected_at",),
    ),
    "growth": health_register(
        _("Growth measurement register"), Measurement, "health.view_measurement", "measured_on", [
            C(_("Measured on"), lambda o: o.measured_on), C(_("Class"), lambda o: o.child.classroom.name),
            C(_("Child"), lambda o: o.child.name), C(_("Height (cm)"), lambda o: o.height_cm),
            C(_("Weight (kg)"), lambda o: o.weight_kg), C(_("Measuring position"), lambda o: o.get_position_display()),
            C(_("Oedema"), lambda o: _yes(o.oedema)), C("WAZ", lambda o: o.wfa_shown), C("HAZ", lambda o: o.hfa),
            C("WHZ", lambda o: o.wfh_shown), C("BAZ", lambda o: o.bmi_shown),
            C(_("Weight status"), lambda o: o.get_weight_status_display()),
            C(_("Underweight"), lambda o: _yes(o.underweight)), C(_("Stunting"), lambda o: _yes(o.stunting)),
        ],
        select_related=("child__classroom",), order_by=("measured_on", "child__name"),
    ),
    "blood_pressure": health_register(
        _("Blood pressure register"), BloodPressure, "health.view_bloodpressure", "measured_on", [
            C(_("Measured on"), lambda o: o.measured_on), C(_("Class"), lambda o: o.child.classroom.name),
            C(_("Child"), lambda o: o.child.name), C(_("Systolic (mmHg)"), lambda o: o.systolic),
            C(_("Diastolic (mmHg)"), lambda o: o.diastolic), C(_("Note"), lambda o: o.note),
            C(_("Measured by"), lambda o: display_name(o.measured_by)),
        ],
        select_related=("child__classroom", "measured_by__staff"), order_by=("measured_on",),
    ),
    "weak": health_register(  # open at any time of the period
        _("Weak children register"), WeakChildCase, "health.view_weakchildcase", None, [
            C(_("Registered on"), lambda o: o.opened_on), C(_("Class"), lambda o: o.child.classroom.name),
            C(_("Child"), lambda o: o.child.name), C(_("Reason"), lambda o: o.get_reason_display()),
            C(_("Finding"), lambda o: o.detail), C(_("Management plan"), lambda o: o.plan),
            C(_("Status"), lambda o: o.get_status_display()), C(_("Outcome"), lambda o: o.outcome),
        ],
        where=lambda qs, a, b: qs.filter(opened_on__lte=b).exclude(closed_on__lt=a),
        select_related=("child__classroom",), order_by=("opened_on",),
    ),
    "exams": health_register(
        _("Physical exam register"), PhysicalExam, "health.view_physicalexam", "exam_date", [
            C(_("Exam date"), lambda o: o.exam_date), C(_("Class"), lambda o: o.child.classroom.name),
            C(_("Child"), lambda o: o.child.name), C(_("Kind"), lambda o: o.get_kind_display()),
            C(_("Height (cm)"), lambda o: o.height_cm or ""), C(_("Weight (kg)"), lambda o: o.weight_kg or ""),
            C(_("Hb (g/L)"), lambda o: o.hb or ""), C(_("Vision, left"), lambda o: o.vision_left or ""),
            C(_("Vision, right"), lambda o: o.vision_right or ""), C(_("Teeth with caries"), lambda o: _blank(o.caries)),
            C(_("Result / advice"), lambda o: o.result),
        ],
        select_related=("child__classroom",), order_by=("exam_date",),
    ),
}
