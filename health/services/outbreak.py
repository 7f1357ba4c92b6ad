"""Infectious disease cases and the outbreak rule (similar cases in a class within a few days)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.choices import NoticeKind
from campus.models import Classroom
from campus.notifications import notify
from campus.roles import Role
from checklists import services as checklist_services
from checklists.choices import FollowUpKind

from ..choices import (
    DISEASE_GROUP,
    CheckAction,
    Disease,
    OutbreakRule,
    PersonKind,
    SymptomGroup,
)
from ..models import (
    DiseaseCase,
    HealthCheck,
    HealthSettings,
    Observation,
    OutbreakAlert,
    SickFollowUp,
)
from .common import HealthError, _groups_of, _save, settings_for

# --- infectious disease ------------------------------------------------------------------------


@transaction.atomic
def record_case(*, campus, disease, onset, isolation_start, user, child=None, staff=None, diagnosed_on=None, diagnosis="",
                isolation_end=None, symptom_group="") -> DiseaseCase:
    errors = {}
    today = timezone.localdate()
    if (child is None) == (staff is None):
        errors["child"] = _("Choose either a child or a staff member.")
    if onset > today:
        errors["onset"] = _("The onset cannot be in the future.")
    if isolation_start < onset - dt.timedelta(days=30):
        errors["isolation_start"] = _("Isolation cannot start long before the onset.")
    if isolation_end and isolation_end < isolation_start:
        errors["isolation_end"] = _("Isolation cannot end before it starts.")
    if errors:
        raise HealthError(errors)
    case = _save(DiseaseCase(
        campus=campus, person_kind=PersonKind.CHILD if child else PersonKind.STAFF, child=child, staff=staff,
        classroom=child.classroom if child else None, disease=disease,
        symptom_group=symptom_group or DISEASE_GROUP.get(disease, SymptomGroup.OTHER), onset=onset,
        diagnosed_on=diagnosed_on, diagnosis=diagnosis, isolation_start=isolation_start, isolation_end=isolation_end,
        recorded_by=user,
    ), user)
    if child is not None:
        evaluate_disease_cluster(child.classroom, disease, onset, user)
        if case.symptom_group != SymptomGroup.OTHER:
            evaluate_outbreak(child.classroom, onset, user)
    return case


# disease -> (setting with the number of cases, setting with the window in days)
DISEASE_CLUSTER_SETTINGS = {
    Disease.HFMD: ("hfmd_cluster_cases", "hfmd_cluster_days"),
    Disease.INFLUENZA: ("flu_cluster_cases", "flu_cluster_days"),
}


def evaluate_disease_cluster(classroom: Classroom, disease: str, day: dt.date, user=None, hs=None) -> OutbreakAlert | None:
    """A disease with its own cluster threshold (hand, foot and mouth disease: 2 in a class within 7
    days by default) alerts like the outbreak rule, once per cluster: an alert of the class for the
    same kind of symptom in an overlapping window is updated (and named after the disease) instead."""
    fields = DISEASE_CLUSTER_SETTINGS.get(disease)
    if fields is None:
        return None
    hs = hs or settings_for(classroom.campus)
    needed, days = (getattr(hs, name) for name in fields)
    if not needed or not days:
        return None
    first = day - dt.timedelta(days=days - 1)
    children = set(
        DiseaseCase.objects.filter(classroom=classroom, disease=disease, onset__range=(first, day), child__isnull=False)
        .values_list("child_id", flat=True)
    )
    if len(children) < needed:
        return None
    group = DISEASE_GROUP.get(disease, SymptomGroup.OTHER)
    with transaction.atomic():
        _lock(classroom)
        alert = _overlapping_alerts(classroom, [group], day, days).get(group)
        if alert is not None:  # the class's alert for that kind of symptom now names the disease
            return alert if _update_alert(alert, day, children, user, disease=disease) else None
        return _create_alert(classroom, group, OutbreakRule.DISEASE, day, children, hs, user, disease=disease)


@transaction.atomic
def record_return(case: DiseaseCase, *, returned_on, certificate_no, user, certificate_scan=None) -> DiseaseCase:
    """The end of isolation: only with a doctor's certificate."""
    if not (certificate_no or "").strip():
        raise HealthError({"certificate_no": _("A return needs the doctor's certificate: enter its number or hospital.")})
    if returned_on < case.isolation_start:
        raise HealthError({"returned_on": _("The return cannot be before the isolation started.")})
    if returned_on > timezone.localdate():
        raise HealthError({"returned_on": _("The return cannot be in the future.")})
    case.returned_on, case.certificate_no = returned_on, certificate_no.strip()
    case.isolation_end = case.isolation_end or returned_on
    if certificate_scan:
        case.certificate_scan = certificate_scan
    return _save(case, user, _("Returned with a doctor's certificate"))


@transaction.atomic
def mark_case_reported(case: DiseaseCase, *, reported_on, user) -> DiseaseCase:
    case.reported_on = reported_on
    return _save(case, user, _("Reported to the CDC"))


# --- the outbreak rule -------------------------------------------------------------------------


def similar_cases(classroom: Classroom, first: dt.date, last: dt.date, hs: HealthSettings) -> dict:
    """{(symptom group, day): {child ids}} for one class: children sent home or observed at a check
    with the symptom, sick absences, observations and disease cases. Four queries."""
    cases: dict = {}

    def add(group, day, child_id):
        if group and group != SymptomGroup.OTHER:
            cases.setdefault((group, day), set()).add(child_id)

    for child_id, day, findings, temperature in HealthCheck.objects.filter(
        classroom=classroom, date__range=(first, last), action__in=[CheckAction.OBSERVE, CheckAction.SENT_HOME],
    ).values_list("child_id", "date", "findings", "temperature"):
        for group in _groups_of(findings, temperature, hs):
            add(group, day, child_id)
    for child_id, day, group in SickFollowUp.objects.filter(classroom=classroom, date__range=(first, last)).values_list(
        "child_id", "date", "symptom_group"
    ):
        add(group, day, child_id)
    for child_id, when, group in Observation.objects.filter(
        child__classroom=classroom, observed_at__date__range=(first, last)
    ).values_list("child_id", "observed_at", "symptom_group"):
        add(group, timezone.localtime(when).date(), child_id)
    for child_id, day, group in DiseaseCase.objects.filter(
        classroom=classroom, person_kind=PersonKind.CHILD, onset__range=(first, last)
    ).values_list("child_id", "onset", "symptom_group"):
        add(group, day, child_id)
    return cases


@transaction.atomic
def evaluate_outbreak(classroom: Classroom, day: dt.date, user=None, hs=None) -> list[OutbreakAlert]:
    """Apply the outbreak rule to one class around ``day``: ≥ N similar cases that day, or ≥ M over
    the window ending that day (per-campus settings). A new cluster creates an alert (the report
    record, due within 24 h), opens the class disinfection run and a report follow-up, and tells
    the director and the health teacher at once. One alert per class, symptom group and window:
    while an alert's window overlaps this one, cases arriving update it instead (see
    ``_update_alert``). Returns the alerts created or changed."""
    hs = hs or settings_for(classroom.campus)
    first = day - dt.timedelta(days=hs.outbreak_window_days - 1)
    cases = similar_cases(classroom, first, day, hs)
    alerts = []
    groups = sorted({g for g, _d in cases})
    if groups:
        _lock(classroom)
        open_alerts = _overlapping_alerts(classroom, groups, day, hs.outbreak_window_days)
    for group in groups:
        today_children = cases.get((group, day), set())
        window_children = set().union(*(ids for (g, _d), ids in cases.items() if g == group))
        alert = open_alerts.get(group)
        if alert is not None:
            if _update_alert(alert, day, window_children, user):
                alerts.append(alert)
            continue
        if len(today_children) >= hs.outbreak_day_cases:
            rule, children = OutbreakRule.DAY, today_children
        elif len(window_children) >= hs.outbreak_window_cases:
            rule, children = OutbreakRule.WINDOW, window_children
        else:
            continue
        alerts.append(_create_alert(classroom, group, rule, day, children, hs, user))
    return alerts


def _lock(classroom: Classroom) -> None:
    """Detections in one class take turns (two teachers saving checks at once): the class row is
    locked until the caller's transaction ends, so the second one finds the alert the first made.
    (SQLite has no row locks, but it writes one transaction at a time anyway.)"""
    Classroom.objects.select_for_update().filter(pk=classroom.pk).values_list("pk", flat=True).first()


def _overlapping_alerts(classroom, groups, day, days) -> dict[str, OutbreakAlert]:
    """{symptom group: the class's alert for it whose window (``days`` long, running from before its
    first detection to its last case) overlaps the window of ``days`` ending ``day``}. One query."""
    window = dt.timedelta(days=days - 1)
    found = {}
    for alert in OutbreakAlert.objects.filter(
        classroom=classroom, symptom_group__in=list(groups), detected_on__lte=day + window, last_detected_on__gte=day - window,
    ).order_by("-detected_on", "-pk"):
        found[alert.symptom_group] = alert  # the earliest one wins (there is only one since issue 11)
    return found


def _update_alert(alert: OutbreakAlert, day, children, user, disease="") -> bool:
    """Bring an alert up to date with the cases seen in a window overlapping its own: its children
    are all those ever counted, its case count rises with them (and tells the director and the health
    teacher again) and never falls; its window runs on to ``day``. False when nothing changed."""
    known = set(alert.children.values_list("pk", flat=True))
    seen = known | set(children)
    changed = []
    if len(seen) > alert.cases:
        alert.cases = len(seen)
        changed.append("cases")
    if disease and not alert.disease:
        alert.disease = disease
        changed.append("disease")
    if day > alert.last_detected_on:
        alert.last_detected_on = day
        changed.append("last_detected_on")
    if not changed and seen == known:
        return False
    alert.last_detected_at = timezone.now()
    _save(alert, user, _("More cases of the outbreak"))
    if seen != known:
        alert.children.add(*(seen - known))
    if "cases" in changed:
        _notify_outbreak(alert, update=True)
    return True


def _create_alert(classroom, group, rule, day, children, hs, user, disease="") -> OutbreakAlert:
    now = timezone.now()
    alert = OutbreakAlert(
        campus_id=classroom.campus_id, classroom=classroom, symptom_group=group, disease=disease, rule=rule, detected_on=day,
        last_detected_on=day, cases=len(children), detected_at=now, last_detected_at=now,
        report_due=now + dt.timedelta(hours=hs.report_hours),
    )
    with transaction.atomic():
        _save(alert, user, _("Outbreak rule met"))
        alert.children.set(children)
        _open_checklist_work(alert, user)
        _notify_outbreak(alert)
    return alert


def _notify_outbreak(alert: OutbreakAlert, update: bool = False) -> None:
    """Tell the director(s) and health teacher(s) of the campus: in the app, and by e-mail after commit.
    Keyed by the alert: a detection that finds nothing new sends nothing; more cases send one more
    notice, keyed by the alert and its new count."""
    symptom = alert.get_disease_display() if alert.disease else alert.get_symptom_group_display()
    if update:
        title = _("Outbreak alert: %(class)s, %(symptom)s, now %(cases)d cases") % {
            "class": alert.classroom, "symptom": symptom, "cases": alert.cases}
    else:
        title = _("Outbreak alert: %(class)s, %(symptom)s") % {"class": alert.classroom, "symptom": symptom}
    notify(
        NoticeKind.OUTBREAK, alert.campus, roles=[Role.DIRECTOR, Role.HEALTH],
        key=f"outbreak:{alert.pk}:{alert.cases}" if update else f"outbreak:{alert.pk}",
        title=title,
        body=_("%(cases)d children of %(class)s have %(symptom)s (%(rule)s). Report by %(due)s and disinfect the class.") % {
            "cases": alert.cases, "class": alert.classroom, "symptom": symptom,
            "rule": alert.get_rule_display(), "due": timezone.localtime(alert.report_due).strftime("%Y-%m-%d %H:%M")},
        link=alert.get_absolute_url(),
    )


def _open_checklist_work(alert: OutbreakAlert, user=None) -> None:
    """The class disinfection run and the 24-hour report follow-up, through the checklists app."""
    symptom = alert.get_disease_display() if alert.disease else alert.get_symptom_group_display()
    reason = _("Outbreak alert: %(cases)d cases of %(symptom)s in %(class)s") % {
        "cases": alert.cases, "symptom": symptom, "class": alert.classroom}
    run = checklist_services.open_adhoc_run(
        campus=alert.campus, template_code="class-disinfection", reason=reason, source=alert, due=alert.report_due,
        place=str(alert.classroom), created_by=user,
    )
    follow_up = checklist_services.open_follow_up(
        campus=alert.campus, kind=FollowUpKind.HEALTH, source=alert, assignee_role=Role.HEALTH, due=alert.report_due,
        created_by=user, description=reason,
        title=_("Report the outbreak in %(class)s (%(symptom)s, %(cases)d cases) within 24 hours") % {
            "class": alert.classroom, "symptom": symptom, "cases": alert.cases},
    )
    alert.checklist_run, alert.follow_up = run, follow_up
    OutbreakAlert.objects.filter(pk=alert.pk).update(checklist_run=run, follow_up=follow_up)


def outbreak_tasks(alert: OutbreakAlert) -> list[dict]:
    """The alert's work in the checklists app, as the page names it: the class disinfection run and
    the report follow-up, each with its name, state and link (or ``None`` when there is none). Load
    the alert with ``select_related("checklist_run__template", "follow_up")`` to keep it query-free."""
    run, follow_up = alert.checklist_run, alert.follow_up
    return [
        {"label": _("Class disinfection run"), "task": run,
         "name": " · ".join(str(p) for p in (run.template.title, run.place) if p) if run else "",
         "state": run.get_status_display() if run else ""},
        {"label": _("Report follow-up"), "task": follow_up, "name": follow_up.title if follow_up else "",
         "state": follow_up.get_status_display() if follow_up else ""},
    ]


@transaction.atomic
def mark_outbreak_reported(alert: OutbreakAlert, *, note: str, user) -> OutbreakAlert:
    if not note.strip():
        raise HealthError({"report_note": _("Write to whom and how the outbreak was reported.")})
    alert.reported_at, alert.reported_by, alert.report_note = timezone.now(), user, note.strip()
    return _save(alert, user, _("Reported"))
