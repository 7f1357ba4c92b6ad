"""The parent's today page for one child: attendance, and what each department has to say about
the child today (``<app>/family.py``'s ``today_sections(child, day)``, collected like the menus:
campus never imports a department). Each section costs its app a fixed number of queries, so the
page costs the same for every child; the child's attendance and leave come with the child's own
query (``child_queryset``)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .. import attendance
from ..choices import LeaveStatus
from ..models import Attendance, Child
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


def child_queryset(day: dt.date):
    """The children, each with the day's attendance and the leave request covering the day read in
    the same query (``for_child`` then needs no query of its own for them)."""
    leave = (LeaveRequest.objects.filter(child=OuterRef("pk"), first_day__lte=day, last_day__gte=day,
                                         status__in=(LeaveStatus.PENDING, LeaveStatus.CONFIRMED)).order_by("-pk"))
    children = Child.objects.select_related("classroom", "campus").annotate(
        leave_kind=Subquery(leave.values("kind")[:1]), leave_status=Subquery(leave.values("status")[:1]))
    return attendance.with_day_record(children, day)


def for_child(child, guardian=None) -> Today:
    """One query here (the notices), plus each department's fixed number; one more for each of the
    attendance and the leave request unless ``child`` came from ``child_queryset``."""
    day = timezone.localdate()
    if hasattr(child, "day_status"):
        row = Attendance(child=child, date=day, status=child.day_status, reason=child.day_reason or "") if child.day_status else None
        leave = LeaveRequest(child=child, kind=child.leave_kind, status=child.leave_status) if child.leave_kind else None
    else:
        row = attendance.day_records([child.pk], day).get(child.pk)
        leave = (LeaveRequest.objects.filter(child=child, first_day__lte=day, last_day__gte=day,
                                             status__in=(LeaveStatus.PENDING, LeaveStatus.CONFIRMED)).order_by("-pk").first())
    latest = notices.for_child(child, guardian) if guardian is not None else []
    return Today(day=day, attendance=row, leave=leave, sections=collect("family", "today_sections", child, day), notices=latest)
