"""Safety demo data. Gate: visitors of the last days (one still on site, one expected today), a person
on the do-not-admit list, pickers with placeholder photos drawn here (no download), a temporary
picker confirmed and one waiting for the class teacher, and yesterday's dismissal of 小一班 handed
over. Duties: a term of drills (one with a problem turned into a hazard), open, overdue and closed
hazards, letters for each post (issued, partly signed), a rule and an emergency plan (partly read), a
fire training with sign-ins, safety lessons and a week of duty roster. Idempotent: a second run
creates nothing."""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campus import attendance
from campus.roles import Role

from . import services
from .models import (
    DocumentKind,
    DocumentRead,
    Drill,
    DutyShift,
    Handover,
    Hazard,
    HazardStatus,
    Picker,
    RestrictedPerson,
    SafetyDocument,
    SafetyLesson,
    SafetyLetter,
    TrainingAttendance,
    TrainingSession,
    Visitor,
)
from .services import duties as duty_services

BEIJING = timezone.get_fixed_timezone(8 * 60)


def placeholder_photo(seed: int) -> SimpleUploadedFile:
    """A plain head-and-shoulders silhouette in a colour of its own (Pillow, drawn locally)."""
    from PIL import Image, ImageDraw

    colours = [(176, 196, 222), (205, 183, 158), (189, 215, 190), (230, 190, 200), (200, 200, 230)]
    image = Image.new("RGB", (160, 160), colours[seed % len(colours)])
    draw = ImageDraw.Draw(image)
    draw.ellipse((50, 25, 110, 85), fill=(250, 250, 250))
    draw.ellipse((25, 95, 135, 200), fill=(250, 250, 250))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(f"picker{seed}.png", buffer.getvalue(), content_type="image/png")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BEIJING)


def _seed_gate(ctx) -> None:
    campus = ctx.campuses["central"]
    services.settings_for(campus)
    services.settings_for(ctx.campuses["village"])
    gate, director, teacher = ctx.users["gate"], ctx.users["director"], ctx.users["teacher"]
    today = ctx.today
    room = ctx.classes["小一班"]
    children = list(room.children.order_by("name")[:8])

    if not RestrictedPerson.objects.filter(campus=campus).exists() and children:
        services.save_restricted(RestrictedPerson(campus=campus), {
            "name": "赵建军", "id_number": "11010519491231002X", "reason": "法院裁定限制探视，不得接走孩子",
            "valid_until": today + dt.timedelta(days=365), "photo": placeholder_photo(9)}, [children[-1]], director)

    if not Visitor.objects.filter(campus=campus).exists():
        yesterday = today - dt.timedelta(days=1)
        rows = [
            ({"name": "孙师傅", "phone": "13812340001", "organisation": "绿源蔬菜配送", "reason": "送货", "plate": "浙A3K521",
              "badge": "01"}, _at(yesterday, 7, 40), _at(yesterday, 8, 5)),
            ({"name": "李工", "phone": "13812340002", "organisation": "城关镇消防站", "reason": "消防检查", "people": 2,
              "badge": "02", "host": director}, _at(yesterday, 9, 30), _at(yesterday, 10, 45)),
            ({"name": "钱电工", "id_number": "330106198501011231", "phone": "13812340003", "organisation": "永安电器维修",
              "reason": "维修空调", "badge": "03"}, _at(today, 9, 30), None),
        ]
        for data, arrived, left in rows:
            visitor = services.register_arrival(campus, data, gate, now=arrived)
            if left:
                services.sign_out(visitor, gate, now=left)
        services.pre_register(campus, {"name": "周老师", "organisation": "县教育局", "reason": "教学视导", "people": 3,
                                       "expected_on": today, "host": director}, director)

    if children and not Picker.objects.filter(child__campus=campus).exists():
        relations = ["奶奶", "外公", "姑姑", "外婆", "爷爷"]
        for i, child in enumerate(children[:5]):
            services.save_picker(Picker(child=child), {"name": f"{child.name[0]}{relations[i]}", "relation": relations[i],
                                                       "phone": f"1370000{i:04d}", "photo": placeholder_photo(i)}, None)
        temporary = services.save_picker(Picker(child=children[0]), {
            "name": "周阿姨", "relation": "邻居", "phone": "13700000099", "photo": placeholder_photo(7),
            "valid_from": today, "valid_until": today + dt.timedelta(days=2)}, None)
        services.confirm_picker(temporary, teacher)
        services.save_picker(Picker(child=children[1]), {
            "name": "何叔叔", "relation": "舅舅", "phone": "13700000098", "photo": placeholder_photo(8),
            "valid_from": today + dt.timedelta(days=1), "valid_until": today + dt.timedelta(days=1)}, None)

    past = attendance.school_days(campus, today - dt.timedelta(days=10), today - dt.timedelta(days=1))
    last_day = past[-1] if past else today - dt.timedelta(days=1)
    if children and not Handover.objects.filter(campus=campus).exists():
        present = sorted(attendance.present_children(campus, last_day, room))
        if present:
            options = services.authorised_pickers(present, last_day)
            for n, child in enumerate(room.children.filter(pk__in=present).select_related("campus").order_by("name")):
                choices = [o for o in options[child.pk] if o.name != "赵建军"]
                if choices:
                    services.hand_over(child, last_day, teacher, choice=choices[n % len(choices)].value,
                                       now=_at(last_day, 16, 30 + n % 25))


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
    _seed_gate(ctx)
    seed_duties(ctx)
