"""Demo data for health care: entry certificates, a growth round per class (with one obese child
and a blood-pressure reading), yearly exams with one anaemic child, sick-absence follow-ups of the
past weeks (followed up, except yesterday's), a medication request from the demo parent, an
observation and a disease case. Idempotent: every step checks what is there."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from campus.choices import AttendanceStatus
from campus.models import Attendance, Child

from . import services
from .choices import Disease, ExamKind, FollowUpStatus, MedicationRoute, SymptomGroup
from .models import (
    BloodPressure,
    DiseaseCase,
    MeasurementRound,
    MedicationRequest,
    Observation,
    OutbreakAlert,
    PhysicalExam,
    SickFollowUp,
)

# WHO medians at 3, 4, 5 and 6 years (height cm, weight kg), close enough for demo children.
MEDIANS = {36: (96.1, 14.3), 48: (103.3, 16.3), 60: (110.0, 18.3), 72: (116.0, 20.5)}


def _typical(months):
    keys = sorted(MEDIANS)
    lo = max([k for k in keys if k <= months] or [keys[0]])
    hi = min([k for k in keys if k >= months] or [keys[-1]])
    t = 0 if hi == lo else (months - lo) / (hi - lo)
    return tuple(a + (b - a) * t for a, b in zip(MEDIANS[lo], MEDIANS[hi], strict=True))


def seed(ctx) -> None:
    health = ctx.staff["health"].user
    with transaction.atomic():
        _entry_certificates(ctx)
        _growth(ctx, health)
        _exams(ctx, health)
    _follow_ups(ctx, health)
    with transaction.atomic():
        _medication_and_cases(ctx, health)


def _entry_certificates(ctx):
    children = Child.objects.filter(campus__in=ctx.campuses.values())
    have = set(PhysicalExam.objects.filter(kind=ExamKind.ENTRY).values_list("child_id", flat=True))
    PhysicalExam.objects.bulk_create([
        PhysicalExam(campus_id=c.campus_id, child=c, kind=ExamKind.ENTRY, exam_date=c.enrolled_on - dt.timedelta(days=20),
                     hospital="县妇幼保健院", certificate_no=f"RY{c.pk:05d}", result="合格")
        for c in children if c.pk not in have
    ])


def _growth(ctx, user):
    day = ctx.today - dt.timedelta(days=14)
    for name, room in ctx.classes.items():
        if MeasurementRound.objects.filter(classroom=room, date=day).exists():
            continue
        rng = random.Random(f"growth-{name}")
        values = {}
        for index, child in enumerate(room.children_on(day).order_by("id")):
            height, weight = _typical(child.age_in_months(day))
            height += rng.gauss(0, 3.5)
            weight = weight * (height / _typical(child.age_in_months(day))[0]) ** 2 + rng.gauss(0, 1.0)
            if index == 3:
                weight *= 1.35  # one obese child per class
            values[child.pk] = (Decimal(f"{height:.1f}"), Decimal(f"{weight:.2f}"))
        services.record_round(room, day, values, user, confirmed=set(values))
    first = ctx.classes["小一班"]
    due = services.blood_pressure_due(first.campus, ctx.today)
    if due and not BloodPressure.objects.filter(campus=first.campus).exists():
        services.record_blood_pressure(due[0]["child"], measured_on=ctx.today - dt.timedelta(days=1), systolic=104,
                                       diastolic=66, user=user)


def _exams(ctx, user):
    room = ctx.classes["中一班"]
    day = ctx.today - dt.timedelta(days=30)
    for index, child in enumerate(room.children_on(day).order_by("id")[:10]):
        if PhysicalExam.objects.filter(child=child, kind=ExamKind.YEARLY, exam_date=day).exists():
            continue
        services.record_exam(child, kind=ExamKind.YEARLY, exam_date=day, user=user, hb=104 if index == 2 else 118 + index,
                             vision_left=Decimal("5.0"), vision_right=Decimal("4.9") if index == 4 else Decimal("5.0"),
                             caries=1 if index % 4 == 0 else 0, hospital="县妇幼保健院")


def _follow_ups(ctx, user):
    """Sick leaves of the seeded weeks open follow-ups; all but yesterday's were followed up."""
    yesterday = ctx.today - dt.timedelta(days=1)
    records = Attendance.objects.filter(campus__in=ctx.campuses.values(), status=AttendanceStatus.SICK)
    services.open_sick_follow_ups(list(records), user=user)
    symptoms = {"发烧": SymptomGroup.FEVER, "咳嗽": SymptomGroup.RESPIRATORY, "腹泻": SymptomGroup.DIGESTIVE,
                "感冒": SymptomGroup.RESPIRATORY}
    for fu in SickFollowUp.objects.filter(campus__in=ctx.campuses.values(), status=FollowUpStatus.OPEN, date__lt=yesterday):
        services.update_follow_up(fu, user=user, symptoms=fu.reason or "感冒", symptom_group=symptoms.get(fu.reason, ""),
                                  onset=fu.date, doctor_visit=True, diagnosis="上呼吸道感染" if fu.reason != "腹泻" else "肠胃炎")
    for alert in OutbreakAlert.objects.filter(campus__in=ctx.campuses.values(), reported_at__isnull=True,
                                              detected_on__lt=yesterday):
        services.mark_outbreak_reported(alert, note="已电话报告县疾控中心，班级已终末消毒", user=user)


def _medication_and_cases(ctx, user):
    child = ctx.parent_child
    if child is not None and not MedicationRequest.objects.filter(child=child, starts_on=ctx.today).exists():
        guardian = ctx.parent_user.guardian
        req = services.create_medication_request(
            child, drug="小儿氨酚黄那敏颗粒", dose="半袋", times="10:00, 14:30", route=MedicationRoute.ORAL, starts_on=ctx.today,
            ends_on=ctx.today + dt.timedelta(days=2), reason="感冒", user=ctx.parent_user, guardian=guardian,
        )
        nurse = ctx.staff["nursery"].user
        if timezone.localtime().hour >= 10:
            given_at = services.due_at(ctx.today, "10:00") + dt.timedelta(minutes=5)  # within the window
            dose = services.give_dose(req, day=ctx.today, scheduled="10:00", amount="半袋", user=nurse, at=given_at)
            services.check_dose(dose, user)
    room = ctx.classes["大一班"]
    watched = room.children_on(ctx.today).order_by("id")[5:6]
    for kid in watched:
        if not Observation.objects.filter(child=kid).exists():
            services.record_observation(kid, observed_at=timezone.now() - dt.timedelta(hours=1), symptom="精神稍差，流清涕",
                                        temperature=Decimal("37.1"), action="多喝水，午睡后复测", parent_informed=True, user=user)
    kid = room.children_on(ctx.today).order_by("id")[8:9].first()
    if kid and not DiseaseCase.objects.filter(child=kid).exists():
        start = ctx.today - dt.timedelta(days=4)
        services.record_case(campus=room.campus, child=kid, disease=Disease.CHICKENPOX, onset=start, isolation_start=start,
                             diagnosed_on=start, diagnosis="县人民医院", user=user)
