"""The parent's today page for one child: attendance, and what each department has to say about
the child today (``<app>/family.py``'s ``today_sections(child, day)``, collected like the menus:
campus never imports a department). Each section costs its app a fixed number of queries, so the
page costs the same for every child."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from .. import attendance
from ..choices import LeaveStatus
from ..models_family import LeaveRequest
from ..ui import collect
from . import notices


@dataclass
class Line:
    text: str
    time: str = ""
    tone: str = ""  # "", "warning", "danger", "success"


@dataclass
class Photo:
    url: str
    caption: str = ""


@dataclass
class Section:
    title: str
    icon: str
    lines: list = field(default_factory=list)
    photos: list = field(default_factory=list)
    empty: str = ""
    link: str = ""


@dataclass
class Today:
    day: dt.date
    attendance: object  # the Attendance row or None
    leave: object  # the active leave request covering today, or None
    sections: list
    notices: list = field(default_factory=list)  # the latest notices of the class and campus, with ``unread``


def for_child(child, guardian=None) -> Today:
    """Three queries here, plus each department's fixed number."""
    day = timezone.localdate()
    row = attendance.day_records([child.pk], day).get(child.pk)
    leave = (LeaveRequest.objects.filter(child=child, first_day__lte=day, last_day__gte=day,
                                         status__in=(LeaveStatus.PENDING, LeaveStatus.CONFIRMED)).order_by("-pk").first())
    latest = notices.for_child(child, guardian) if guardian is not None else []
    return Today(day=day, attendance=row, leave=leave, sections=collect("family", "today_sections", child, day), notices=latest)
