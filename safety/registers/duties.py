"""The safety duties' registers (campus.registers): 演练记录, 隐患排查整改台账, 安全责任书签订情况,
培训签到表, 幼儿安全教育记录 and 值班表."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from campus.people import display_name
from campus.registers import NONE, AddLink, Column, Filter, Register, class_filter
from campus.scoping import in_current_campus

from ..models import (
    Drill,
    DrillKind,
    DutyKind,
    DutyShift,
    Hazard,
    HazardKind,
    HazardLevel,
    HazardStatus,
    SafetyLesson,
    TrainingAttendance,
    TrainingKind,
    TrainingSession,
)
from ..services import duties as services


def _hm(value, fmt="%Y-%m-%d %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""


def _last_days(days):
    return lambda today: (today - dt.timedelta(days=days), today)


# --- drills ----------------------------------------------------------------------------------------


DRILLS = Register(
    title=gettext_lazy("Drill register"), model=Drill, permission="safety.view_drill", date_field="held_on",
    select_related=("recorded_by__staff",), prefetch_related=("classrooms", "problems", "photos"), order_by=("held_on", "id"),
    default_range=_last_days(365),
    filters=[Filter("kind", gettext_lazy("Drill type"), lambda request: DrillKind.choices, "kind")],
    columns=[
        Column(gettext_lazy("Date"), lambda d: d.held_on),
        Column(gettext_lazy("Drill type"), lambda d: d.get_kind_display()),
        Column(gettext_lazy("Classes"), lambda d: "、".join(c.name for c in d.classrooms.all()) or _("All classes")),
        Column(gettext_lazy("People"), lambda d: d.participants),
        Column(gettext_lazy("Evacuation time"), lambda d: d.evacuation_label),
        Column(gettext_lazy("Problems found"), lambda d: "；".join(p.text for p in d.problems.all())),
        Column(gettext_lazy("Photos"), lambda d: len(d.photos.all())),
        Column(gettext_lazy("Recorded by"), lambda d: display_name(d.recorded_by)),
    ],
    link=lambda d: d.get_absolute_url(), add=AddLink("safety:drill_add", gettext_lazy("Record a drill"), "safety.add_drill"),
    intro="safety/duties/_register_drills.html",
    context=lambda request, period, objects: {"quarter": services.quarter_drills(request.campus, timezone.localdate())},
    filename="drills",
)


# --- hazards ---------------------------------------------------------------------------------------


def _hazard_where(qs, first, last):
    """Reported in the period, or still not verified (an open hazard stays on the register)."""
    from django.db.models import Q

    return qs.filter(Q(reported_at__date__range=(first, last)) | ~Q(status=HazardStatus.VERIFIED))


def _responsible(hazard) -> str:
    """The person who owns the hazard with their post (孙主任（后勤主任）), or the post alone when several hold it."""
    post = hazard.get_owner_role_display()
    return pgettext("person (post)", "%(person)s (%(post)s)") % {"person": display_name(hazard.owner), "post": post} \
        if hazard.owner_id else post


HAZARDS = Register(
    title=gettext_lazy("Hazard inspection and rectification register"), model=Hazard, permission="safety.view_hazard",
    where=_hazard_where, select_related=("place", "reported_by__staff", "owner__staff", "rectified_by__staff", "verified_by__staff"),
    order_by=("reported_at", "id"), default_range=_last_days(90),
    filters=[
        Filter("status", gettext_lazy("Status"), lambda request: HazardStatus.choices, "status"),
        Filter("level", gettext_lazy("Level"), lambda request: HazardLevel.choices, "level"),
        Filter("kind", gettext_lazy("Kind"), lambda request: HazardKind.choices, "kind"),
    ],
    columns=[
        Column(pgettext_lazy("hazard", "Found"), lambda h: _hm(h.reported_at)),
        Column(gettext_lazy("Place"), lambda h: h.place.name),
        Column(gettext_lazy("Hazard"), lambda h: h.description),
        Column(gettext_lazy("Kind and level"), lambda h: f"{h.get_kind_display()} {h.get_level_display()}"),
        Column(gettext_lazy("Reported by"), lambda h: display_name(h.reported_by)),
        Column(gettext_lazy("Responsible"), _responsible),
        Column(gettext_lazy("Rectify by"), lambda h: h.due_on),
        Column(gettext_lazy("Rectification"), lambda h: h.rectification),
        Column(gettext_lazy("Rectified"), lambda h: f"{display_name(h.rectified_by)} {_hm(h.rectified_at)}" if h.rectified_by_id else ""),
        Column(gettext_lazy("Verified"), lambda h: f"{display_name(h.verified_by)} {_hm(h.verified_at)}" if h.verified_by_id else ""),
        Column(gettext_lazy("Status"), lambda h: h.get_status_display()),
    ],
    link=lambda h: h.get_absolute_url(), add=AddLink("safety:hazard_add", gettext_lazy("Report a hazard"), "safety.add_hazard"),
    filename="hazards", intro="safety/duties/_register_intro.html",
)


# --- safety responsibility letters -----------------------------------------------------------------


def _terms(request):
    from campus.models import Term

    return [(t.pk, t.name) for t in in_current_campus(request, Term)]


def _letter_rows(request, period):
    from campus.models import Term

    raw = request.GET.get("term", "")
    terms = in_current_campus(request, Term)
    term = (terms.filter(pk=raw).first() if raw.isdigit() else None) or services.term_on(request.campus, period.last) or terms.first()
    if term is None:
        return []
    return [(letter, staff, signature) for letter, rows in services.letter_status(request.campus, term) for staff, signature in rows]


LETTERS = Register(
    title=gettext_lazy("Safety responsibility letters signed"), permission="safety.view_safetyletter", dated=NONE,
    source=_letter_rows, filters=[Filter("term", gettext_lazy("Term"), _terms)],
    columns=[
        Column(gettext_lazy("Staff member"), lambda r: r[1].name),
        Column(gettext_lazy("Post"), lambda r: r[0].get_role_display()),
        Column(gettext_lazy("Letter"), lambda r: r[0].title),
        Column(gettext_lazy("Issued"), lambda r: _hm(r[0].issued_at) or _("Not issued yet")),
        Column(gettext_lazy("Signed"), lambda r: f"{r[2].signed_name} {_hm(r[2].signed_at)}" if r[2] else _("Not signed")),
    ],
    link=lambda r: r[0].get_absolute_url(), empty=gettext_lazy("No letter for this term yet."), filename="safety-letters", intro="safety/duties/_register_intro.html",
    add=AddLink("safety:letter_add", gettext_lazy("Write a letter"), "safety.add_safetyletter"),
)


# --- training --------------------------------------------------------------------------------------


TRAINING = Register(
    title=gettext_lazy("Training sign-in sheet"), model=TrainingAttendance, permission="safety.view_trainingsession",
    date_field="session__held_on", select_related=("session", "staff"), order_by=("session__held_on", "session_id", "signed_at"),
    default_range=_last_days(180),
    filters=[Filter("kind", gettext_lazy("Kind"), lambda request: TrainingKind.choices, "session__kind")],
    columns=[
        Column(gettext_lazy("Date"), lambda a: a.session.held_on),
        Column(gettext_lazy("Training"), lambda a: f"{a.session.get_kind_display()}：{a.session.title}"),
        Column(gettext_lazy("Trainer"), lambda a: a.session.trainer),
        Column(gettext_lazy("Staff member"), lambda a: a.staff.name),
        Column(gettext_lazy("Signed in at"), lambda a: _hm(a.signed_at, "%H:%M")),
        Column(gettext_lazy("Hours"), lambda a: a.hours),
    ],
    link=lambda a: a.session.get_absolute_url(), intro="safety/duties/_register_training.html",
    context=lambda request, period, objects: {"sessions": in_current_campus(request, TrainingSession)
                                              .filter(held_on__range=(period.first, period.last)).order_by("-held_on")},
    add=AddLink("safety:training_add", gettext_lazy("Add a training session"), "safety.add_trainingsession"),
    empty=gettext_lazy("No one signed in to a training in this period."), filename="training",
)


# --- children's safety lessons ---------------------------------------------------------------------


LESSONS = Register(
    title=gettext_lazy("Children's safety lessons"), model=SafetyLesson, permission="safety.view_safetylesson", date_field="held_on",
    select_related=("classroom", "teacher__staff"), order_by=("held_on", "classroom__name", "id"), default_range=_last_days(90),
    filters=[class_filter()],
    columns=[
        Column(gettext_lazy("Date"), lambda s: s.held_on),
        Column(gettext_lazy("Class"), lambda s: s.classroom.name),
        Column(gettext_lazy("Topic"), lambda s: s.topic),
        Column(gettext_lazy("Minutes"), lambda s: s.minutes),
        Column(gettext_lazy("Teacher"), lambda s: display_name(s.teacher)),
        Column(gettext_lazy("Note"), lambda s: s.note),
    ],
    add=AddLink("safety:lesson_add", gettext_lazy("Record a safety lesson"), "safety.add_safetylesson"), filename="safety-lessons", intro="safety/duties/_register_intro.html",
)


# --- duty roster -----------------------------------------------------------------------------------


def _duty_range(today):
    return today - dt.timedelta(days=7), today + dt.timedelta(days=30)


DUTY = Register(
    title=gettext_lazy("Duty roster"), model=DutyShift, permission="safety.view_dutyshift", date_field="date",
    select_related=("handed_over_by__staff",), prefetch_related=("people",), order_by=("date", "kind"), default_range=_duty_range,
    filters=[Filter("kind", gettext_lazy("Duty"), lambda request: DutyKind.choices, "kind")],
    columns=[
        Column(gettext_lazy("Date"), lambda s: s.date),
        Column(gettext_lazy("Duty"), lambda s: s.get_kind_display()),
        Column(gettext_lazy("On duty"), lambda s: "、".join(p.name for p in s.people.all())),
        Column(gettext_lazy("Handover notes"), lambda s: s.handover),
        Column(gettext_lazy("Shift handed over"), lambda s: f"{display_name(s.handed_over_by)} {_hm(s.handed_over_at)}" if s.handed_over_by_id else ""),
    ],
    link=lambda s: s.get_absolute_url(), add=AddLink("safety:duty_add", gettext_lazy("Add to the roster"), "safety.add_dutyshift"),
    filename="duty-roster", intro="safety/duties/_register_intro.html",
)


__all__ = [
    "DRILLS",
    "DUTY",
    "HAZARDS",
    "LESSONS",
    "LETTERS",
    "TRAINING",
]
