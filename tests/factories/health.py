"""Health factories: entry certificates, a class of certified children, and one record of each kind
made through the health services (checks, observations, medication, follow-ups, cases, rounds,
weak-child cases, exams)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from campus.choices import AttendanceStatus
from campus.models import Attendance
from health import services
from health.choices import CheckSession, Disease, ExamKind, WeakReason
from health.models import PhysicalExam

from .campus import make_attendance, make_child, make_classroom


def make_entry_exams(*children, day=None):
    """Entry health certificates for these children (they may start). One insert."""
    day = day or timezone.localdate() - dt.timedelta(days=120)
    PhysicalExam.objects.bulk_create([
        PhysicalExam(campus_id=c.campus_id, child=c, kind=ExamKind.ENTRY, exam_date=day, hospital="区妇幼保健院")
        for c in children
    ])
    return children


def make_class_with_children(world, size, name=None, certified=True):
    """A class of ``world.campus`` taught by world's teacher, with ``size`` children (certified for
    entry unless ``certified=False``). Returns (classroom, children)."""
    room = make_classroom(world.campus, name, head_teacher=world.staff["teacher"])
    children = [make_child(room, f"{room.name}孩子{n:02d}") for n in range(size)]
    if certified:
        make_entry_exams(*children)
    return room, children


def make_check(child, user, temperature=None, session=CheckSession.MORNING, day=None, **entry):
    """The class's check of ``day`` (default today) submitted through the service, ``child`` with
    ``temperature`` (and ``entry``'s action, findings, note); returns ``child``'s row."""
    day = day or timezone.localdate()
    check = services.CheckEntry(temperature=temperature, **entry)
    rows = services.submit_class_check(child.classroom, day, session, {child.pk: check}, user)
    return next(row for row in rows if row.child_id == child.pk)


def make_observation(child, user, symptom="咳嗽", **extra):
    return services.record_observation(child, observed_at=timezone.now(), symptom=symptom, user=user, **extra)


def make_medication_request(guardian, child, drug="止咳糖浆", dose="5ml", times=("10:00", "14:00"), days=1, **extra):
    """A request from the parent's own login, from today for ``days`` days."""
    today = timezone.localdate()
    return services.create_medication_request(
        child, drug=drug, dose=dose, times=list(times), route=extra.pop("route", "oral"), starts_on=today,
        ends_on=today + dt.timedelta(days=days - 1), user=guardian.user, guardian=guardian, **extra,
    )


def make_dose(request, user, scheduled=None, day=None, at=None, **extra):
    """A dose given through the service (default: the request's first time, today, given on time)."""
    day, scheduled = day or timezone.localdate(), scheduled or request.times[0]
    at = at or timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(scheduled)))
    return services.give_dose(request, day=day, scheduled=scheduled, amount=request.dose, user=user, at=at, **extra)


def make_sick_follow_up(child, reason="发烧", day=None, user=None):
    """A sick leave of ``day`` (default today) and the follow-up the service opens for it."""
    day = day or timezone.localdate()
    make_attendance(child, [day], status=AttendanceStatus.SICK, reason=reason)
    return services.open_sick_follow_ups([Attendance.objects.get(child=child, date=day)], user)[0]


def make_disease_case(child, user, disease=Disease.HFMD, onset=None, **extra):
    onset = onset or timezone.localdate()
    return services.record_case(campus=child.campus, child=child, disease=disease, onset=onset, isolation_start=onset,
                                user=user, **extra)


def make_measurement_round(classroom, user, values=None, day=None):
    """A round measured through the service: ``values`` maps child id to (height cm, weight kg);
    default 105 cm / 17.5 kg for every child of the class."""
    day = day or timezone.localdate()
    if values is None:
        values = {child.pk: (Decimal("105.0"), Decimal("17.5")) for child in classroom.children_on(day)}
    return services.record_round(classroom, day, values, user)


def make_weak_case(child, user, reason=WeakReason.ANAEMIA, opened_on=None):
    return services.open_weak_case(child, reason=reason, opened_on=opened_on or timezone.localdate(), user=user)


def make_exam(child, user, kind=ExamKind.ENTRY, exam_date=None, **data):
    return services.record_exam(child, kind=kind, exam_date=exam_date or timezone.localdate(), user=user, **data)
