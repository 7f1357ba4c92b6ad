"""Writes of the family side. Every function is one transaction, history kept.

Leave requests (请假) and the meal count — the rule, decided with the kitchen's way of working:

- The kitchen's meal count is the day's attendance (``campus.attendance``: present children eat).
- A request made before the campus's cut-off time (``FamilySettings.leave_cutoff``) of a day counts
  for that day without waiting for the teacher: the child's attendance for that day is written as
  sick or personal leave (reason: the symptoms) as soon as the day has come — at once for today, by
  the beat job ``apply_leave`` early in the morning for later days. The kitchen fixes its count at
  the cut-off and the teacher may not look at the phone before then.
- A request made after the cut-off of its first day counts for that day once the teacher confirms
  it (the meal was already counted; the teacher's tap makes the absence true in attendance).
- The teacher confirms with one tap (status confirmed: every school day of the request up to today
  is written, later days by the beat job) or declines (the child came after all: days written from
  the request that nobody changed since are set back to present). A parent may cancel a request
  still waiting, with the same effect.
- Attendance is written only through ``campus.services.set_attendance``, so the health teacher's
  sick-absence follow-up (opened by the attendance signal, with the symptoms) and the next month's
  refund (read from attendance) follow without anyone typing it again.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import attendance as attendance_reads
from .. import services as campus_services
from ..calendar import CalendarUnknown
from ..choices import AttendanceStatus, LeaveKind, LeaveStatus, NoticeKind
from ..dates import in_range
from ..errors import ServiceError
from ..history import save_tracked
from ..models import Attendance, Classroom
from ..models_family import FamilySettings, LeaveRequest
from ..notifications import mark_read, notify

MAX_LEAVE_DAYS = 31
STATUS_FOR = {LeaveKind.SICK: AttendanceStatus.SICK, LeaveKind.PERSONAL: AttendanceStatus.PERSONAL}
ACTIVE = (LeaveStatus.PENDING, LeaveStatus.CONFIRMED)


class FamilyError(ServiceError):
    pass


def cutoff_of(campus, day: dt.date) -> dt.datetime:
    rule = FamilySettings.for_campus(campus).leave_cutoff
    return timezone.make_aware(dt.datetime.combine(day, rule))


def class_staff_users(classroom) -> list[int]:
    """The user ids of the class's head teacher and staff (who confirm its leave requests)."""
    ids = set(Classroom.staff.through.objects.filter(classroom_id=classroom.pk).values_list("staffmember__user_id", flat=True))
    if classroom.head_teacher_id:
        ids.add(classroom.head_teacher.user_id)
    return sorted(i for i in ids if i)


@transaction.atomic
def request_leave(child, *, user, kind, first_day: dt.date, last_day: dt.date, symptoms="", note="") -> LeaveRequest:
    """A parent's leave request for ``child``. Refused: a past day, more than a month, a sick leave
    without symptoms, days already covered by another request."""
    now = timezone.now()
    today = timezone.localdate(now)
    if kind not in LeaveKind.values:
        raise FamilyError(_("Choose sick leave or personal leave."), field="kind")
    if not (in_range(first_day) and in_range(last_day)):
        raise FamilyError(_("Enter a real date."), field="first_day")
    if first_day < today:
        raise FamilyError(_("A leave request starts today or later; tell the teacher about past days."), field="first_day")
    if last_day < first_day:
        raise FamilyError(_("The last day comes before the first day."), field="last_day")
    if (last_day - first_day).days + 1 > MAX_LEAVE_DAYS:
        raise FamilyError(_("A leave request covers at most %(n)d days.") % {"n": MAX_LEAVE_DAYS}, field="last_day")
    symptoms = (symptoms or "").strip()
    if kind == LeaveKind.SICK and not symptoms:
        raise FamilyError(_("Write the symptoms (fever, cough, diarrhoea...): the health teacher follows every sick leave."),
                          field="symptoms")
    if child.classroom_id is None or not child.classroom.is_active:
        raise FamilyError(_("The child is not in a class."))
    overlapping = LeaveRequest.objects.select_for_update().filter(
        child=child, status__in=ACTIVE, first_day__lte=last_day, last_day__gte=first_day)
    if overlapping.exists():
        raise FamilyError(_("These days already have a leave request."), field="first_day")
    leave = LeaveRequest(
        campus_id=child.campus_id, classroom_id=child.classroom_id, child=child, kind=kind, first_day=first_day,
        last_day=last_day, symptoms=symptoms[:200] if kind == LeaveKind.SICK else "", note=(note or "").strip()[:200],
        in_time=now < cutoff_of(child.campus, first_day), requested_by=user, requested_at=now,
    )
    save_tracked(leave, user, clean=True)
    if leave.in_time and first_day == today and today in _school_days(leave, today):
        _write_days(leave, [today], user)
    _tell_teachers(leave)
    return leave


def _tell_teachers(leave: LeaveRequest) -> None:
    days = leave.first_day.strftime("%m-%d") if leave.days == 1 else f"{leave.first_day:%m-%d}—{leave.last_day:%m-%d}"
    title = _("%(child)s: %(kind)s %(days)s") % {"child": leave.child.name, "kind": leave.get_kind_display(), "days": days}
    notify(NoticeKind.LEAVE_REQUEST, leave.child.campus, people=class_staff_users(leave.classroom), title=title,
           body=leave.symptoms or leave.note, link=leave.get_absolute_url(), key=f"leave:{leave.pk}")


def _reason(leave: LeaveRequest) -> str:
    return (leave.symptoms if leave.kind == LeaveKind.SICK else leave.note)[:200] or str(leave.get_kind_display())


def _write_days(leave: LeaveRequest, days, user) -> int:
    """The leave's attendance on ``days`` (up to today), through ``campus.services``."""
    today = timezone.localdate()
    written = 0
    for day in days:
        if day > today:
            continue
        campus_services.set_attendance(leave.child, day, STATUS_FOR[leave.kind], user, reason=_reason(leave),
                                       reason_for_change=_("leave request"))
        written += 1
    return written


def _school_days(leave: LeaveRequest, last: dt.date) -> list[dt.date]:
    if last < leave.first_day:
        return []
    try:
        return attendance_reads.school_days(leave.child.campus, leave.first_day, last)
    except CalendarUnknown:  # a year the calendar does not know: every weekday
        day, days = leave.first_day, []
        while day <= last:
            if day.weekday() < 5:
                days.append(day)
            day += dt.timedelta(days=1)
        return days


@transaction.atomic
def confirm_leave(leave: LeaveRequest, *, user) -> LeaveRequest:
    """The teacher's one tap: the request becomes attendance (its school days up to today now, the
    later ones by ``apply_leave`` on each day)."""
    leave = LeaveRequest.objects.select_for_update().select_related("child__campus", "classroom").get(pk=leave.pk)
    if leave.status != LeaveStatus.PENDING:
        raise FamilyError(_("This request was already answered."))
    leave.status, leave.decided_by, leave.decided_at = LeaveStatus.CONFIRMED, user, timezone.now()
    save_tracked(leave, user, _("confirmed"))
    _write_days(leave, _school_days(leave, min(leave.last_day, timezone.localdate())), user)
    mark_read(leave.campus_id, [f"leave:{leave.pk}"], kinds=[NoticeKind.LEAVE_REQUEST])
    return leave


@transaction.atomic
def decline_leave(leave: LeaveRequest, *, user) -> LeaveRequest:
    """The child came after all: the request is declined; days written from it are present again."""
    return _close(leave, LeaveStatus.DECLINED, user)


@transaction.atomic
def cancel_leave(leave: LeaveRequest, *, user) -> LeaveRequest:
    """The parent withdraws a request the teacher has not answered yet."""
    return _close(leave, LeaveStatus.CANCELLED, user)


def _close(leave, status, user):
    leave = LeaveRequest.objects.select_for_update().select_related("child__campus", "classroom").get(pk=leave.pk)
    if leave.status != LeaveStatus.PENDING:
        raise FamilyError(_("This request was already answered."))
    leave.status, leave.decided_by, leave.decided_at = status, user, timezone.now()
    save_tracked(leave, user)
    today = timezone.localdate()
    rows = Attendance.objects.filter(child=leave.child, date__range=(leave.first_day, min(leave.last_day, today)),
                                     status=STATUS_FOR[leave.kind], reason=_reason(leave))
    for day in rows.values_list("date", flat=True):
        campus_services.set_attendance(leave.child, day, AttendanceStatus.PRESENT, user,
                                       reason_for_change=_("leave request withdrawn"))
    mark_read(leave.campus_id, [f"leave:{leave.pk}"], kinds=[NoticeKind.LEAVE_REQUEST])
    return leave


def apply_leave(day: dt.date | None = None, user=None) -> int:
    """The beat job (every 15 minutes): the day's attendance of every confirmed request and every
    request made before that day's cut-off, for requests covering ``day`` whose child has no
    record that day yet (a record the teacher wrote is never overwritten). Returns rows written."""
    day = day or timezone.localdate()
    leaves = list(LeaveRequest.objects.filter(first_day__lte=day, last_day__gte=day, status__in=ACTIVE)
                  .select_related("child__campus", "classroom"))
    recorded = set(Attendance.objects.filter(date=day, child_id__in=[lv.child_id for lv in leaves]).values_list("child_id", flat=True))
    written = 0
    for leave in leaves:
        if leave.child_id in recorded:
            continue
        if leave.status == LeaveStatus.PENDING and leave.requested_at >= cutoff_of(leave.child.campus, day):
            continue
        if day not in _school_days(leave, day):
            continue
        with transaction.atomic():
            written += _write_days(leave, [day], user or leave.requested_by)
    return written


@transaction.atomic
def save_family_settings(campus, *, user, leave_cutoff) -> FamilySettings:
    row = FamilySettings.for_campus(campus)
    row.leave_cutoff = leave_cutoff
    save_tracked(row, user)
    return row
