"""Every write of the health app. One function per action, one transaction, history kept; mail and
cross-app effects via ``transaction.on_commit``. Views, tasks, imports and signal handlers call these.

Errors are ``HealthError`` (a ``ValidationError``): a message per field or per child, in the user's
language, and nothing saved."""

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from campus import services as campus_services
from campus.choices import AttendanceStatus, NoticeKind
from campus.dates import add_months
from campus.errors import ServiceError
from campus.models import Attendance, Child, Classroom
from campus.notifications import notify

from .choices import (
    DISEASE_GROUP,
    FINDING_GROUP,
    OBESE_STATUSES,
    CheckAction,
    CheckSession,
    Disease,
    ExamKind,
    Finding,
    FollowUpStatus,
    OutbreakRule,
    PersonKind,
    RequestStatus,
    SymptomGroup,
    WeakReason,
    WeightStatus,
)
from .models import (
    BloodPressure,
    DiseaseCase,
    HealthCheck,
    HealthSettings,
    Measurement,
    MeasurementRound,
    MedicationDose,
    MedicationRequest,
    Observation,
    OutbreakAlert,
    PhysicalExam,
    SickFollowUp,
    WeakChildCase,
    WeakChildVisit,
)

log = logging.getLogger(__name__)

# Physically possible ranges for children aged 1–7 (anything outside is a typing or measuring error).
HEIGHT_RANGE = (Decimal("60"), Decimal("150"))
WEIGHT_RANGE = (Decimal("6"), Decimal("60"))


def _name(user) -> str:
    staff = getattr(user, "staff", None) if user is not None else None
    return getattr(staff, "name", None) or (user.get_username() if user is not None else "")


class HealthError(ServiceError):
    """Bad input: nothing was saved. ``message_dict`` holds the message per field (or child id)."""


def settings_for(campus) -> HealthSettings:
    """The campus's health settings, loaded once per campus object (a request, a task)."""
    cached = getattr(campus, "_health_settings", None)
    if cached is None:
        cached = campus._health_settings = HealthSettings.for_campus(campus)
    return cached


def _save(obj, user, reason=""):
    obj._history_user = user
    obj._change_reason = reason
    obj.save()
    return obj


def _decimal(value, label):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():  # NaN and Infinity parse, but are not numbers
        raise HealthError(_("%(label)s is not a number.") % {"label": label})
    return number


def check_temperature(value, hs: HealthSettings):
    """None, or the temperature as Decimal; refuses impossible values."""
    value = _decimal(value, pgettext("body", "Temperature"))
    if value is None:
        return None
    if not hs.temperature_min <= value <= hs.temperature_max:
        raise HealthError(
            _("%(value)s °C is not a possible body temperature (%(low)s–%(high)s °C). Measure again.")
            % {"value": value, "low": hs.temperature_min, "high": hs.temperature_max}
        )
    return value.quantize(Decimal("0.1"))


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
    last_present = dict(
        Attendance.objects.filter(child_id__in=ids, date__lt=day, status=AttendanceStatus.PRESENT)
        .values_list("child_id").annotate(last=Max("date"))
    )
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
    return {
        row.child_id: row
        for row in Attendance.objects.filter(child_id__in=[c.id for c in children], date=day).exclude(
            status=AttendanceStatus.PRESENT)
    }


# --- morning and afternoon checks --------------------------------------------------------------


@dataclass
class CheckEntry:
    action: str = CheckAction.ADMITTED
    temperature: object = None
    findings: list = field(default_factory=list)
    note: str = ""


def _groups_of(findings, temperature, hs) -> set:
    groups = {FINDING_GROUP[f] for f in findings if f in FINDING_GROUP}
    if temperature is not None and temperature >= hs.fever_at:
        groups.add(SymptomGroup.FEVER)
    return groups


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


# --- sick-absence follow-up --------------------------------------------------------------------


# Words teachers write as a sick-leave reason, and the symptom group they point to.
REASON_WORDS = [
    (("发烧", "发热", "高烧", "低烧", "烧"), SymptomGroup.FEVER),
    (("咳", "流涕", "鼻涕", "感冒", "嗓子", "咽"), SymptomGroup.RESPIRATORY),
    (("腹泻", "拉肚子", "呕吐", "吐", "肚子疼"), SymptomGroup.DIGESTIVE),
    (("疹", "疱", "手足口", "水痘"), SymptomGroup.RASH),
    (("红眼", "眼红", "结膜"), SymptomGroup.EYE),
]


def group_from_reason(reason: str) -> str:
    """The symptom group a sick-leave reason names ("发烧" → fever), or "" when unclear."""
    for words, group in REASON_WORDS:
        if any(word in (reason or "") for word in words):
            return group
    return ""


def open_sick_follow_ups(records, user=None) -> list:
    """For each sick-leave attendance record, a follow-up for that child and day (idempotent). A
    reason that names a symptom ("发烧") counts towards the outbreak rule straight away."""
    sick = [r for r in records if r.status == AttendanceStatus.SICK]
    if not sick:
        return []
    with transaction.atomic():
        wanted = {(r.child_id, r.date): r for r in sick}
        existing = set(
            SickFollowUp.objects.filter(child_id__in={r.child_id for r in sick}, date__in={r.date for r in sick})
            .values_list("child_id", "date")
        )
        new = [
            SickFollowUp(campus_id=r.campus_id, classroom_id=r.classroom_id, child_id=r.child_id, date=r.date, reason=r.reason,
                         symptoms=r.reason, symptom_group=group_from_reason(r.reason))
            for key, r in wanted.items() if key not in existing
        ]
        if new:
            bulk_create_with_history(new, SickFollowUp, default_user=user)
        for classroom_id, day in sorted({(f.classroom_id, f.date) for f in new if f.symptom_group}):
            evaluate_outbreak(Classroom.objects.select_related("campus").get(pk=classroom_id), day, user)
    return new


@transaction.atomic
def update_follow_up(follow_up: SickFollowUp, *, user, symptoms="", symptom_group="", onset=None, doctor_visit=False,
                     diagnosis="", close=True) -> SickFollowUp:
    if onset and onset > follow_up.date:
        raise HealthError({"onset": _("The illness cannot start after the day of absence.")})
    if close and not (symptoms or diagnosis):
        raise HealthError({"symptoms": _("Write the symptoms (or the diagnosis) before closing the follow-up.")})
    follow_up.symptoms, follow_up.symptom_group, follow_up.onset = symptoms, symptom_group, onset
    follow_up.doctor_visit, follow_up.diagnosis = doctor_visit, diagnosis
    if close and follow_up.status == FollowUpStatus.OPEN:
        follow_up.status, follow_up.closed_by, follow_up.closed_at = FollowUpStatus.CLOSED, user, timezone.now()
    _save(follow_up, user)
    if symptom_group and symptom_group != SymptomGroup.OTHER:
        evaluate_outbreak(follow_up.classroom, follow_up.date, user)
    return follow_up


def flagged_follow_ups(campus, now=None):
    """Open follow-ups that need attention: those of earlier days, and today's after the flag hour."""
    now = timezone.localtime(now or timezone.now())
    hs = settings_for(campus)
    qs = SickFollowUp.objects.filter(campus=campus, status=FollowUpStatus.OPEN)
    if now.hour >= hs.follow_up_flag_hour:
        return qs.filter(date__lte=now.date())
    return qs.filter(date__lt=now.date())


# --- medication --------------------------------------------------------------------------------


def parse_times(raw) -> list[str]:
    if isinstance(raw, str):
        raw = raw.replace("，", ",").replace("、", ",").replace(" ", ",").split(",")
    times = []
    for part in raw:
        part = str(part).strip().replace("：", ":")
        if not part:
            continue
        try:
            times.append(dt.time.fromisoformat(part if len(part) > 2 else f"{part}:00").strftime("%H:%M"))
        except ValueError:
            raise HealthError({"times": _("“%(value)s” is not a time of day (write e.g. 10:00, 14:30).") % {"value": part}}) from None
    if not times:
        raise HealthError({"times": _("Give at least one time of day.")})
    return sorted(set(times))


@transaction.atomic
def create_medication_request(child: Child, *, drug, dose, times, route, starts_on, ends_on, user, reason="", notes="",
                              guardian=None, form_photo=None) -> MedicationRequest:
    """From a parent's own login (``guardian``) or entered by staff with a photo of the signed form."""
    errors = {}
    if guardian is None and not form_photo:
        errors["form_photo"] = _("Attach a photo of the form the parent signed.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The last day must not be before the first day.")
    if (ends_on - starts_on).days > 30:
        errors["ends_on"] = _("A request covers at most 31 days; ask the parent for a new one after that.")
    if guardian is not None and starts_on < timezone.localdate():
        errors["starts_on"] = _("A request cannot start in the past.")
    if errors:
        raise HealthError(errors)
    request = MedicationRequest(
        campus_id=child.campus_id, child=child, drug=drug, dose=dose, times=parse_times(times), route=route,
        starts_on=starts_on, ends_on=ends_on, reason=reason, notes=notes, requested_by=guardian, entered_by=user,
    )
    if form_photo:
        request.form_photo = form_photo
    return _save(request, user, _("Requested by the parent") if guardian else _("Entered from the signed form"))


@transaction.atomic
def cancel_medication_request(request: MedicationRequest, user, reason: str) -> MedicationRequest:
    if not reason.strip():
        raise HealthError({"reason": _("Say why the request is cancelled.")})
    request.status = RequestStatus.CANCELLED
    return _save(request, user, reason)


@transaction.atomic
def give_dose(request: MedicationRequest, *, day: dt.date, scheduled: str, amount: str, user, note="", at=None) -> MedicationDose:
    """Record one dose given. Refuses a dose outside the request (day, time or amount) and a second
    dose for the same time (a database constraint, so two phones at once cannot both give it)."""
    request = MedicationRequest.objects.select_for_update().get(pk=request.pk)
    time = parse_times([scheduled])[0]
    if not request.covers(day):
        raise HealthError(_("This dose is outside the request: %(drug)s is asked for %(first)s to %(last)s only.")
                          % {"drug": request.drug, "first": request.starts_on, "last": request.ends_on})
    if time not in request.times:
        raise HealthError(_("This dose is outside the request: %(drug)s is asked for at %(times)s only.")
                          % {"drug": request.drug, "times": "、".join(request.times)})
    if amount.strip().replace(" ", "") != request.dose.strip().replace(" ", ""):
        raise HealthError({"amount": _("The request says %(dose)s; a different amount cannot be given.") % {"dose": request.dose}})
    if day > timezone.localdate():
        raise HealthError(_("A dose cannot be recorded for a future day."))
    previous = request.doses.filter(date=day, scheduled=time).select_related("given_by__staff").first()
    if previous is not None:
        raise HealthError(_("Already given: the %(time)s dose was given at %(at)s by %(who)s. It must not be given twice.")
                          % {"time": time, "at": timezone.localtime(previous.given_at).strftime("%H:%M"), "who": _name(previous.given_by)})
    try:
        with transaction.atomic():
            dose = _save(MedicationDose(
                request=request, campus_id=request.campus_id, date=day, scheduled=dt.time.fromisoformat(time),
                amount=request.dose, given_at=at or timezone.now(), given_by=user, note=note,
            ), user)
    except IntegrityError:
        raise HealthError(_("Already given: this dose was recorded a moment ago. It must not be given twice.")) from None
    return dose


@transaction.atomic
def check_dose(dose: MedicationDose, user) -> MedicationDose:
    dose = MedicationDose.objects.select_for_update().get(pk=dose.pk)
    if dose.given_by_id == user.pk:
        raise HealthError(_("The dose must be checked by a second person, not by the one who gave it."))
    if dose.checked_by_id:
        raise HealthError(_("This dose has already been checked."))
    dose.checked_by, dose.checked_at = user, timezone.now()
    return _save(dose, user, _("Second check"))


@dataclass
class DueDose:
    request: MedicationRequest
    time: str
    due_at: dt.datetime
    dose: MedicationDose | None
    overdue: bool

    @property
    def state(self) -> str:
        if self.dose is None:
            return "overdue" if self.overdue else "due"
        return "given" if self.dose.checked_by_id is None else "checked"


def doses_for_day(campus, day: dt.date, now=None, child_ids=None) -> list[DueDose]:
    """Every dose of the day from the active requests, with what was given. Two queries."""
    now = now or timezone.now()
    hs = settings_for(campus)
    requests = MedicationRequest.objects.filter(campus=campus, status=RequestStatus.ACTIVE, starts_on__lte=day,
                                                ends_on__gte=day).select_related("child", "child__classroom")
    if child_ids is not None:
        requests = requests.filter(child_id__in=child_ids)
    requests = list(requests)
    given = {(d.request_id, d.scheduled.strftime("%H:%M")): d
             for d in MedicationDose.objects.filter(request__in=requests, date=day).select_related("given_by__staff", "checked_by__staff")}
    tz = timezone.get_current_timezone()
    result = []
    for req in requests:
        for time in req.times:
            due_at = dt.datetime.combine(day, dt.time.fromisoformat(time), tzinfo=tz)
            dose = given.get((req.pk, time))
            overdue = dose is None and now > due_at + dt.timedelta(minutes=hs.dose_grace_minutes)
            result.append(DueDose(req, time, due_at, dose, overdue))
    result.sort(key=lambda d: (d.time, d.request.child.name))
    return result


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
    days by default) alerts like the outbreak rule, once per cluster."""
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
    already = OutbreakAlert.objects.filter(classroom=classroom, detected_on__range=(first, day))
    if already.filter(disease=disease).exists() or already.filter(symptom_group=group, detected_on=day).exists():
        return None
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


def evaluate_outbreak(classroom: Classroom, day: dt.date, user=None, hs=None) -> list[OutbreakAlert]:
    """Apply the outbreak rule to one class around ``day``: ≥ N similar cases that day, or ≥ M over
    the window ending that day (per-campus settings). A new cluster creates an alert (the report
    record, due within 24 h), opens the class disinfection run and a report follow-up, and tells
    the director and the health teacher at once. Idempotent: a cluster already alerted within the
    window does not alert again."""
    hs = hs or settings_for(classroom.campus)
    first = day - dt.timedelta(days=hs.outbreak_window_days - 1)
    cases = similar_cases(classroom, first, day, hs)
    alerts = []
    for group in {g for g, _d in cases}:
        today_children = cases.get((group, day), set())
        window_children = set().union(*(ids for (g, _d), ids in cases.items() if g == group))
        if len(today_children) >= hs.outbreak_day_cases:
            rule, children = OutbreakRule.DAY, today_children
        elif len(window_children) >= hs.outbreak_window_cases:
            rule, children = OutbreakRule.WINDOW, window_children
        else:
            continue
        if OutbreakAlert.objects.filter(classroom=classroom, symptom_group=group, detected_on__range=(first, day)).exists():
            continue
        alerts.append(_create_alert(classroom, group, rule, day, children, hs, user))
    return alerts


def _create_alert(classroom, group, rule, day, children, hs, user, disease="") -> OutbreakAlert:
    now = timezone.now()
    alert = OutbreakAlert(
        campus_id=classroom.campus_id, classroom=classroom, symptom_group=group, disease=disease, rule=rule, detected_on=day,
        cases=len(children), detected_at=now, report_due=now + dt.timedelta(hours=hs.report_hours),
    )
    with transaction.atomic():
        _save(alert, user, _("Outbreak rule met"))
        alert.children.set(children)
        _open_checklist_work(alert, user)
        _notify_outbreak(alert)
    return alert


def _notify_outbreak(alert: OutbreakAlert) -> None:
    """Tell the director(s) and health teacher(s) of the campus: in the app, and by e-mail after commit.
    One alert per class, symptom group and day (its key); calling again updates it in place."""
    from campus.roles import Role

    symptom = alert.get_disease_display() if alert.disease else alert.get_symptom_group_display()
    notify(
        NoticeKind.OUTBREAK, alert.campus, roles=[Role.DIRECTOR, Role.HEALTH],
        key=f"outbreak:{alert.classroom_id}:{alert.symptom_group}:{alert.disease}:{alert.detected_on.isoformat()}",
        title=_("Outbreak alert: %(class)s, %(symptom)s") % {"class": alert.classroom, "symptom": symptom},
        body=_("%(cases)d children of %(class)s have %(symptom)s (%(rule)s). Report by %(due)s and disinfect the class.") % {
            "cases": alert.cases, "class": alert.classroom, "symptom": symptom,
            "rule": alert.get_rule_display(), "due": timezone.localtime(alert.report_due).strftime("%Y-%m-%d %H:%M")},
        link=alert.get_absolute_url(),
    )


def _open_checklist_work(alert: OutbreakAlert, user=None) -> None:
    """The class disinfection run and the 24-hour report follow-up, through the checklists app."""
    from campus.roles import Role
    from checklists import services as checklist_services

    symptom = alert.get_disease_display() if alert.disease else alert.get_symptom_group_display()
    reason = _("Outbreak alert: %(cases)d cases of %(symptom)s in %(class)s") % {
        "cases": alert.cases, "symptom": symptom, "class": alert.classroom}
    run = checklist_services.open_adhoc_run(
        campus=alert.campus, template_code="class-disinfection", reason=reason, source=alert, due=alert.report_due,
        place=str(alert.classroom), created_by=user,
    )
    follow_up = checklist_services.open_follow_up(
        campus=alert.campus, kind="health", source=alert, assignee_role=Role.HEALTH, due=alert.report_due,
        created_by=user, description=reason,
        title=_("Report the outbreak in %(class)s (%(symptom)s, %(cases)d cases) within 24 hours") % {
            "class": alert.classroom, "symptom": symptom, "cases": alert.cases},
    )
    alert.checklist_run_id, alert.follow_up_id = run.pk, follow_up.pk
    OutbreakAlert.objects.filter(pk=alert.pk).update(checklist_run_id=run.pk, follow_up_id=follow_up.pk)


@transaction.atomic
def mark_outbreak_reported(alert: OutbreakAlert, *, note: str, user) -> OutbreakAlert:
    if not note.strip():
        raise HealthError({"report_note": _("Write to whom and how the outbreak was reported.")})
    alert.reported_at, alert.reported_by, alert.report_note = timezone.now(), user, note.strip()
    return _save(alert, user, _("Reported"))


# --- growth ------------------------------------------------------------------------------------


def check_height(value):
    value = _decimal(value, _("Height"))
    if value is None or not HEIGHT_RANGE[0] <= value <= HEIGHT_RANGE[1]:
        raise HealthError(_("%(value)s cm is not a possible height for a kindergarten child (%(low)s–%(high)s cm).")
                          % {"value": value, "low": HEIGHT_RANGE[0], "high": HEIGHT_RANGE[1]})
    return value.quantize(Decimal("0.1"))


def check_weight(value):
    value = _decimal(value, pgettext("body", "Weight"))
    if value is None or not WEIGHT_RANGE[0] <= value <= WEIGHT_RANGE[1]:
        raise HealthError(_("%(value)s kg is not a possible weight for a kindergarten child (%(low)s–%(high)s kg).")
                          % {"value": value, "low": WEIGHT_RANGE[0], "high": WEIGHT_RANGE[1]})
    return value.quantize(Decimal("0.01"))


def classify(z, hs: HealthSettings) -> dict:
    """Nutrition status from the z-scores and the campus's cut-offs (WS/T 423-2022 表3 by default).
    Weight-for-height decides the weight status; BMI-for-age stands in where WFH is out of range."""

    def below(value, cut):
        return value is not None and value < float(cut)

    weight_z = z.wfh if z.wfh is not None else z.bmi
    if weight_z is None:
        status = WeightStatus.UNKNOWN
    elif weight_z >= float(hs.severe_obesity_z):
        status = WeightStatus.SEVERELY_OBESE
    elif weight_z >= float(hs.obesity_z):
        status = WeightStatus.OBESE
    elif weight_z >= float(hs.overweight_z):
        status = WeightStatus.OVERWEIGHT
    elif weight_z < float(hs.wasting_z):
        status = WeightStatus.WASTING
    else:
        status = WeightStatus.NORMAL
    return {"underweight": below(z.wfa, hs.underweight_z), "stunting": below(z.hfa, hs.stunting_z), "weight_status": status}


def compute_zscores(child, measured_on, height_cm, weight_kg, standard):
    from . import growth

    sex = "M" if child.gender == "M" else "F"
    return growth.zscores(sex, child.birth_date, measured_on, float(height_cm), float(weight_kg), standard=standard)


@transaction.atomic
def record_round(classroom: Classroom, day: dt.date, values: dict, user, confirmed=()) -> MeasurementRound:
    """A class's measurement round: ``values`` maps child id to (height, weight). Impossible values
    and a weight that changed more than the campus's percentage since the last measurement (unless
    the child id is in ``confirmed``) are refused per child; nothing is saved then."""
    if day > timezone.localdate():
        raise HealthError(_("Measurements cannot be recorded for a future day."))
    hs = settings_for(classroom.campus)
    children = {c.id: c for c in classroom.children_on(day)}
    if set(values) - set(children):
        raise HealthError(_("Some children are not in this class on that day."))
    previous = {}
    for m in Measurement.objects.filter(child_id__in=values, measured_on__lt=day,
                                        measured_on__gte=day - dt.timedelta(days=92)).order_by("measured_on"):
        previous[m.child_id] = m
    errors, clean = {}, {}
    for child_id, (height, weight) in values.items():
        name = children[child_id].name
        try:
            h, w = check_height(height), check_weight(weight)
        except HealthError as exc:
            errors[child_id] = f"{name}: {exc.messages[0]}"
            continue
        last = previous.get(child_id)
        if last is not None and child_id not in confirmed:
            change = abs(w - last.weight_kg) * 100 / last.weight_kg
            if change > hs.weight_jump_percent:
                errors[child_id] = _("%(name)s: %(new)s kg is %(change).0f%% off the %(old)s kg of %(day)s. Weigh again, "
                                     "or tick “confirm” if it is right.") % {
                    "name": name, "new": w, "change": change, "old": last.weight_kg, "day": last.measured_on}
                continue
        if last is not None and h < last.height_cm - Decimal("2"):
            errors[child_id] = _("%(name)s: %(new)s cm is shorter than the %(old)s cm of %(day)s. Measure again.") % {
                "name": name, "new": h, "old": last.height_cm, "day": last.measured_on}
            continue
        clean[child_id] = (h, w)
    if errors:
        raise HealthError(errors)
    rnd, _created = MeasurementRound.objects.get_or_create(
        classroom=classroom, date=day,
        defaults={"campus_id": classroom.campus_id, "standard": hs.growth_standard, "created_by": user},
    )
    existing = {m.child_id: m for m in Measurement.objects.filter(child_id__in=clean, measured_on=day)}
    to_create, to_update = [], []
    for child_id, (h, w) in clean.items():
        z = compute_zscores(children[child_id], day, h, w, rnd.standard)
        fields = {"height_cm": h, "weight_kg": w, "standard": rnd.standard, "wfa": z.wfa, "hfa": z.hfa, "wfh": z.wfh,
                  "bmi": z.bmi, **classify(z, hs), "measured_by": user, "round": rnd}
        row = existing.get(child_id)
        if row is None:
            to_create.append(Measurement(campus_id=classroom.campus_id, child_id=child_id, measured_on=day, **fields))
        else:
            for key, value in fields.items():
                setattr(row, key, value)
            to_update.append(row)
    if to_create:
        bulk_create_with_history(to_create, Measurement, default_user=user)
    if to_update:
        bulk_update_with_history(to_update, Measurement, ["height_cm", "weight_kg", "standard", "wfa", "hfa", "wfh", "bmi",
                                                          "underweight", "stunting", "weight_status", "measured_by", "round"],
                                 default_user=user)
    _register_weak_children(to_create + to_update, day, user)
    return rnd


def _register_weak_children(measurements, day, user):
    """Malnourished and obese children enter the weak-children register (one open case per reason)."""
    wanted = {}
    for m in measurements:
        if m.weight_status in OBESE_STATUSES:
            wanted[(m.child_id, WeakReason.OBESITY)] = (m, m.get_weight_status_display())
        if m.malnourished:
            parts = [str(label) for flag, label in ((m.underweight, _("underweight")), (m.stunting, _("stunting")),
                                                    (m.weight_status == WeightStatus.WASTING, _("wasting"))) if flag]
            wanted[(m.child_id, WeakReason.MALNUTRITION)] = (m, "、".join(parts))
    if not wanted:
        return
    open_cases = set(WeakChildCase.objects.filter(child_id__in={c for c, _r in wanted}, status=FollowUpStatus.OPEN)
                     .values_list("child_id", "reason"))
    new = [WeakChildCase(campus_id=m.campus_id, child_id=child_id, reason=reason, detail=str(detail)[:200], opened_on=day)
           for (child_id, reason), (m, detail) in wanted.items() if (child_id, reason) not in open_cases]
    if new:
        bulk_create_with_history(new, WeakChildCase, default_user=user)


@transaction.atomic
def record_blood_pressure(child: Child, *, measured_on, systolic, diastolic, user, note="") -> BloodPressure:
    errors = {}
    if not 50 <= systolic <= 200:
        errors["systolic"] = _("%(value)s mmHg is not a possible systolic pressure for a child.") % {"value": systolic}
    if not 20 <= diastolic <= 150:
        errors["diastolic"] = _("%(value)s mmHg is not a possible diastolic pressure for a child.") % {"value": diastolic}
    if not errors and diastolic >= systolic:
        errors["diastolic"] = _("The diastolic pressure must be lower than the systolic.")
    if measured_on > timezone.localdate():
        errors["measured_on"] = _("The date is in the future.")
    if errors:
        raise HealthError(errors)
    row, _created = BloodPressure.objects.update_or_create(
        child=child, measured_on=measured_on,
        defaults={"campus_id": child.campus_id, "systolic": systolic, "diastolic": diastolic, "note": note, "measured_by": user},
    )
    return row


def latest_measurements(child_ids):
    """{child id: latest Measurement}: one query."""
    latest = {}
    for m in Measurement.objects.filter(child_id__in=child_ids).order_by("child_id", "measured_on"):
        latest[m.child_id] = m
    return latest


def blood_pressure_due(campus, day: dt.date) -> list[dict]:
    """Children whose latest measurement says obese (or severely obese) and whose blood pressure
    was not measured within the campus's interval: the monthly task, until reclassified. Three queries."""
    hs = settings_for(campus)
    children = {c.id: c for c in Child.objects.enrolled_on(day).filter(campus=campus).select_related("classroom")}
    latest = latest_measurements(children)
    obese = {cid: m for cid, m in latest.items() if m.weight_status in OBESE_STATUSES}
    last_bp = dict(BloodPressure.objects.filter(child_id__in=obese).values_list("child_id").annotate(last=Max("measured_on")))
    result = []
    for cid, m in obese.items():
        last = last_bp.get(cid)
        due = (last + dt.timedelta(days=hs.blood_pressure_days)) if last else m.measured_on
        if due <= day:
            result.append({"child": children[cid], "measurement": m, "last": last, "due": due})
    result.sort(key=lambda r: (r["due"], r["child"].name))
    return result


# --- weak children, exams -----------------------------------------------------------------------


@transaction.atomic
def open_weak_case(child: Child, *, reason, opened_on, user, detail="", plan="") -> WeakChildCase:
    if WeakChildCase.objects.filter(child=child, reason=reason, status=FollowUpStatus.OPEN).exists():
        raise HealthError({"reason": _("%(name)s already has an open case for this reason.") % {"name": child.name}})
    return _save(WeakChildCase(campus_id=child.campus_id, child=child, reason=reason, opened_on=opened_on, detail=detail,
                               plan=plan), user)


@transaction.atomic
def update_weak_case(case: WeakChildCase, *, plan, user, close=False, outcome="") -> WeakChildCase:
    case.plan = plan
    if close:
        if not outcome.strip():
            raise HealthError({"outcome": _("Write the outcome before closing the case.")})
        case.status, case.closed_on, case.outcome = FollowUpStatus.CLOSED, timezone.localdate(), outcome
    return _save(case, user)


@transaction.atomic
def add_weak_visit(case: WeakChildCase, *, date, note, user, hb=None) -> WeakChildVisit:
    if date < case.opened_on:
        raise HealthError({"date": _("The follow-up cannot be before the case was registered.")})
    if date > timezone.localdate():
        raise HealthError({"date": _("The date is in the future.")})
    return _save(WeakChildVisit(case=case, date=date, note=note, hb=hb, recorded_by=user), user)


@transaction.atomic
def record_exam(child: Child, *, kind, exam_date, user, **data) -> PhysicalExam:
    """A physical exam; Hb below the campus's threshold registers the child as anaemic (体弱儿)."""
    hs = settings_for(child.campus)
    errors = {}
    if exam_date > timezone.localdate():
        errors["exam_date"] = _("The exam date is in the future.")
    if exam_date < child.birth_date:
        errors["exam_date"] = _("The exam date is before the child was born.")
    age = child.age_in_months(exam_date)
    if kind == ExamKind.YEARLY:
        if data.get("hb") is None:
            errors["hb"] = _("The yearly exam includes haemoglobin (Hb).")
        if age >= 48 and (data.get("vision_left") is None or data.get("vision_right") is None):
            errors["vision_left"] = _("Vision is tested every year from age 4.")
    for key, check in (("height_cm", check_height), ("weight_kg", check_weight)):
        if data.get(key) is not None:
            try:
                data[key] = check(data[key])
            except HealthError as exc:
                errors[key] = exc.messages[0]
    if errors:
        raise HealthError(errors)
    exam = _save(PhysicalExam(campus_id=child.campus_id, child=child, kind=kind, exam_date=exam_date, recorded_by=user,
                              **data), user)
    if exam.hb is not None and exam.hb < hs.anaemia_hb:
        if not WeakChildCase.objects.filter(child=child, reason=WeakReason.ANAEMIA, status=FollowUpStatus.OPEN).exists():
            _save(WeakChildCase(campus_id=child.campus_id, child=child, reason=WeakReason.ANAEMIA, opened_on=exam_date,
                                detail=_("Hb %(hb)s g/L") % {"hb": exam.hb}), user)
    return exam


def exams_due(campus, day: dt.date) -> list[dict]:
    """Children whose yearly exam is due (1–3 year olds every 6 months, older yearly). Two queries."""
    children = list(Child.objects.enrolled_on(day).filter(campus=campus).select_related("classroom"))
    last = dict(PhysicalExam.objects.filter(child__in=children).values_list("child_id").annotate(last=Max("exam_date")))
    due = []
    for child in children:
        months = 6 if child.age_in_months(day) < 36 else 12
        previous = last.get(child.id)
        if previous is None:
            due.append({"child": child, "last": None, "due": child.enrolled_on})
            continue
        next_due = add_months(previous, months)
        if next_due <= day:
            due.append({"child": child, "last": previous, "due": next_due})
    return due


@transaction.atomic
def update_settings(obj: HealthSettings, data: dict, user) -> HealthSettings:
    for key, value in data.items():
        setattr(obj, key, value)
    obj.full_clean()
    return _save(obj, user, _("Settings changed"))
