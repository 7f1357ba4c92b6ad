"""A new school year in one go: every class moves up a grade with its children (托 → 小 → 中 → 大),
大班 children graduate (they leave the day before the new year starts and their class closes), new
classes open for the intake, and each class may get another head teacher. One transaction."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .choices import Grade
from .history import save_tracked
from .models import Child, Classroom
from .services_setup import SetupError

NEXT_GRADE = {Grade.NURSERY: Grade.SMALL, Grade.SMALL: Grade.MIDDLE, Grade.MIDDLE: Grade.LARGE, Grade.LARGE: None}
AGE_BAND = {Grade.NURSERY: "2–3岁", Grade.SMALL: "3–4岁", Grade.MIDDLE: "4–5岁", Grade.LARGE: "5–6岁"}
GRADE_CHAR = {Grade.NURSERY: "托", Grade.SMALL: "小", Grade.MIDDLE: "中", Grade.LARGE: "大"}


def next_name(name: str, grade: str) -> str:
    """小一班 → 中一班, 托班 → 小班; a name without its grade's character stays as it is."""
    new_grade = NEXT_GRADE.get(grade)
    if new_grade and name.startswith(GRADE_CHAR[grade]):
        return GRADE_CHAR[new_grade] + name[1:]
    return name


@dataclass
class ClassMove:
    room: Classroom
    new_name: str
    new_grade: str | None  # None: the class graduates
    head_teacher: object
    children: list = field(default_factory=list)

    @property
    def graduates(self) -> bool:
        return self.new_grade is None

    def new_grade_label(self) -> str:
        return Grade(self.new_grade).label if self.new_grade else _("Graduates")


@dataclass
class NewClass:
    name: str
    grade: str
    head_teacher: object = None


def plan(campus, first_day: dt.date) -> list[ClassMove]:
    """What each open class of ``campus`` becomes on ``first_day``, with the children it takes along."""
    rooms = list(Classroom.objects.filter(campus=campus, is_active=True).by_grade().select_related("head_teacher"))
    children: dict[int, list] = {room.pk: [] for room in rooms}
    for child in Child.objects.enrolled_on(first_day - dt.timedelta(days=1)).filter(classroom__in=rooms).order_by("name"):
        if child.left_on is None or child.left_on >= first_day:
            children[child.classroom_id].append(child)
    return [
        ClassMove(room=room, new_name=next_name(room.name, room.grade), new_grade=NEXT_GRADE.get(room.grade),
                  head_teacher=room.head_teacher, children=children[room.pk])
        for room in rooms
    ]


@transaction.atomic
def promote(campus, first_day: dt.date, moves: list[ClassMove], intake: list[NewClass], user) -> dict:
    """Apply ``moves`` (from ``plan``, names and head teachers possibly edited) and open ``intake``.
    Returns counts: moved classes, graduates, new classes."""
    if not moves and not intake:
        raise SetupError(_("There is no class to move up."))
    moving = [move for move in moves if not move.graduates]
    closing = [move for move in moves if move.graduates]
    final_names = [move.new_name.strip() for move in moving] + [new.name.strip() for new in intake]
    if any(not name for name in final_names):
        raise SetupError(_("Every class needs a name."))
    if len(set(final_names)) != len(final_names):
        raise SetupError(_("Two classes would have the same name."))
    touched = {move.room.pk for move in moves}
    taken = set(Classroom.objects.filter(campus=campus).exclude(pk__in=touched).values_list("name", flat=True))
    clash = taken & set(final_names)
    if clash:
        raise SetupError(_("The name %(name)s is already used by another class.") % {"name": sorted(clash)[0]})
    year = first_day.year
    # Free every name first (no history row for the placeholder), then give each its new one.
    for index, move in enumerate(moves):
        Classroom.objects.filter(pk=move.room.pk).update(name=f"#{move.room.pk}-{index}")
    graduates = 0
    last_day = first_day - dt.timedelta(days=1)
    for move in closing:
        for child in move.children:
            child.left_on, child.leaving_reason = last_day, _("Graduated")
            save_tracked(child, user, gettext_noop("graduated"))
            graduates += 1
        room = move.room
        room.name = _free_name(campus, _("%(name)s (class of %(year)d)") % {"name": room.name, "year": year}, taken)
        room.is_active = False
        save_tracked(room, user, gettext_noop("graduated"))
    for move in moving:
        room = move.room
        # The usual age band moves up with the grade; one the director wrote otherwise is left for them to redo.
        room.age_band = AGE_BAND[move.new_grade] if room.age_band in ("", AGE_BAND.get(room.grade)) else ""
        room.name, room.grade, room.head_teacher = move.new_name.strip(), move.new_grade, move.head_teacher
        save_tracked(room, user, gettext_noop("new school year"), clean=True)
        if move.head_teacher is not None:
            room.staff.add(move.head_teacher)
    for new in intake:
        room = Classroom(campus=campus, name=new.name.strip(), grade=new.grade, head_teacher=new.head_teacher,
                         age_band=AGE_BAND.get(new.grade, ""))
        save_tracked(room, user, gettext_noop("new school year"), clean=True)
        if new.head_teacher is not None:
            room.staff.add(new.head_teacher)
    return {"moved": len(moving), "graduates": graduates, "new": len(intake)}


def _free_name(campus, name: str, taken: set) -> str:
    candidate, n = name[:50], 2
    while candidate in taken or Classroom.objects.filter(campus=campus, name=candidate).exists():
        candidate = f"{name[:46]}-{n}"
        n += 1
    taken.add(candidate)
    return candidate
