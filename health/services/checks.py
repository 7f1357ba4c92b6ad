"""The start gate (entry certificate, re-exam after a long absence, isolation), the morning and
afternoon checks, and observations during the day."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from campus import attendance
from campus import services as campus_services
from campus.choices import AttendanceStatus
from campus.models import Child, Classroom

from ..choices import (
    CheckAction,
    CheckSession,
    ExamKind,
    Finding,
    SymptomGroup,
)
from ..models import (
    DiseaseCase,
    HealthCheck,
    HealthSettings,
    Observation,
    PhysicalExam,
    SickFollowUp,
)
from .common import HealthError, _groups_of, _save, check_temperature, settings_for
from .outbreak import evaluate_outbreak

# --- start gate: entry certificate, re-exam after a long absence, isolation ---------------------


def start_blockers(children, day: dt.date, hs: HealthSettings) -> dict:
    """{child_id: message} for children who may not be admitted on ``day``. Three queries."""
    ids = [child.id for child in children]
    names = {child.id: child.name for child in children}
    blockers = {}
    exams = {}
    for child_id, kind, last in (
        PhysicalExam.objects.filter(child_id__in=ids, exam_date__lte=day, passed=True)
        .values_list("child_id", "kind").annotate(last=Max("exam_date"))
    ):
        exams.setdefault(child_id, {})[kind] = last
    if hs.require_entry_certificate:
        for child_id in ids:
            if ExamKind.ENTRY not in exams.get(child_id, {}):
                blockers[child_id] = _(
                    "%(name)s has no entry health certificate on record and cannot start. Record the entry exam first."
                ) % {"name": names[child_id]}
    last_present = attendance.last_present(ids, day)
    for child_id, last in last_present.items():
        if child_id in blockers or (day - last).days < hs.reexam_after_days:
            continue
        latest_exam = max(exams.get(child_id, {}).values(), default=None)
        if latest_exam is None or latest_exam <= last:
            blockers[child_id] = _(
                "%(name)s has been away since %(last)s (%(days)d days) and must be re-examined before returning."
            ) % {"name": names[child_id], "last": last, "days": (day - last).days}
    for case in DiseaseCase.objects.filter(child_id__in=ids, returned_on__isnull=True, isolation_start__lte=day):
        blockers.setdefault(case.child_id, _(
            "%(name)s is isolated for %(disease)s and may return only with a doctor's certificate."
        ) % {"name": names[case.child_id], "disease": case.get_disease_display()})
    return blockers


def absent_today(children, day) -> dict:
    """{child_id: attendance record} for children already recorded absent that day (sick or other
    leave): the check leaves them "not here" unless the teacher taps otherwise. One query."""
    return attendance.absent_on([c.id for c in children], day)


# --- morning and afternoon checks --------------------------------------------------------------


@dataclass
class CheckEntry:
    action: str = CheckAction.ADMITTED
    temperature: object = None
    findings: list = field(default_factory=list)
    note: str = ""

@transaction.atomic
def submit_class_check(classroom: Classroom, day: dt.date, session: str, entries: dict, user) -> list:
    """Save a class's morning (or afternoon) check in one go: every child enrolled that day gets a
    row; ``entries`` maps child id to a ``CheckEntry`` for the exceptions, everyone else is fine and
    admitted. At the morning check, children checked in (admitted or observed) are marked present in
    attendance and a child sent home at the gate a sick leave; a child sent home (morning or
    afternoon) opens a sick-absence follow-up. A constant number of queries
    whatever the class size. Raises ``HealthError`` with a message per child id; nothing is saved."""
    if day > timezone.localdate():
        raise HealthError(_("A check cannot be recorded for a future day."))
    if session not in CheckSession.values:
        raise HealthError(_("Unknown check."))
    hs = settings_for(classroom.campus)
    children = list(classroom.children_on(day).only("id", "name", "campus_id", "classroom_id"))
    by_id = {child.id: child for child in children}
    if set(entries) - set(by_id):
        raise HealthError(_("Some children are not in this class on that day."))
    blockers = start_blockers(children, day, hs) if session == CheckSession.MORNING else {}
    away = absent_today(children, day)
    errors, rows = {}, {}
    for child in children:
        entry = entries.get(child.id) or (
            CheckEntry(action=CheckAction.NOT_HERE) if child.id in blockers or child.id in away else CheckEntry()
        )
        try:
            temperature = check_temperature(entry.temperature, hs)
        except HealthError as exc:
            errors[child.id] = "%s: %s" % (child.name, exc.messages[0])
            continue
        unknown = set(entry.findings) - set(Finding.values)
        if unknown or entry.action not in CheckAction.values:
            errors[child.id] = _("%(name)s: unknown finding or action.") % {"name": child.name}
            continue
        if entry.action in (CheckAction.ADMITTED, CheckAction.OBSERVE) and child.id in blockers:
            errors[child.id] = blockers[child.id]
            continue
        findings = list(dict.fromkeys(entry.findings))
        if entry.action == CheckAction.SENT_HOME and temperature is None and not findings:
            # Sending a child home is a health decision: it is recorded with what it rests on (the
            # sick leave, the follow-up and the outbreak rule all read it).
            errors[child.id] = _("%(name)s: sending a child home needs a temperature or at least one finding.") % {
                "name": child.name}
            continue
        if temperature is not None and temperature >= hs.fever_at and Finding.FEVER not in findings:
            findings.insert(0, Finding.FEVER)
        rows[child.id] = (entry.action, temperature, findings, entry.note.strip()[:200])
    if errors:
        raise HealthError(errors)

    now = timezone.now()
    existing = {row.child_id: row for row in HealthCheck.objects.filter(classroom=classroom, date=day, session=session)}
    to_create, to_update = [], []
    for child_id, (action, temperature, findings, note) in rows.items():
        row = existing.get(child_id)
        if row is None:
            to_create.append(HealthCheck(
                campus_id=classroom.campus_id, classroom_id=classroom.id, child_id=child_id, date=day, session=session,
                temperature=temperature, findings=findings, note=note, action=action, checked_by=user, checked_at=now,
            ))
        elif (row.action, row.temperature, row.findings, row.note) != (action, temperature, findings, note):
            row.action, row.temperature, row.findings, row.note = action, temperature, findings, note
            row.checked_by, row.checked_at = user, now
            to_update.append(row)
    if to_create:
        bulk_create_with_history(to_create, HealthCheck, default_user=user)
    if to_update:
        bulk_update_with_history(to_update, HealthCheck, ["action", "temperature", "findings", "note", "checked_by",
                                                          "checked_at"], default_user=user)

    sent_home = {cid: r for cid, r in rows.items() if r[0] == CheckAction.SENT_HOME}
    if session == CheckSession.MORNING:
        # Checked in: present. Sent home at the gate: a sick leave for the day (no meals for the
        # kitchen, the meal fee refunded under the campus's rule), with the check's findings.
        statuses = {cid: (AttendanceStatus.PRESENT, "") for cid, (action, *_rest) in rows.items()
                    if action not in (CheckAction.NOT_HERE, CheckAction.SENT_HOME)}
        for cid, (_action, temperature, findings, _note) in sent_home.items():
            symptoms = symptom_text(findings, temperature)
            reason = (_("Sent home at the morning check: %(symptoms)s") % {"symptoms": symptoms} if symptoms
                      else _("Sent home at the morning check"))
            statuses[cid] = (AttendanceStatus.SICK, reason[:200])
        if statuses:
            campus_services.check_in(classroom, day, statuses, user, reason_for_change=_("Morning check"))
    if sent_home:
        _open_follow_ups_for_sent_home(classroom, day, session, sent_home, by_id, hs, user)
    if any(_groups_of(r[2], r[1], hs) for r in rows.values() if r[0] in (CheckAction.OBSERVE, CheckAction.SENT_HOME)):
        evaluate_outbreak(classroom, day, user, hs=hs)
    return to_create + to_update


def check_summary(entries: dict, away: dict) -> dict:
    """The counts a saved class check reports: ``exceptions`` (children checked with a temperature,
    a finding, a note or an action other than admitted), ``absent`` (not here and recorded absent
    in attendance: a sick or other leave is an absence, not an exception of the check) and
    ``sent_home``. ``entries`` as for ``submit_class_check``, ``away`` from ``absent_today``."""
    absent = {cid for cid, e in entries.items()
              if e.action == CheckAction.NOT_HERE and cid in away and not (e.temperature or e.findings or e.note)}
    return {
        "exceptions": len(entries) - len(absent),
        "absent": len(absent),
        "sent_home": sum(1 for e in entries.values() if e.action == CheckAction.SENT_HOME),
    }


def symptom_text(findings, temperature) -> str:
    """The check's findings as a short text: 发热、咳嗽 38.6℃."""
    labels = dict(Finding.choices)
    text = "、".join(str(labels[f]) for f in findings)
    return f"{text} {temperature}℃".strip() if temperature is not None else text


def _open_follow_ups_for_sent_home(classroom, day, session, sent_home, by_id, hs, user):
    already = set(SickFollowUp.objects.filter(child_id__in=sent_home, date=day).values_list("child_id", flat=True))
    new = []
    for child_id, (_action, temperature, findings, note) in sent_home.items():
        if child_id in already:
            continue
        symptoms = symptom_text(findings, temperature)
        groups = _groups_of(findings, temperature, hs)
        new.append(SickFollowUp(
            campus_id=classroom.campus_id, classroom_id=classroom.id, child_id=child_id, date=day,
            reason=(_("Sent home at the %(check)s") % {"check": CheckSession(session).label}) + (f": {note}" if note else ""),
            symptoms=symptoms[:200], symptom_group=min(groups) if len(groups) == 1 else (sorted(groups)[0] if groups else ""),
            onset=day,
        ))
    if new:
        bulk_create_with_history(new, SickFollowUp, default_user=user)


# --- observation -------------------------------------------------------------------------------


@transaction.atomic
def record_observation(child: Child, *, observed_at, symptom, user, temperature=None, symptom_group=SymptomGroup.OTHER,
                       action="", parent_informed=False, sent_home=False) -> Observation:
    hs = settings_for(child.campus)
    temperature = check_temperature(temperature, hs)
    if observed_at > timezone.now() + dt.timedelta(minutes=5):
        raise HealthError({"observed_at": _("The time is in the future.")})
    if temperature is not None and temperature >= hs.fever_at and symptom_group == SymptomGroup.OTHER:
        symptom_group = SymptomGroup.FEVER
    obs = _save(Observation(
        campus_id=child.campus_id, child=child, observed_at=observed_at, symptom=symptom, symptom_group=symptom_group,
        temperature=temperature, action=action, parent_informed=parent_informed, sent_home=sent_home, recorded_by=user,
    ), user)
    day = timezone.localtime(observed_at).date()
    if sent_home:
        SickFollowUp.objects.get_or_create(
            child=child, date=day,
            defaults={"campus_id": child.campus_id, "classroom_id": child.classroom_id, "reason": _("Sent home during the day"),
                      "symptoms": symptom, "symptom_group": symptom_group if symptom_group != SymptomGroup.OTHER else "",
                      "onset": day},
        )
    if symptom_group != SymptomGroup.OTHER:
        evaluate_outbreak(child.classroom, day, user)
    return obs
