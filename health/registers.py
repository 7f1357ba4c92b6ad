"""Each register as a table: title, headers, rows by date range; shown, exported to xlsx and printed."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


def _u(user):
    return (getattr(getattr(user, "staff", None), "name", None) or user.get_username()) if user else ""


@dataclass
class Register:
    title: object
    model: type
    perm: str
    headers: list
    queryset: object
    row: object


REGISTERS = {
    "checks": Register(
        _("Morning and afternoon check register"), HealthCheck, "health.view_healthcheck",
        [_("Date"), _("Check"), _("Class"), _("Child"), _("Temperature (°C)"), _("Findings"), _("Action"), _("Note"),
         _("Checked by")],
        lambda qs, a, b: qs.filter(date__range=(a, b)).exclude(findings=[], temperature__isnull=True, note="", action="admitted")
        .select_related("child", "classroom", "checked_by__staff").order_by("date", "session", "classroom__name", "child__name"),
        lambda o: [o.date, o.get_session_display(), o.classroom.name, o.child.name, o.temperature or "", o.findings_display(),
                   o.get_action_display(), o.note, _u(o.checked_by)],
    ),
    "observations": Register(
        _("All-day observation register"), Observation, "health.view_observation",
        [_("Time"), _("Class"), _("Child"), _("Symptom"), _("Temperature (°C)"), _("Action taken"), _("Parent informed"),
         _("Recorded by")],
        lambda qs, a, b: qs.filter(observed_at__date__range=(a, b)).select_related("child__classroom", "recorded_by__staff")
        .order_by("observed_at"),
        lambda o: [_t(o.observed_at), o.child.classroom.name, o.child.name, o.symptom, o.temperature or "", o.action,
                   _yes(o.parent_informed), _u(o.recorded_by)],
    ),
    "medication": Register(
        _("Medication register"), MedicationDose, "health.view_medicationdose",
        [_("Date"), _("Due at"), _("Class"), _("Child"), _("Drug"), _("Amount given"), _("Route"), _("Given at"),
         _("Given by"), _("Checked by"), _("Timing / reason")],
        lambda qs, a, b: qs.filter(date__range=(a, b)).select_related("request__child__classroom", "given_by__staff",
                                                                        "checked_by__staff").order_by("date", "scheduled"),
        lambda o: [o.date, o.scheduled.strftime("%H:%M"), o.request.child.classroom.name, o.request.child.name, o.request.drug,
                   o.amount, o.request.get_route_display(), _t(o.given_at), _u(o.given_by), _u(o.checked_by),
                   o.timing_with_reason],
    ),
    "followups": Register(
        _("Sick-absence follow-up register"), SickFollowUp, "health.view_sickfollowup",
        [_("Date"), _("Class"), _("Child"), _("Reason given"), _("Symptoms"), _("Onset"), _("Saw a doctor"), _("Diagnosis"),
         _("Status"), _("Followed up by")],
        lambda qs, a, b: qs.filter(date__range=(a, b)).select_related("child", "classroom", "closed_by__staff")
        .order_by("date", "classroom__name"),
        lambda o: [o.date, o.classroom.name, o.child.name, o.reason, o.symptoms, o.onset or "", _yes(o.doctor_visit), o.diagnosis,
                   o.get_status_display(), _u(o.closed_by)],
    ),
    "cases": Register(
        _("Infectious disease register"), DiseaseCase, "health.view_diseasecase",
        [_("Onset"), _("Who"), _("Class"), _("Disease"), _("Notifiable"), _("Diagnosis / hospital"), _("Isolation from"),
         _("Isolation until"), _("Returned on"), _("Doctor's certificate")],
        lambda qs, a, b: qs.filter(onset__range=(a, b)).select_related("child", "staff", "classroom").order_by("onset"),
        lambda o: [o.onset, str(o.person), o.classroom.name if o.classroom else "", o.get_disease_display(), _yes(o.notifiable),
                   o.diagnosis, o.isolation_start, o.isolation_end or "", o.returned_on or "", o.certificate_no],
    ),
    "outbreaks": Register(
        _("Outbreak report register"), OutbreakAlert, "health.view_outbreakalert",
        [_("Detected at"), _("Class"), _("Kind of symptom"), _("Rule met"), _("Cases"), _("Report due by"), _("Reported at"),
         _("Report")],
        lambda qs, a, b: qs.filter(detected_on__range=(a, b)).select_related("classroom").order_by("detected_at"),
        lambda o: [_t(o.detected_at), o.classroom.name, o.get_symptom_group_display(), o.get_rule_display(), o.cases,
                   _t(o.report_due), _t(o.reported_at), o.report_note],
    ),
    "growth": Register(
        _("Growth measurement register"), Measurement, "health.view_measurement",
        [_("Measured on"), _("Class"), _("Child"), _("Height (cm)"), _("Weight (kg)"), _("Measuring position"), _("Oedema"),
         "WAZ", "HAZ", "WHZ", "BAZ", _("Weight status"), _("Underweight"), _("Stunting")],
        lambda qs, a, b: qs.filter(measured_on__range=(a, b)).select_related("child__classroom").order_by("measured_on",
                                                                                                          "child__name"),
        lambda o: [o.measured_on, o.child.classroom.name, o.child.name, o.height_cm, o.weight_kg, o.get_position_display(),
                   _yes(o.oedema), o.wfa_shown, o.hfa, o.wfh_shown, o.bmi_shown, o.get_weight_status_display(),
                   _yes(o.underweight), _yes(o.stunting)],
    ),
    "blood_pressure": Register(
        _("Blood pressure register"), BloodPressure, "health.view_bloodpressure",
        [_("Measured on"), _("Class"), _("Child"), _("Systolic (mmHg)"), _("Diastolic (mmHg)"), _("Note"), _("Measured by")],
        lambda qs, a, b: qs.filter(measured_on__range=(a, b)).select_related("child__classroom", "measured_by__staff")
        .order_by("measured_on"),
        lambda o: [o.measured_on, o.child.classroom.name, o.child.name, o.systolic, o.diastolic, o.note, _u(o.measured_by)],
    ),
    "weak": Register(
        _("Weak children register"), WeakChildCase, "health.view_weakchildcase",
        [_("Registered on"), _("Class"), _("Child"), _("Reason"), _("Finding"), _("Management plan"), _("Status"),
         _("Outcome")],
        lambda qs, a, b: qs.filter(opened_on__lte=b).exclude(closed_on__lt=a).select_related("child__classroom")
        .order_by("opened_on"),
        lambda o: [o.opened_on, o.child.classroom.name, o.child.name, o.get_reason_display(), o.detail, o.plan,
                   o.get_status_display(), o.outcome],
    ),
    "exams": Register(
        _("Physical exam register"), PhysicalExam, "health.view_physicalexam",
        [_("Exam date"), _("Class"), _("Child"), _("Kind"), _("Height (cm)"), _("Weight (kg)"), _("Hb (g/L)"),
         _("Vision, left"), _("Vision, right"), _("Teeth with caries"), _("Result / advice")],
        lambda qs, a, b: qs.filter(exam_date__range=(a, b)).select_related("child__classroom").order_by("exam_date"),
        lambda o: [o.exam_date, o.child.classroom.name, o.child.name, o.get_kind_display(), o.height_cm or "", o.weight_kg or "",
                   o.hb or "", o.vision_left or "", o.vision_right or "", o.caries if o.caries is not None else "", o.result],
    ),
}
