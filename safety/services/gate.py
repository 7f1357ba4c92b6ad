"""Every write of the gate: visitors, the do-not-admit list, pickers and the dismissal handover, and
the two closing-time alerts. Plain values in, ``SafetyError`` out, nothing half saved.

A refusal is a record, not an error: a visitor or a picker on the do-not-admit list is saved as
refused (the register shows it) and the gate, the class teacher and the director are notified."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus import attendance
from campus.choices import AttendanceStatus, NoticeKind
from campus.history import save_tracked, update_tracked
from campus.models import Campus, Child, Guardianship
from campus.notifications import Notice, mark_read, notify, notify_many
from campus.roles import Role

from ..errors import SafetyError
from ..models import Handover, HandoverOutcome, Picker, RestrictedPerson, SafetySettings, Visitor

__all__ = [
    "validate_resident_id", "find_restricted", "register_arrival", "pre_register", "admit_expected", "sign_out",
    "confirm_visit", "purge_visitors", "alert_visitors_on_site", "visitors_on_site", "expected_today",
    "save_restricted", "save_picker", "remove_picker", "confirm_picker", "PickerOption", "authorised_pickers",
    "hand_over", "refuse_pickup", "resolve_not_picked_up", "not_picked_up", "alert_not_picked_up",
    "class_teacher_ids", "present_in_class",
]

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


# --- visitors ------------------------------------------------------------------------------------


def validate_resident_id(number: str) -> str:
    """The 18-digit resident ID (GB 11643-1999) upper-cased, or ``SafetyError`` on the field
    ``id_number``: 17 digits, a date of birth that exists, and the ISO 7064 MOD 11-2 check character."""
    number = (number or "").strip().upper()
    if not number:
        return ""
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        raise SafetyError(_("A resident ID number has 18 characters: 17 digits and a digit or X."), field="id_number")
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise SafetyError(_("The date of birth in this ID number does not exist."), field="id_number") from None
    if ID_CHECK[sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True)) % 11] != number[17]:
        raise SafetyError(_("This ID number's check digit is wrong: please read it again."), field="id_number")
    return number


def _active_restricted(campus, day: dt.date):
    return RestrictedPerson.objects.filter(campus=campus, is_active=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def find_restricted(campus, *, name: str, id_number: str = "", day: dt.date, child=None) -> RestrictedPerson | None:
    """The do-not-admit entry this person matches (one query): the same ID number, or the same name
    when either ID number is unknown. With ``child``, only entries naming that child or no child."""
    name, id_number = (name or "").strip(), (id_number or "").strip().upper()
    if not name and not id_number:
        return None
    rows = _active_restricted(campus, day)
    if child is not None:
        rows = rows.filter(Q(children=child) | Q(children__isnull=True)).distinct()
    match = Q(name=name, id_number="") if name else Q(pk__in=[])
    if id_number:
        match |= Q(id_number=id_number)
    elif name:
        match |= Q(name=name)
    return rows.filter(match).first()


VISITOR_FIELDS = ("name", "id_number", "phone", "organisation", "reason", "visiting", "host", "people", "plate", "badge")


def _notify_refusal(campus, *, key: str, title: str, body: str, link: str, people=()) -> None:
    notify(NoticeKind.PICKUP_REFUSED, campus, roles=[Role.DIRECTOR, Role.GATEKEEPER], people=people,
           title=title, body=body, link=link, key=key)


@transaction.atomic
def register_arrival(campus, data: dict, user, *, now: dt.datetime | None = None) -> Visitor:
    """A visitor registered at the gate on arrival. On the do-not-admit list: saved as refused (not on
    site) and the director and the gate notified; the caller reads ``visitor.refused``."""
    now = now or timezone.now()
    values = {k: v for k, v in data.items() if k in VISITOR_FIELDS}
    values["id_number"] = validate_resident_id(values.get("id_number", ""))
    if not values.get("name"):
        raise SafetyError(_("The visitor's name is needed."), field="name")
    visitor = Visitor(campus=campus, arrived_at=now, created_by=user, **values)
    return _admit(visitor, user, now)


def _admit(visitor: Visitor, user, now) -> Visitor:
    day = timezone.localdate(now)
    visitor.refused = find_restricted(visitor.campus, name=visitor.name, id_number=visitor.id_number, day=day)
    visitor.arrived_at = now
    if visitor.refused is not None:
        visitor.left_at = now
    save_tracked(visitor, user, gettext_noop("refused at the gate") if visitor.refused else gettext_noop("arrived"),
                 clean=True)
    if visitor.refused is not None:
        _notify_refusal(visitor.campus, key=f"visitor-refused:{visitor.pk}", link=visitor.get_absolute_url(),
                        title=_("Refused at the gate: %(name)s is on the do-not-admit list") % {"name": visitor.name},
                        body=visitor.refused.reason)
    return visitor


@transaction.atomic
def pre_register(campus, data: dict, user) -> Visitor:
    """An expected visitor, registered ahead by a member of staff: the gate sees it on that day."""
    values = {k: v for k, v in data.items() if k in VISITOR_FIELDS}
    values["id_number"] = validate_resident_id(values.get("id_number", ""))
    expected_on = data.get("expected_on")
    if expected_on is None or expected_on < timezone.localdate():
        raise SafetyError(_("Choose today or a later day."), field="expected_on")
    values.setdefault("host", user)
    return save_tracked(Visitor(campus=campus, expected_on=expected_on, created_by=user, **values), user,
                        gettext_noop("pre-registered"), clean=True)


@transaction.atomic
def admit_expected(visitor: Visitor, user, *, badge: str = "", now: dt.datetime | None = None) -> Visitor:
    """One tap at the gate: the pre-registered visitor has arrived."""
    visitor = Visitor.objects.select_for_update().get(pk=visitor.pk)
    if visitor.arrived_at is not None:
        raise SafetyError(_("This visitor has already arrived."))
    if badge:
        visitor.badge = badge
    return _admit(visitor, user, now or timezone.now())


@transaction.atomic
def sign_out(visitor: Visitor, user, *, now: dt.datetime | None = None) -> Visitor:
    visitor = Visitor.objects.select_for_update().get(pk=visitor.pk)
    if not visitor.on_site:
        raise SafetyError(_("This visitor is not on site."))
    visitor.left_at = now or timezone.now()
    return save_tracked(visitor, user, gettext_noop("left"))


@transaction.atomic
def confirm_visit(visitor: Visitor, user, *, now: dt.datetime | None = None) -> Visitor:
    """The staff member visited confirms it was them the visitor came to see."""
    if visitor.host_id != user.pk:
        raise SafetyError(_("Only the person visited can confirm the visit."))
    if visitor.arrived_at is None or visitor.refused_id:
        raise SafetyError(_("The visitor has not arrived."))
    if visitor.host_confirmed_at is None:
        visitor.host_confirmed_at = now or timezone.now()
        save_tracked(visitor, user, gettext_noop("confirmed by the host"))
    return visitor


def visitors_on_site(campus):
    return Visitor.objects.filter(campus=campus, arrived_at__isnull=False, left_at__isnull=True, refused__isnull=True)


def expected_today(campus, day: dt.date):
    return Visitor.objects.filter(campus=campus, expected_on=day, arrived_at__isnull=True)


def purge_visitors(now: dt.datetime | None = None) -> int:
    """Erase the personal data of visits older than each campus's retention period (name, ID number,
    phone, plate, badge); the row, its times, organisation, reason and number of people stay, so the
    counts stay. Idempotent: erased rows are not touched again."""
    now = now or timezone.now()
    erased = 0
    for row in _campus_settings():
        limit = now - dt.timedelta(days=row.visitor_retention_days)
        old = Visitor.objects.filter(campus=row.campus, purged_at__isnull=True).filter(
            Q(arrived_at__lt=limit) | Q(arrived_at__isnull=True, created_at__lt=limit))
        erased += old.update(name="", id_number="", phone="", plate="", badge="", purged_at=now)
    return erased


def _campus_settings() -> list[SafetySettings]:
    """Every active campus's settings row (made with its defaults the first time)."""
    return [SafetySettings.for_campus(campus) for campus in Campus.objects.filter(is_active=True)]


def _past_closing(campus_settings: SafetySettings, now: dt.datetime) -> bool:
    return timezone.localtime(now).time() >= campus_settings.closing_time


def alert_visitors_on_site(now: dt.datetime | None = None) -> int:
    """After each campus's closing time, one alert per campus and day listing the visitors still on
    site, to the gatekeeper and the director (the same key: a second run updates it, never doubles)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    notices = []
    for row in _campus_settings():
        if not _past_closing(row, now):
            continue
        names = list(visitors_on_site(row.campus).values_list("name", flat=True))
        if not names:
            continue
        notices.append(Notice(
            kind=NoticeKind.VISITORS_ON_SITE.value, campus_id=row.campus_id, key=f"visitors-on-site:{day.isoformat()}",
            title=_("%(n)d visitors still on site at closing time") % {"n": len(names)},
            body="、".join(names), link=reverse("safety:visitor_list") + "?on_site=1",
            roles=(Role.GATEKEEPER.value, Role.DIRECTOR.value)))
    notify_many(notices)
    return len(notices)


# --- the do-not-admit list -----------------------------------------------------------------------


@transaction.atomic
def save_restricted(entry: RestrictedPerson, data: dict, children, user, reason="") -> RestrictedPerson:
    """Add or change an entry of the do-not-admit list (the director)."""
    data = dict(data)
    data["id_number"] = validate_resident_id(data.get("id_number", ""))
    if entry.pk is None:
        entry.created_by = user
    entry = update_tracked(entry, data, user, reason or gettext_noop("saved"))
    if children is not None:
        if any(child.campus_id != entry.campus_id for child in children):
            raise SafetyError(_("A child of another campus."), field="children")
        entry.children.set(children)
    return entry


# --- pickers -------------------------------------------------------------------------------------


@transaction.atomic
def save_picker(picker: Picker, data: dict, user) -> Picker:
    """Add or change a picker of a child (a guardian in the parent portal). A temporary picker (with
    dates) waits for the class teacher's confirmation; a changed one waits again."""
    new = picker.pk is None
    if new:
        picker.added_by = user
    temporary = data.get("valid_from") or data.get("valid_until")
    if temporary and not (data.get("valid_from") and data.get("valid_until")):
        raise SafetyError(_("A temporary picker needs both a first and a last day."), field="valid_until")
    if temporary and data["valid_until"] < timezone.localdate():
        raise SafetyError(_("The last day has passed."), field="valid_until")
    picker.confirmed_by, picker.confirmed_at = None, None
    picker = update_tracked(picker, data, user, gettext_noop("added") if new else gettext_noop("changed"))
    return picker


@transaction.atomic
def remove_picker(picker: Picker, user) -> Picker:
    picker.is_active = False
    return save_tracked(picker, user, gettext_noop("removed"))


@transaction.atomic
def confirm_picker(picker: Picker, user, *, now: dt.datetime | None = None) -> Picker:
    """The class teacher confirms a temporary picker added by a guardian."""
    if not picker.temporary:
        raise SafetyError(_("Only a temporary picker needs confirming."))
    if not picker.is_active:
        raise SafetyError(_("This picker was removed."))
    picker.confirmed_by, picker.confirmed_at = user, now or timezone.now()
    return save_tracked(picker, user, gettext_noop("confirmed"))


@dataclass
class PickerOption:
    """Someone who may take a child home today: a picker row, or a guardian the roster marks "may pick up"."""

    kind: str  # "picker" or "guardian"
    pk: int
    name: str
    relation: str
    photo_url: str = ""
    temporary: bool = False

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.pk}"


def authorised_pickers(child_ids, day: dt.date) -> dict[int, list[PickerOption]]:
    """{child id: the people who may take the child on ``day``}, two queries whatever the number."""
    result: dict[int, list[PickerOption]] = {cid: [] for cid in child_ids}
    for g in Guardianship.objects.filter(child_id__in=list(child_ids), may_pick_up=True).select_related("guardian"):
        result[g.child_id].append(PickerOption("guardian", g.guardian_id, g.guardian.name, g.get_relation_display()))
    pickers = Picker.objects.filter(child_id__in=list(child_ids), is_active=True).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day, valid_until__gte=day, confirmed_at__isnull=False))
    for p in pickers:
        result[p.child_id].append(PickerOption("picker", p.pk, p.name, p.relation,
                                               reverse("safety:picker_photo", args=[p.pk]) if p.photo else "",
                                               p.temporary))
    return result


# --- dismissal handover --------------------------------------------------------------------------


def class_teacher_ids(classroom_ids) -> dict[int, set[int]]:
    """{class id: user ids of its head teacher and staff} (one query)."""
    from campus.models import Classroom

    result: dict[int, set[int]] = {}
    for pk, head, member in Classroom.objects.filter(pk__in=list(classroom_ids)).values_list(
            "pk", "head_teacher__user_id", "staff__user_id"):
        result.setdefault(pk, set()).update(u for u in (head, member) if u)
    return result


def _check_present(child: Child, day: dt.date) -> None:
    record = attendance.day_records([child.pk], day).get(child.pk)
    if record is None or record.status != AttendanceStatus.PRESENT:
        raise SafetyError(_("%(child)s is not recorded present today.") % {"child": child.name})


@transaction.atomic
def hand_over(child: Child, day: dt.date, user, *, choice: str, now: dt.datetime | None = None) -> Handover:
    """Give ``child`` to the authorised person ``choice`` (``"picker:<pk>"`` or ``"guardian:<pk>"``).
    A constant number of queries. Someone not on the child's list today is refused with an error
    (record it with ``refuse_pickup``); someone on the do-not-admit list is refused and recorded."""
    now = now or timezone.now()
    _check_present(child, day)
    option = next((o for o in authorised_pickers([child.pk], day)[child.pk] if o.value == choice), None)
    if option is None:
        raise SafetyError(_("This person may not take %(child)s today.") % {"child": child.name}, field="choice")
    restricted = find_restricted(child.campus, name=option.name, day=day, child=child)
    if restricted is not None:
        return _refuse(child, day, user, person_name=option.name, restricted=restricted, now=now)
    handover = Handover(campus_id=child.campus_id, classroom_id=child.classroom_id, child=child, date=day,
                        outcome=HandoverOutcome.HANDED, at=now, released_by=user,
                        **({"picker_id": option.pk} if option.kind == "picker" else {"guardian_id": option.pk}))
    return _save_once(handover, user)


def _save_once(handover: Handover, user) -> Handover:
    try:
        with transaction.atomic():
            save_tracked(handover, user, gettext_noop("recorded"))
    except IntegrityError:
        raise SafetyError(_("%(child)s has already been handed over today.") % {"child": handover.child.name}) from None
    return handover


def _refuse(child, day, user, *, person_name, restricted, now, note="") -> Handover:
    handover = save_tracked(Handover(
        campus_id=child.campus_id, classroom_id=child.classroom_id, child=child, date=day, outcome=HandoverOutcome.REFUSED,
        person_name=person_name, restricted=restricted, at=now, released_by=user, note=note), user, gettext_noop("refused"))
    teachers = class_teacher_ids([child.classroom_id]).get(child.classroom_id, set())
    why = restricted.reason if restricted else _("Not on the child's list of authorised pickers.")
    _notify_refusal(child.campus, key=f"pickup-refused:{handover.pk}", people=sorted(teachers),
                    link=handover.get_absolute_url(),
                    title=_("%(child)s was not given to %(person)s") % {"child": child.name, "person": person_name},
                    body=why)
    return handover


@transaction.atomic
def refuse_pickup(child: Child, day: dt.date, user, *, person_name: str, note: str = "",
                  now: dt.datetime | None = None) -> Handover:
    """An adult not on the child's list (or on the do-not-admit list) came for the child: recorded as
    a refusal, and the class teacher, the gate and the director notified."""
    person_name = (person_name or "").strip()
    if not person_name:
        raise SafetyError(_("Write the adult's name (ask for it)."), field="person_name")
    _check_present(child, day)
    restricted = find_restricted(child.campus, name=person_name, day=day, child=child)
    return _refuse(child, day, user, person_name=person_name, restricted=restricted, now=now or timezone.now(), note=note)


@transaction.atomic
def resolve_not_picked_up(child: Child, day: dt.date, user, *, note: str, now: dt.datetime | None = None) -> Handover:
    """What happened to a child nobody came for (stayed with the teacher, taken home by ...): ends the alert."""
    if not (note or "").strip():
        raise SafetyError(_("Write what happened."), field="note")
    _check_present(child, day)
    handover = Handover(campus_id=child.campus_id, classroom_id=child.classroom_id, child=child, date=day,
                        outcome=HandoverOutcome.RESOLVED, at=now or timezone.now(), released_by=user, note=note.strip())
    return _save_once(handover, user)


def present_in_class(classroom, day: dt.date) -> set[int]:
    return attendance.present_children(classroom.campus, day, classroom)


def not_picked_up(campus: Campus, day: dt.date):
    """The children present on ``day`` with no handover (nor a note) yet: one query."""
    present = attendance.present_children_ids(campus, day)
    done = Handover.objects.filter(campus=campus, date=day).exclude(outcome=HandoverOutcome.REFUSED).values("child_id")
    return (Child.objects.filter(pk__in=present).exclude(pk__in=done).select_related("classroom")
            .only("pk", "name", "campus_id", "classroom_id", "classroom__name").order_by("classroom__name", "name"))


def alert_not_picked_up(now: dt.datetime | None = None) -> int:
    """After each campus's closing time, per class an alert naming the children not handed over, to the
    class's teachers, the gate and the director. Each run updates the same alert (the time in its
    title shows it unread again) until every child is handed over or has a note; then it is marked read."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    notices, settled = [], {}
    for row in _campus_settings():
        if not _past_closing(row, now):
            continue
        waiting: dict[int, list] = {}
        for child in not_picked_up(row.campus, day):
            waiting.setdefault(child.classroom_id, []).append(child)
        teachers = class_teacher_ids(waiting)
        for class_id, children in waiting.items():
            notices.append(Notice(
                kind=NoticeKind.NOT_PICKED_UP.value, campus_id=row.campus_id, key=f"not-picked-up:{day.isoformat()}:{class_id}",
                title=_("%(time)s: %(n)d children of %(class)s not picked up") % {
                    "time": timezone.localtime(now).strftime("%H:%M"), "n": len(children), "class": children[0].classroom.name},
                body="、".join(c.name for c in children), link=reverse("safety:dismissal", args=[class_id]),
                roles=(Role.GATEKEEPER.value, Role.DIRECTOR.value), people=tuple(sorted(teachers.get(class_id, ())))))
        settled[row.campus_id] = [f"not-picked-up:{day.isoformat()}:{pk}"
                                  for pk in row.campus.classrooms.exclude(pk__in=list(waiting)).values_list("pk", flat=True)]
    notify_many(notices)
    for campus_id, keys in settled.items():
        if keys:
            mark_read(campus_id, keys, kinds=[NoticeKind.NOT_PICKED_UP.value])
    return len(notices)
