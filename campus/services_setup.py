"""Writes of setting up a kindergarten in the site: campuses, classes, terms, places, the calendar
entered in one go, and children (add, edit, leave, move class or campus, siblings). Each function
is one transaction with history kept (``save_tracked``); a bad value raises ``SetupError`` and
nothing is saved."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .calendar_entry import Entry
from .errors import ServiceError
from .history import save_tracked, update_tracked
from .models import CalendarDay, CalendarYear, Campus, Child, Classroom, Guardianship, Place, Term


class SetupError(ServiceError):
    pass


def may_manage_all_campuses(user) -> bool:
    """The group director (sees every campus) or a superuser: may create campuses."""
    staff = getattr(user, "staff", None)
    return user.is_superuser or bool(staff and staff.sees_all_campuses and staff.is_active)


# --- campuses, classes, terms, places --------------------------------------------------------------


@transaction.atomic
def save_campus(campus: Campus | None, data: dict, user) -> Campus:
    """Create (the group director only: they see every campus, the new one included) or edit a campus."""
    if campus is None:
        if not may_manage_all_campuses(user):
            raise SetupError(_("Only the group director may add a campus."))
        campus = Campus()
    guided_by = data.get("guided_by")
    if guided_by is not None and campus.pk and (guided_by.pk == campus.pk or guided_by.guided_by_id == campus.pk):
        raise SetupError(_("A campus cannot be guided by itself or by one of its own branches."), field="guided_by")
    is_new = campus.pk is None
    update_tracked(campus, data, user, gettext_noop("campus set up") if is_new else "")
    return campus


@transaction.atomic
def save_classroom(campus: Campus, room: Classroom | None, data: dict, user) -> Classroom:
    data = dict(data)
    staff = data.pop("staff", None)
    head = data.get("head_teacher")
    for person in [head, *(staff or [])]:
        if person is not None and not person.campuses.filter(pk=campus.pk).exists() and not person.sees_all_campuses:
            raise SetupError(_("%(name)s does not work at this campus.") % {"name": person.name}, field="staff")
    room = room or Classroom(campus=campus)
    if Classroom.objects.filter(campus=campus, name=data.get("name")).exclude(pk=room.pk).exists():
        raise SetupError(_("This campus already has a class of that name."), field="name")
    update_tracked(room, data, user)
    if staff is not None:
        room.staff.set(staff)
    if head is not None:
        room.staff.add(head)
    return room


@transaction.atomic
def save_term(campus: Campus, term: Term | None, data: dict, user) -> Term:
    term = term or Term(campus=campus)
    first, last = data.get("starts_on"), data.get("ends_on")
    if first and last:
        overlapping = Term.objects.filter(campus=campus, starts_on__lte=last, ends_on__gte=first).exclude(pk=term.pk).first()
        if overlapping is not None:
            raise SetupError(_("The dates overlap %(term)s.") % {"term": overlapping.name}, field="starts_on")
    update_tracked(term, data, user)
    return term


@transaction.atomic
def save_place(campus: Campus, place: Place | None, data: dict, user) -> Place:
    place = place or Place(campus=campus)
    room, custodian = data.get("classroom"), data.get("custodian")
    if room is not None and room.campus_id != campus.pk:
        raise SetupError(_("The class belongs to another campus."), field="classroom")
    if custodian is not None and not custodian.sees_all_campuses and not custodian.campuses.filter(pk=campus.pk).exists():
        raise SetupError(_("%(name)s does not work at this campus.") % {"name": custodian.name}, field="custodian")
    if Place.objects.filter(campus=campus, name=data.get("name")).exclude(pk=place.pk).exists():
        raise SetupError(_("This campus already has a place of that name."), field="name")
    update_tracked(place, data, user)
    return place


# --- the calendar in one go --------------------------------------------------------------------------


@transaction.atomic
def enter_calendar_days(campus: Campus, entries: list[Entry], user, *, confirm_year: int | None = None) -> int:
    """Save every day of ``entries`` (a day already entered takes the new kind and note), and, with
    ``confirm_year``, confirm that year complete. Returns how many days were saved."""
    if not entries and confirm_year is None:
        raise SetupError(_("No day to save."))
    existing = {row.date: row for row in CalendarDay.objects.filter(campus=campus, date__in=[e.date for e in entries])}
    for entry in entries:
        if entry.date.year < 2000 or entry.date.year > 2100:
            raise SetupError(_("%(date)s is not a plausible date.") % {"date": entry.date})
        row = existing.get(entry.date) or CalendarDay(campus=campus, date=entry.date)
        if row.pk and row.kind == entry.kind and (row.note == entry.note or not entry.note):
            continue
        row.kind = entry.kind
        row.note = entry.note or row.note
        save_tracked(row, user, gettext_noop("entered with the year's holidays"))
    if confirm_year is not None:
        CalendarYear.objects.get_or_create(campus=campus, year=confirm_year, defaults={"note": _("confirmed in the site")})
    return len(entries)


@transaction.atomic
def remove_calendar_day(row: CalendarDay, user) -> None:
    row._history_user = user
    row.delete()


# --- children -------------------------------------------------------------------------------------------


def _check_class(campus: Campus, room: Classroom | None):
    if room is not None and (room.campus_id != campus.pk or not room.is_active):
        raise SetupError(_("Choose an open class of this campus."), field="classroom")


@transaction.atomic
def save_child(campus: Campus, child: Child | None, data: dict, user) -> Child:
    """Add a child to ``campus`` or edit one (name, class, dates, allergies, dietary needs, photo…)."""
    data = dict(data)
    child = child or Child(campus=campus)
    if "classroom" in data:
        _check_class(campus, data["classroom"])
    duplicate = Child.objects.filter(campus=campus, name=data.get("name", child.name),
                                     birth_date=data.get("birth_date", child.birth_date)).exclude(pk=child.pk)
    if duplicate.exists():
        raise SetupError(_("A child of that name and date of birth is already on this campus."), field="name")
    update_tracked(child, data, user)
    return child


@transaction.atomic
def leave_child(child: Child, last_day: dt.date, reason: str, user) -> Child:
    """The child leaves after ``last_day``: rosters, meal counts and bills stop counting them from
    the next day (``Child.objects.enrolled_on`` and finance read ``left_on`` as the last day)."""
    if not reason.strip():
        raise SetupError(_("Write why the child leaves."), field="leaving_reason")
    if last_day < child.enrolled_on:
        raise SetupError(_("The leaving date is before the enrolment date."), field="left_on")
    return update_tracked(child, {"left_on": last_day, "leaving_reason": reason.strip()}, user, gettext_noop("left"))


@transaction.atomic
def move_child(child: Child, room: Classroom, first_day: dt.date, user) -> Child:
    """Move a child to ``room`` from ``first_day``. Within the campus the child changes class (history
    kept); to another campus the child leaves this one the day before and is enrolled there, with
    the same guardians and siblings, so each campus keeps its own bills and registers."""
    if not room.is_active:
        raise SetupError(_("Choose an open class."), field="classroom")
    if room.pk == child.classroom_id:
        raise SetupError(_("The child is already in this class."), field="classroom")
    if room.campus_id == child.campus_id:
        return update_tracked(child, {"classroom": room}, user, gettext_noop("moved to another class"))
    if Child.objects.filter(campus=room.campus, name=child.name, birth_date=child.birth_date).exists():
        raise SetupError(_("A child of that name and date of birth is already on that campus."), field="classroom")
    if first_day <= child.enrolled_on:
        raise SetupError(_("The move must come after the enrolment date."), field="first_day")
    moved = Child(
        campus=room.campus, classroom=room, name=child.name, gender=child.gender, birth_date=child.birth_date,
        enrolled_on=first_day, allergies=child.allergies, dietary_needs=child.dietary_needs, photo=child.photo,
        notes=child.notes,
    )
    save_tracked(moved, user, gettext_noop("moved from another campus"), clean=True)
    Guardianship.objects.bulk_create([
        Guardianship(guardian_id=link.guardian_id, child=moved, relation=link.relation, may_pick_up=link.may_pick_up)
        for link in child.guardianships.all()
    ])
    moved.siblings.set([*child.siblings.all(), child])
    update_tracked(
        child, {"left_on": first_day - dt.timedelta(days=1),
                "leaving_reason": _("Moved to %(campus)s") % {"campus": room.campus.name}},
        user, gettext_noop("moved to another campus"),
    )
    return moved


@transaction.atomic
def link_siblings(child: Child, other: Child, user) -> None:
    if other.pk == child.pk:
        raise SetupError(_("A child is not their own sibling."), field="sibling")
    child.siblings.add(other)
    # siblings of one are siblings of all
    for sibling in [*child.siblings.all(), *other.siblings.all()]:
        for each in (child, other):
            if sibling.pk != each.pk:
                each.siblings.add(sibling)
    save_tracked(child, user, gettext_noop("siblings linked"))


@transaction.atomic
def unlink_sibling(child: Child, other: Child, user) -> None:
    child.siblings.remove(other)
    save_tracked(child, user, gettext_noop("siblings unlinked"))
