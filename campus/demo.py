"""Demo data: a central campus and a village branch, 6 classes, ~180 children, guardians, staff in
every role, a term and four weeks of attendance. Deterministic and idempotent: a second run
changes nothing. Other apps add theirs in ``<app>/demo.py: seed(ctx)``, called in app order."""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .calendar import CalendarUnknown, SchoolCalendar
from .calendar_entry import parse_holiday_text
from .choices import AttendanceStatus, CertificateKind, Gender, Grade, PlaceKind, Relation
from .models import (
    Attendance,
    Campus,
    Child,
    Classroom,
    Guardian,
    Guardianship,
    Place,
    StaffCertificate,
    StaffMember,
    Term,
)
from .roles import Role
from .services import record_class_attendance
from .services_setup import enter_calendar_days

DEMO_PASSWORD = "houqin-demo"

# A year's holidays as the State Council's notice words them (demo data: the real notice is entered
# by the director when it is published).
DEMO_HOLIDAYS = {
    2027: """一、元旦：1月1日至3日放假，共3天。
二、春节：2月5日至11日放假调休，共7天。1月31日（星期日）、2月20日（星期六）上班。
三、清明节：4月3日至5日放假，共3天。
四、劳动节：5月1日至5日放假调休，共5天。4月25日（星期日）、5月8日（星期六）上班。
五、端午节：6月9日放假，共1天。
六、中秋节：9月15日放假，共1天。
七、国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。""",
}
PARENT_PHONE = "13800000001"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_BOY = ["子轩", "浩然", "宇航", "梓豪", "俊熙", "一诺", "宇泽", "皓轩", "明哲", "沐阳", "睿", "博文", "嘉乐", "思远", "天佑", "承泽", "奕辰", "子墨", "晨阳", "铭宇", "景行", "安然", "乐天", "志远"]
GIVEN_GIRL = ["欣怡", "梓涵", "诗涵", "一诺", "可馨", "雨桐", "佳怡", "语嫣", "思琪", "若汐", "梦瑶", "紫萱", "心怡", "雨欣", "婉清", "静姝", "安琪", "晓彤", "沐晴", "星妍", "书瑶", "芷若", "悦然", "初夏"]

# (username, display name, role, campus codes, sees all campuses)
STAFF = [
    ("director", "周园长", Role.DIRECTOR, ["central", "village"], True),
    ("director2", "钱园长", Role.DIRECTOR, ["village"], False),
    ("logistics", "孙主任", Role.LOGISTICS, ["central"], False),
    ("health", "李保健", Role.HEALTH, ["central"], False),
    ("teacher", "王老师", Role.TEACHER, ["central"], False),
    ("teacher2", "陈老师", Role.TEACHER, ["central"], False),
    ("nursery", "赵阿姨", Role.TEACHER, ["central"], False),
    ("cook", "刘师傅", Role.COOK, ["central"], False),
    ("cook2", "黄师傅", Role.COOK, ["central"], False),
    ("gate", "吴师傅", Role.GATEKEEPER, ["central"], False),
    ("cashier", "郑会计", Role.CASHIER, ["central", "village"], False),
    ("assets", "冯老师", Role.ASSETS, ["central"], False),
    ("vteacher", "杨老师", Role.TEACHER, ["village"], False),
    ("vcook", "何师傅", Role.COOK, ["village"], False),
    ("vhealth", "林保健", Role.HEALTH, ["village"], False),
]

# (campus code, class name, grade, birth year, head teacher username, other staff usernames, size)
CLASSES = [
    ("central", "小一班", Grade.SMALL, 2022, "teacher", ["nursery"], 30),
    ("central", "中一班", Grade.MIDDLE, 2021, "teacher2", ["nursery"], 32),
    ("central", "大一班", Grade.LARGE, 2020, "teacher2", [], 33),
    ("central", "托班", Grade.NURSERY, 2023, "teacher", [], 20),
    ("village", "混龄一班", Grade.MIDDLE, 2021, "vteacher", [], 34),
    ("village", "混龄二班", Grade.LARGE, 2020, "vteacher", [], 31),
]


@dataclass
class DemoContext:
    today: dt.date
    campuses: dict = field(default_factory=dict)  # code -> Campus
    users: dict = field(default_factory=dict)  # username -> User
    staff: dict = field(default_factory=dict)  # username -> StaffMember
    classes: dict = field(default_factory=dict)  # name -> Classroom
    places: dict = field(default_factory=dict)  # (campus code, name) -> Place
    terms: dict = field(default_factory=dict)  # campus code -> Term
    parent_user: object = None
    parent_child: object = None
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    log: list = field(default_factory=list)
    later: list = field(default_factory=list)  # steps that need another app's data: run after every app's seed


def current_term_dates(today: dt.date) -> tuple[dt.date, dt.date, str]:
    if dt.date(today.year, 2, 15) <= today <= dt.date(today.year, 7, 10):
        return dt.date(today.year, 2, 15), dt.date(today.year, 7, 10), f"{today.year}年春季学期"
    start_year = today.year if today.month >= 8 else today.year - 1
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 1, 20), f"{start_year}年秋季学期"


def _user(username, name, password=DEMO_PASSWORD):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_campus(ctx: DemoContext) -> None:
    central, _ = Campus.objects.get_or_create(code="central", defaults={"name": "阳光中心幼儿园", "address": "城关镇人民路88号"})
    village, _ = Campus.objects.get_or_create(
        code="village", defaults={"name": "阳光幼儿园桃源村分园", "guided_by": central, "address": "桃源村村委会旁"}
    )
    ctx.campuses = {"central": central, "village": village}

    first, last, term_name = current_term_dates(ctx.today)
    for code, campus in ctx.campuses.items():
        term, _ = Term.objects.get_or_create(campus=campus, starts_on=first, defaults={"name": term_name, "ends_on": last})
        ctx.terms[code] = term
        # The national calendar package may not know next year yet: enter its holidays in one go, as
        # a campus would, and confirm the year only when all of them are entered; a year the demo has
        # no notice for stays unconfirmed (its days show "not known yet"), never half entered.
        for year in range(first.year, last.year + 1):
            try:
                SchoolCalendar(campus, dt.date(year, 1, 1), dt.date(year, 1, 1)).is_calendar_workday(dt.date(year, 1, 1))
            except CalendarUnknown:
                if year in DEMO_HOLIDAYS:
                    enter_calendar_days(campus, parse_holiday_text(DEMO_HOLIDAYS[year], year), None, confirm_year=year)

    groups = {group.name: group for group in Group.objects.all()}
    for username, name, role, codes, sees_all in STAFF:
        user = _user(username, name)
        user.groups.add(groups[role.value])
        staff, _ = StaffMember.objects.get_or_create(
            user=user, defaults={"name": name, "phone": f"1390000{len(ctx.staff):04d}", "sees_all_campuses": sees_all}
        )
        staff.campuses.add(*(ctx.campuses[code] for code in codes))
        ctx.users[username], ctx.staff[username] = user, staff
        kinds = [CertificateKind.HEALTH]
        if role == Role.COOK:
            kinds.append(CertificateKind.COOK)
        for kind in kinds:
            # One cook's health certificate ran out last week: the kitchen page must flag it.
            expires = ctx.today - dt.timedelta(days=7) if username == "cook2" and kind == CertificateKind.HEALTH else (
                ctx.today + dt.timedelta(days=200 + 13 * len(ctx.staff))
            )
            StaffCertificate.objects.get_or_create(
                staff=staff, kind=kind, defaults={"number": f"JK{ctx.today.year}{len(ctx.staff):05d}", "expires_on": expires}
            )
    admin = _user("admin", "管理员")
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])

    rng = random.Random(180)
    used_names = set()
    for code, class_name, grade, birth_year, head, others, size in CLASSES:
        campus = ctx.campuses[code]
        room, _ = Classroom.objects.get_or_create(
            campus=campus, name=class_name, defaults={"grade": grade, "head_teacher": ctx.staff[head]}
        )
        room.staff.add(ctx.staff[head], *(ctx.staff[u] for u in others))
        ctx.classes[class_name] = room
        place, _ = Place.objects.get_or_create(
            campus=campus, name=f"{class_name}教室", defaults={"kind": PlaceKind.CLASSROOM, "classroom": room, "custodian": ctx.staff[head]}
        )
        ctx.places[(code, place.name)] = place
        for index in range(size):
            gender = Gender.BOY if index % 2 == 0 else Gender.GIRL
            while True:
                name = rng.choice(SURNAMES) + rng.choice(GIVEN_BOY if gender == Gender.BOY else GIVEN_GIRL)
                if name not in used_names:
                    used_names.add(name)
                    break
            birth = dt.date(birth_year, 1, 1) + dt.timedelta(days=rng.randrange(0, 360))
            child, _ = Child.objects.get_or_create(
                campus=campus, name=name, birth_date=birth,
                defaults={"classroom": room, "gender": gender, "enrolled_on": first,
                          "allergies": "花生" if index == 5 else "", "dietary_needs": "清真" if index == 8 else ""},
            )
            phone = f"138{(len(used_names)):08d}"
            guardian, _ = Guardian.objects.get_or_create(phone=phone, defaults={"name": name[0] + ("爸爸" if index % 3 else "妈妈")})
            Guardianship.objects.get_or_create(
                guardian=guardian, child=child, defaults={"relation": Relation.FATHER if index % 3 else Relation.MOTHER}
            )
            if ctx.parent_child is None:
                ctx.parent_child = child
    # The demo parent: mother of the first child of 小一班.
    parent = _user(PARENT_PHONE, "演示家长")
    parent.groups.add(groups[Role.PARENT.value])
    guardian, _ = Guardian.objects.get_or_create(phone=PARENT_PHONE, defaults={"name": "演示家长", "user": parent})
    if guardian.user_id is None:
        guardian.user = parent
        guardian.save(update_fields=["user"])
    Guardianship.objects.get_or_create(guardian=guardian, child=ctx.parent_child, defaults={"relation": Relation.MOTHER})
    ctx.parent_user = parent


def seed_attendance(ctx: DemoContext, weeks: int = 4) -> int:
    """Four weeks of attendance up to yesterday; today is left for the teachers to take."""
    first = ctx.today - dt.timedelta(weeks=weeks)
    last = ctx.today - dt.timedelta(days=1)
    created = 0
    for code, campus in ctx.campuses.items():
        recorder = ctx.staff["teacher" if code == "central" else "vteacher"].user
        calendar = SchoolCalendar(campus, first, last)
        days = calendar.school_days()
        done = set(Attendance.objects.filter(campus=campus, date__range=(first, last)).values_list("classroom", "date").distinct())
        for room in Classroom.objects.filter(campus=campus):
            children = list(room.children_on(last).order_by("id").values_list("id", flat=True))
            for day in days:
                rng = random.Random(f"{room.pk}-{day.isoformat()}")
                if (room.pk, day) in done:
                    continue
                exceptions = {}
                for child_id in children:
                    roll = rng.random()
                    if roll < 0.04:
                        exceptions[child_id] = (AttendanceStatus.SICK, rng.choice(["发烧", "咳嗽", "腹泻", "感冒"]))
                    elif roll < 0.07:
                        exceptions[child_id] = (AttendanceStatus.PERSONAL, rng.choice(["家中有事", "外出探亲"]))
                    elif roll < 0.075:
                        exceptions[child_id] = (AttendanceStatus.ABSENT, "")
                created += len(record_class_attendance(room, day, exceptions, recorder))
    return created


PLACES = [  # every campus's rooms and areas beyond its classrooms: (name, kind, custodian login per campus)
    ("厨房", PlaceKind.KITCHEN, {"central": "cook", "village": "vcook"}),
    ("总务仓库", PlaceKind.STORE, {"central": "assets", "village": "director2"}),
    ("食品库房", PlaceKind.STORE, {"central": "cook", "village": "vcook"}),
    ("园长办公室", PlaceKind.OFFICE, {"central": "director", "village": "director2"}),
    ("保健室", PlaceKind.CLINIC, {"central": "health", "village": "vhealth"}),
    ("多功能厅", PlaceKind.HALL, {"central": "logistics", "village": "director2"}),
    ("门卫室", PlaceKind.GATE, {"central": "gate", "village": "director2"}),
    ("户外活动场地", PlaceKind.OUTDOOR, {"central": "logistics", "village": "director2"}),
]


def seed_places(ctx: DemoContext) -> None:
    for code, campus in ctx.campuses.items():
        for name, kind, custodians in PLACES:
            custodian = ctx.staff.get(custodians.get(code, ""))
            place, _ = Place.objects.get_or_create(campus=campus, name=name, defaults={"kind": kind, "custodian": custodian})
            ctx.places[(code, name)] = place


def seed(today: dt.date | None = None, stdout=None) -> DemoContext:
    from .ui import app_module

    ctx = DemoContext(today=today or timezone.localdate())
    seed_campus(ctx)
    seed_places(ctx)
    ctx.log.append(f"attendance rows created: {seed_attendance(ctx)}")
    from .family import demo as family_demo

    family_demo.seed(ctx)
    from django.conf import settings

    for label in settings.HOUQIN_APPS:
        if label == "campus":
            continue
        module = app_module(label, "demo")
        if module is not None:
            module.seed(ctx)
    for step in ctx.later:
        step(ctx)
    return ctx
