"""Scale data for benchmarks: N campuses, each with classes, children (one guardian each), a term
and the last school days of attendance, written with bulk inserts.

Use it from another benchmark after ``django.setup()``::

    from bench.scale_data import generate
    counts = generate(campuses=2, classes_per_campus=6, children_per_class=30, days=20)

Run directly it sets up a throw-away SQLite database (or uses ``DATABASE_URL`` when set with
``--keep-db``), generates, and prints the counts and the time as JSON lines::

    .venv/bin/python bench/scale_data.py --campuses 4 --classes 8 --children 30 --days 60
"""

import argparse
import datetime as dt
import itertools
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN = "子涵欣怡梓轩浩宇雨桐思远一诺佳怡俊熙若汐沐阳可馨梓萱宇航嘉懿语桐奕辰诗涵明轩欣悦昊然思琪博文晨曦天佑雅琪"
GRADES = ["nursery", "small", "middle", "large"]
GRADE_NAMES = {"nursery": "托", "small": "小", "middle": "中", "large": "大"}
NUMERALS = "一二三四五六七八九十"


def school_days_back(count: int, today: dt.date) -> list[dt.date]:
    """The last ``count`` school days up to today (national calendar; Monday to Friday when unknown)."""
    from campus.calendar import national_workday

    days, day = [], today
    while len(days) < count:
        workday = national_workday(day)
        if workday is None:
            workday = day.weekday() < 5
        if workday:
            days.append(day)
        day -= dt.timedelta(days=1)
    return sorted(days)


def child_name(rng: random.Random, used: set) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in used or len(used) > 5000:
            used.add(name)
            return name


def generate(campuses=2, classes_per_campus=6, children_per_class=30, days=20, seed=0, prefix="scale",
             today=None) -> dict:
    """Create the data; returns the counts. Campus codes are ``<prefix><n>`` and must be new."""
    from django.db import transaction
    from django.utils import timezone

    from campus.choices import AttendanceStatus, Gender, Relation
    from campus.models import Attendance, Campus, Child, Classroom, Guardian, Guardianship, Term

    rng = random.Random(seed)
    today = today or timezone.localdate()
    day_list = school_days_back(days, today) if days else []
    first_day = min(day_list) if day_list else today
    counts = {"campuses": 0, "classes": 0, "children": 0, "guardians": 0, "attendance": 0}
    phone_seq = itertools.count(Guardian.objects.count() + 1)
    statuses = [AttendanceStatus.PRESENT] * 17 + [AttendanceStatus.SICK, AttendanceStatus.PERSONAL, AttendanceStatus.ABSENT]
    with transaction.atomic():
        for n in range(1, campuses + 1):
            campus = Campus.objects.create(code=f"{prefix}{n}", name=f"规模测试第{n}幼儿园")
            Term.objects.create(campus=campus, name="规模测试学期", starts_on=min(first_day, today - dt.timedelta(days=120)),
                                ends_on=today + dt.timedelta(days=120))
            counts["campuses"] += 1
            rooms = Classroom.objects.bulk_create(
                Classroom(campus=campus, grade=GRADES[i % 4],
                          name=f"{GRADE_NAMES[GRADES[i % 4]]}{NUMERALS[(i // 4) % 10]}班{'' if i < 40 else i}")
                for i in range(classes_per_campus)
            )
            counts["classes"] += len(rooms)
            used: set = set()
            children = []
            for room in rooms:
                age = {"nursery": 2, "small": 3, "middle": 4, "large": 5}[room.grade]
                for _ in range(children_per_class):
                    birth = today - dt.timedelta(days=age * 365 + rng.randrange(0, 365))
                    children.append(Child(
                        campus=campus, classroom=room, name=child_name(rng, used), gender=rng.choice(Gender.values),
                        birth_date=birth, enrolled_on=first_day - dt.timedelta(days=rng.randrange(0, 300)),
                    ))
            # name + birth date is unique per campus: nudge the rare repeat by a day
            keys = set()
            for child in children:
                while (child.name, child.birth_date) in keys:
                    child.birth_date -= dt.timedelta(days=1)
                keys.add((child.name, child.birth_date))
            children = Child.objects.bulk_create(children, batch_size=1000)
            counts["children"] += len(children)
            guardians = Guardian.objects.bulk_create(
                [Guardian(name=child.name[0] + "家长", phone=f"199{next(phone_seq):08d}") for child in children],
                batch_size=1000,
            )
            Guardianship.objects.bulk_create(
                [Guardianship(guardian=g, child=c, relation=rng.choice(Relation.values)) for g, c in zip(guardians, children, strict=True)],
                batch_size=1000,
            )
            counts["guardians"] += len(guardians)
            now = timezone.now()
            rows = []
            for day in day_list:
                for child in children:
                    status = rng.choice(statuses)
                    rows.append(Attendance(campus=campus, classroom_id=child.classroom_id, child=child, date=day,
                                           status=status, recorded_at=now))
                if len(rows) >= 20000:
                    Attendance.objects.bulk_create(rows, batch_size=2000)
                    counts["attendance"] += len(rows)
                    rows = []
            Attendance.objects.bulk_create(rows, batch_size=2000)
            counts["attendance"] += len(rows)
    return counts


def setup_django(keep_db: bool = False) -> str | None:
    """Point Django at a fresh SQLite file (unless ``keep_db``), set it up and migrate. Returns the file."""
    path = None
    if not keep_db:
        handle, path = tempfile.mkstemp(prefix="houqin-bench-", suffix=".sqlite3")
        os.close(handle)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # measure what production runs: no SQL logging on every query
    call_command("migrate", verbosity=0)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--campuses", type=int, default=2)
    parser.add_argument("--classes", type=int, default=6, help="classes per campus")
    parser.add_argument("--children", type=int, default=30, help="children per class")
    parser.add_argument("--days", type=int, default=20, help="school days of attendance")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep-db", action="store_true", help="use DATABASE_URL instead of a temporary SQLite file")
    args = parser.parse_args(argv)
    path = setup_django(args.keep_db)
    try:
        started = time.perf_counter()
        counts = generate(args.campuses, args.classes, args.children, args.days, seed=args.seed)
        elapsed = time.perf_counter() - started
        for name, value in counts.items():
            print(json.dumps({"metric": f"scale_{name}", "value": value, "unit": "rows"}))
        print(json.dumps({"metric": "scale_generate_time", "value": round(elapsed, 3), "unit": "s"}))
        total = sum(counts.values())
        print(json.dumps({"metric": "scale_generate_rate", "value": round(total / elapsed), "unit": "rows/s"}))
    finally:
        if path:
            os.unlink(path)


if __name__ == "__main__":
    main()
