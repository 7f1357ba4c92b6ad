"""Safety demo data, one block per half. Duties: a term of drills (one with a problem turned into a
hazard), open, overdue and closed hazards, letters for each post (issued, partly signed), a rule and an
emergency plan (partly read), a fire training with sign-ins, safety lessons and a week of duty roster.
Idempotent: a second run creates nothing."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from campus.roles import Role

from .models import (
    DocumentKind,
    DocumentRead,
    Drill,
    DutyShift,
    Hazard,
    HazardStatus,
    SafetyDocument,
    SafetyLesson,
    SafetyLetter,
    TrainingAttendance,
    TrainingSession,
)
from .services import duties as duty_services

# --- duties ----------------------------------------------------------------------------------------

LETTER_BODY = (
    "为落实幼儿园安全工作责任制，保障幼儿和教职工的生命财产安全，根据《中小学幼儿园安全管理办法》，"
    "园长与本岗位人员签订本责任书。\n"
    "一、认真履行本岗位安全职责，严格执行幼儿园各项安全制度。\n"
    "二、发现安全隐患立即报告并协助整改。\n"
    "三、积极参加安全培训和应急疏散演练。\n"
    "四、本责任书自签订之日起至本学期结束有效。"
)

LETTER_POSTS = [
    (Role.TEACHER, "班级教师安全责任书"),
    (Role.COOK, "食堂从业人员安全责任书"),
    (Role.GATEKEEPER, "门卫安全责任书"),
    (Role.HEALTH, "保健医生安全责任书"),
]

HAZARDS = [
    # place, kind, level, description, days ago reported, final state
    ("户外活动场地", "facilities", "general", "滑梯扶手螺丝松动", 20, "verified"),
    ("厨房", "food", "serious", "消毒柜门封条老化", 10, "rectified"),
    ("多功能厅", "fire", "general", "安全出口指示灯不亮", 12, "open"),
    ("门卫室", "traffic", "general", "门口减速带破损", 2, "open"),
]


def _at(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def seed_duties(ctx) -> None:
    campus = ctx.campuses["central"]
    term = ctx.terms["central"]
    users, staff, today = ctx.users, ctx.staff, ctx.today
    logistics, director = users["logistics"], users["director"]
    places = {p.name: p for p in campus.places.all()}

    # drills: one a quarter since the term began (one problem found, made a hazard)
    if not Drill.objects.filter(campus=campus).exists():
        day = max(term.starts_on + dt.timedelta(days=20), today - dt.timedelta(days=100))
        kinds = ["fire", "earthquake", "intruder"]
        index = 0
        while day < today:
            classes = list(campus.classrooms.all())
            drill = duty_services.record_drill(
                campus, user=logistics, kind=kinds[index % 3], held_on=day, participants=130, classrooms=classes,
                evacuation_seconds=105 + 10 * index, summary="全园师生按预定路线疏散到户外活动场地。",
                problems=["二楼东侧楼梯口疏散时拥挤"] if index == 0 else [])
            for problem in drill.problems.all():
                duty_services.hazard_from_problem(problem, user=logistics, kind="fire", level="general",
                                                  place=places.get("多功能厅") or campus.places.first())
            Drill.objects.filter(pk=drill.pk).update(created_at=_at(day, 10))
            day += dt.timedelta(days=45)
            index += 1

    # hazards at each stage
    for place_name, kind, level, text, days_ago, final in HAZARDS:
        if Hazard.objects.filter(campus=campus, description=text).exists() or place_name not in places:
            continue
        hazard = duty_services.report_hazard(campus, user=users["teacher"], kind=kind, level=level, place=places[place_name],
                                             description=text)
        reported = _at(today - dt.timedelta(days=days_ago), 9, 30)
        Hazard.objects.filter(pk=hazard.pk).update(
            reported_at=reported, due_on=reported.date() + dt.timedelta(days=duty_services.deadline_days(campus, level)))
        if final in ("rectified", "verified"):
            owner = hazard.owner or _holder(campus, hazard.owner_role) or logistics
            Hazard.objects.filter(pk=hazard.pk).update(status=HazardStatus.RECTIFIED, rectification="已更换并检查。",
                                                        rectified_by=owner, rectified_at=reported + dt.timedelta(days=1))
            if final == "verified":
                verifier = director if owner != director else logistics
                Hazard.objects.filter(pk=hazard.pk).update(status=HazardStatus.VERIFIED, verified_by=verifier,
                                                            verified_at=reported + dt.timedelta(days=2))

    # letters per post, issued; about half signed
    for role, title in LETTER_POSTS:
        letter, created = SafetyLetter.objects.get_or_create(campus=campus, term=term, role=role.value,
                                                             defaults={"title": title, "body": LETTER_BODY})
        if created:
            letter = duty_services.issue_letter(letter, director)
            holders = list(duty_services.campus_staff(campus, role.value))
            for member in holders[: (len(holders) + 1) // 2]:
                duty_services.sign_letter(letter, user=member.user, signed_name=member.name)

    # a rule and an emergency plan, read by some
    for kind, title, body in [
        (DocumentKind.RULE, "幼儿园门卫管理制度", "一、门卫实行24小时值班制度。\n二、外来人员一律登记、核实后方可入园。"),
        (DocumentKind.PLAN, "火灾事故应急疏散预案", "一、发现火情立即报警。\n二、各班教师按疏散路线组织幼儿撤离。\n三、集合后清点人数并报告。"),
    ]:
        document, created = SafetyDocument.objects.get_or_create(
            campus=campus, title=title, defaults={"kind": kind, "body": body, "published_on": term.starts_on, "created_by": logistics})
        if created:
            for username in ("teacher", "gate", "cook"):
                DocumentRead.objects.get_or_create(document=document, staff=staff[username],
                                                   defaults={"read_at": _at(term.starts_on + dt.timedelta(days=3), 16)})

    # the term's fire training, with sign-ins
    session, created = TrainingSession.objects.get_or_create(
        campus=campus, title="消防安全知识与灭火器使用", held_on=min(term.starts_on + dt.timedelta(days=14), today),
        defaults={"kind": "fire", "hours": Decimal("2.0"), "trainer": "城关镇消防救援站", "place": "多功能厅", "recorded_by": logistics})
    if created:
        for username in ("teacher", "teacher2", "nursery", "cook", "gate", "health"):
            TrainingAttendance.objects.create(session=session, staff=staff[username], hours=session.hours,
                                              signed_at=_at(session.held_on, 14, 5))

    # a safety lesson per class
    for room in campus.classrooms.all():
        SafetyLesson.objects.get_or_create(
            campus=campus, classroom=room, topic="不跟陌生人走",
            defaults={"held_on": today - dt.timedelta(days=7), "minutes": 20, "teacher": room.head_teacher.user if room.head_teacher else logistics})

    # a week of gate duty and the next holiday's duty
    for offset in range(-2, 5):
        day = today + dt.timedelta(days=offset)
        shift, created = DutyShift.objects.get_or_create(campus=campus, date=day, kind="gate")
        if created:
            shift.people.set([staff["gate"]])
            if offset < 0:
                DutyShift.objects.filter(pk=shift.pk).update(handover="门窗已锁，监控正常。", handed_over_by=users["gate"],
                                                              handed_over_at=_at(day, 17, 40))
    holiday, created = DutyShift.objects.get_or_create(campus=campus, date=today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7),
                                                       kind="holiday")
    if created:
        holiday.people.set([staff["logistics"], staff["gate"]])


def _holder(campus, role):
    member = duty_services.campus_staff(campus, role).select_related("user").first()
    return member.user if member else None


def seed(ctx) -> None:
    seed_duties(ctx)
