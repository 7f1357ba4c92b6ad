"""Weak-children cases and physical exams."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.dates import add_months
from campus.models import Child

from ..choices import (
    ExamKind,
    FollowUpStatus,
    WeakReason,
)
from ..models import (
    PhysicalExam,
    WeakChildCase,
    WeakChildVisit,
)
from .common import HealthError, _save, settings_for
from .growth import check_height, check_weight

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
