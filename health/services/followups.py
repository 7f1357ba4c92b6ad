"""Sick-absence follow-up: a child away ill gets a follow-up (symptoms, doctor visit, return)."""


from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from campus.choices import AttendanceStatus
from campus.models import Classroom

from ..choices import (
    FollowUpStatus,
    SymptomGroup,
)
from ..models import (
    SickFollowUp,
)
from .common import HealthError, _save, settings_for
from .outbreak import evaluate_outbreak

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
