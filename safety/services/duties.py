"""Every write of the safety duties (drills, hazards, letters, rules and plans, training, safety
lessons, duty roster), and the reads other pages and apps call (``training_hours``)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.choices import NoticeKind
from campus.history import save_tracked, update_tracked
from campus.models import StaffMember, Term
from campus.notifications import notify
from campus.roles import Role
from campus.scoping import staff_of

from ..errors import SafetyError
from ..models import (
    DocumentRead,
    Drill,
    DrillPhoto,
    DrillProblem,
    DutyShift,
    Hazard,
    HazardLevel,
    HazardOrigin,
    HazardStatus,
    LetterSignature,
    SafetyDocument,
    SafetyLesson,
    SafetyLetter,
    SafetySettings,
    TrainingAttendance,
    TrainingSession,
)

# --- shared ----------------------------------------------------------------------------------------


def term_on(campus, day) -> Term | None:
    return Term.objects.filter(campus=campus, starts_on__lte=day, ends_on__gte=day).first()


def campus_staff(campus, role=None):
    """The active staff members working at ``campus`` (holding ``role``, if given)."""
    qs = StaffMember.objects.filter(campuses=campus, is_active=True)
    if role:
        qs = qs.filter(user__groups__name=role)
    return qs.distinct().order_by("name", "pk")


def _own_staff(user) -> StaffMember:
    staff = staff_of(user)
    if staff is None:
        raise SafetyError(_("Only a staff member can do this."))
    return staff


def _check_date(day, field):
    if day is None or not (2000 <= day.year <= 2100):
        raise SafetyError(_("Enter a date between the years 2000 and 2100."), field=field)


# --- drills ----------------------------------------------------------------------------------------


def record_drill(campus, *, user, kind, held_on, participants, classrooms=(), evacuation_seconds=None, summary="",
                 problems=(), photos=(), run=None) -> Drill:
    """A drill with its classes, its problems (one line each) and photos; completes the checklist run
    (the standard plan's drill duty) that opened it, if any."""
    _check_date(held_on, "held_on")
    if held_on > timezone.localdate():
        raise SafetyError(_("A drill is recorded once it has been held."), field="held_on")
    foreign = [c for c in classrooms if c.campus_id != campus.pk]
    if foreign:
        raise SafetyError(_("Choose classes of this campus."), field="classrooms")
    with transaction.atomic():
        drill = save_tracked(Drill(campus=campus, kind=kind, held_on=held_on, participants=participants,
                                   evacuation_seconds=evacuation_seconds, summary=summary, recorded_by=user),
                             user, gettext_noop("recorded"), clean=True)
        drill.classrooms.set(classrooms)
        for text in problems:
            if text.strip():
                DrillProblem.objects.create(drill=drill, text=text.strip()[:200])
        for upload in photos:
            DrillPhoto.objects.create(drill=drill, image=upload)
        if run is not None:
            _complete_run(run, drill, user, anomalies=drill.problems.count())
    return drill


def _complete_run(run, record, user, anomalies=0):
    from checklists import services as checklist_services

    checklist_services.complete_run_with_record(run, record, user=user, anomalies=anomalies, note="")


def add_drill_photos(drill, photos, user) -> int:
    with transaction.atomic():
        for upload in photos:
            DrillPhoto.objects.create(drill=drill, image=upload)
        save_tracked(drill, user, gettext_noop("photos added"))
    return len(photos)


def hazard_from_problem(problem, *, user, kind, level, place) -> Hazard:
    """One tap: the problem a drill found becomes a hazard to rectify (once)."""
    with transaction.atomic():
        problem = DrillProblem.objects.select_for_update().select_related("drill__campus").get(pk=problem.pk)
        if problem.hazard_id:
            raise SafetyError(_("This problem is already a hazard."))
        hazard = report_hazard(problem.drill.campus, user=user, kind=kind, level=level, place=place,
                               description=_("Found in the drill of %(date)s: %(problem)s") % {
                                   "date": problem.drill.held_on.isoformat(), "problem": problem.text},
                               origin=HazardOrigin.DRILL)
        problem.hazard = hazard
        problem.save(update_fields=["hazard"])
    return hazard


@dataclass
class QuarterDrills:
    first: dt.date
    last: dt.date
    label: str
    done: int
    required: int
    days_left: int
    warn_days: int

    @property
    def missing(self) -> int:
        return max(self.required - self.done, 0)

    @property
    def due_soon(self) -> bool:
        return self.missing > 0 and self.days_left <= self.warn_days


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    first = dt.date(day.year, first_month, 1)
    last = (dt.date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1) - dt.timedelta(days=1))
    return first, last


def quarter_drills(campus, day) -> QuarterDrills:
    rules = SafetySettings.for_campus(campus)
    first, last = quarter_of(day)
    done = Drill.objects.filter(campus=campus, held_on__range=(first, min(day, last))).count()
    return QuarterDrills(first=first, last=last, label=_("Q%(q)d %(year)d") % {"q": (first.month - 1) // 3 + 1, "year": first.year},
                         done=done, required=rules.drills_per_quarter, days_left=(last - day).days,
                         warn_days=rules.drill_warning_days)


def send_drill_due(day=None) -> int:
    """In the quarter's last weeks, tell the logistics head and the director of each campus that has
    not held its drills (one alert per campus and quarter)."""
    from campus.models import Campus

    day = day or timezone.localdate()
    sent = 0
    for campus in Campus.objects.filter(is_active=True):
        status = quarter_drills(campus, day)
        if not status.due_soon:
            continue
        from django.urls import reverse

        notify(NoticeKind.DRILL_DUE, campus, roles=[Role.LOGISTICS, Role.DIRECTOR],
               title=_("Drill due: %(quarter)s") % {"quarter": status.label},
               body=_("%(done)d of %(required)d drills held this quarter; it ends on %(last)s.") % {
                   "done": status.done, "required": status.required, "last": status.last.isoformat()},
               link=reverse("safety:drill_list"), key=f"drill-due-{status.first.isoformat()}")
        sent += 1
    return sent


# --- hazards ---------------------------------------------------------------------------------------


def owner_for(campus, kind):
    """(person or None, post) who rectifies a hazard of ``kind`` at ``campus``, from the campus's
    settings: the person named for the kind while their login is open; else the post's one holder at
    the campus (its logistics head for facilities, its health teacher for hygiene); else None, and
    every holder of the post (several cooks) may rectify it."""
    rules = SafetySettings.for_campus(campus)
    post = getattr(rules, f"hazard_post_{kind}")
    person = getattr(rules, f"hazard_owner_{kind}")
    if person is None or not person.is_active:
        holders = list(get_user_model().objects.filter(
            is_active=True, staff__is_active=True, staff__campuses=campus, groups__name=post,
        ).distinct().order_by("pk")[:2])
        person = holders[0] if len(holders) == 1 else None
    return person, post


def deadline_days(campus, level) -> int:
    return getattr(SafetySettings.for_campus(campus), f"hazard_days_{level}")


def report_hazard(campus, *, user, kind, level, place, description, photo=None, origin=HazardOrigin.REPORT) -> Hazard:
    """Anyone on staff reports a hazard; its kind names the post that owns it, its level the deadline."""
    if place is None or place.campus_id != campus.pk:
        raise SafetyError(_("Choose a place of this campus."), field="place")
    now = timezone.now()
    owner, owner_role = owner_for(campus, kind)
    hazard = Hazard(campus=campus, kind=kind, level=level, place=place, description=description, origin=origin,
                    reported_by=user, reported_at=now, owner=owner, owner_role=owner_role,
                    due_on=timezone.localdate(now) + dt.timedelta(days=deadline_days(campus, level)))
    if photo:
        hazard.photo = photo
    with transaction.atomic():
        save_tracked(hazard, user, gettext_noop("reported"), clean=True)
        _tell_owner(hazard)
    return hazard


def _owners(hazard) -> dict:
    return {"people": [hazard.owner_id]} if hazard.owner_id else {"roles": [hazard.owner_role]}


def _tell_owner(hazard):
    notify(NoticeKind.HAZARD, hazard.campus, **_owners(hazard),
           title=_("Hazard to rectify by %(date)s: %(place)s") % {"date": hazard.due_on.isoformat(), "place": hazard.place},
           body=hazard.description[:300], link=hazard.get_absolute_url(), key=f"hazard-{hazard.pk}")


def may_rectify(user, hazard) -> bool:
    """The person the settings name (else a holder of the post), or the logistics head who manages safety."""
    from campus.roles import roles_of

    if hazard.owner_id:
        mine = hazard.owner_id == user.pk
    else:
        mine = hazard.owner_role in roles_of(user)
    return mine or user.has_perm("safety.change_hazard")


def owned_by(user, hazards) -> list:
    """The hazards among ``hazards`` that ``user`` is named or posted to rectify (not the manager's)."""
    from campus.roles import roles_of

    roles = roles_of(user)
    return [h for h in hazards if h.owner_id == user.pk or (not h.owner_id and h.owner_role in roles)]


def rectify_hazard(hazard, *, user, rectification, after_photo) -> Hazard:
    """The owner records what was done, with a photo after."""
    with transaction.atomic():
        hazard = Hazard.objects.select_for_update().get(pk=hazard.pk)
        if hazard.status != HazardStatus.OPEN:
            raise SafetyError(_("This hazard is not waiting for rectification."))
        if not may_rectify(user, hazard):
            raise SafetyError(_("Only the responsible post or the logistics head records the rectification."))
        if not after_photo:
            raise SafetyError(_("Add a photo of the place after rectification."), field="after_photo")
        hazard.after_photo = after_photo
        update_tracked(hazard, {"rectification": rectification, "status": HazardStatus.RECTIFIED, "rectified_by": user,
                                "rectified_at": timezone.now()}, user, gettext_noop("rectified"))
        notify(NoticeKind.HAZARD, hazard.campus, roles=[Role.LOGISTICS, Role.DIRECTOR],
               title=_("Hazard rectified, to verify: %(place)s") % {"place": hazard.place},
               body=rectification[:300], link=hazard.get_absolute_url(), key=f"hazard-{hazard.pk}-verify")
    return hazard


def verify_hazard(hazard, *, user, accepted: bool, note="") -> Hazard:
    """Another person checks the rectification: accepted closes it, refused sends it back to the owner."""
    with transaction.atomic():
        hazard = Hazard.objects.select_for_update().get(pk=hazard.pk)
        if hazard.status != HazardStatus.RECTIFIED:
            raise SafetyError(_("This hazard is not waiting for verification."))
        if hazard.rectified_by_id == user.pk:
            raise SafetyError(_("Someone other than the person who rectified it must verify it."))
        if accepted:
            data = {"status": HazardStatus.VERIFIED, "verified_by": user, "verified_at": timezone.now(), "verify_note": note}
            reason = gettext_noop("verified")
        else:
            if not note.strip():
                raise SafetyError(_("Say what is still wrong."), field="note")
            data = {"status": HazardStatus.OPEN, "verify_note": note, "rectified_by": None, "rectified_at": None}
            reason = gettext_noop("sent back")
        update_tracked(hazard, data, user, reason)
    return hazard


def overdue_hazards(campus, day):
    return Hazard.objects.filter(campus=campus, status=HazardStatus.OPEN, due_on__lt=day)


def open_hazards_by_level(campus, day) -> dict:
    """{level: (open, overdue)} for the hazards not yet verified."""
    rows = (Hazard.objects.filter(campus=campus).exclude(status=HazardStatus.VERIFIED).values("level")
            .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(status=HazardStatus.OPEN, due_on__lt=day))))
    return {row["level"]: (row["open"], row["overdue"]) for row in rows}


def send_hazard_overdue(day=None) -> int:
    """Each overdue hazard alerts its post, the logistics head and the director (once per hazard)."""
    day = day or timezone.localdate()
    sent = 0
    for hazard in Hazard.objects.filter(status=HazardStatus.OPEN, due_on__lt=day).select_related("campus", "place"):
        owners = _owners(hazard)
        notify(NoticeKind.HAZARD, hazard.campus, people=owners.get("people", ()),
               roles=[*owners.get("roles", ()), Role.LOGISTICS, Role.DIRECTOR],
               title=_("Hazard overdue since %(date)s: %(place)s") % {"date": hazard.due_on.isoformat(), "place": hazard.place},
               body=hazard.description[:300], link=hazard.get_absolute_url(), key=f"hazard-{hazard.pk}-overdue")
        sent += 1
    return sent


def hazard_from_checklist(*, run, result, user, title, description, place="", **extra) -> Hazard:
    """The checklists hook: a failed answer of kind "hazard" becomes a hazard here, inside the run's
    transaction. The run's place is a text: the campus's place of that name (made if new), else 全园."""
    from campus.models import Place

    campus = run.campus
    name = (place or "").strip()[:50] or "全园"
    found = Place.objects.filter(campus=campus, name=name).first()
    if found is None:
        found = Place.objects.create(campus=campus, name=name)
    return report_hazard(campus, user=user, kind=_kind_for(run), level=HazardLevel.GENERAL, place=found,
                         description=f"{title}\n{description}".strip(), origin=HazardOrigin.CHECKLIST)


def _kind_for(run) -> str:
    department = getattr(getattr(run, "template", None), "department", "") or ""
    return {"kitchen": "food", "health": "health"}.get(department, "facilities")


# --- safety responsibility letters -----------------------------------------------------------------


def save_letter(letter, data, user, reason="") -> SafetyLetter:
    if letter.issued_at and letter.signatures.exists():
        raise SafetyError(_("Staff have signed this letter: it can no longer be changed."))
    try:
        with transaction.atomic():
            return update_tracked(letter, data, user, reason or gettext_noop("saved"))
    except IntegrityError:
        raise SafetyError(_("This post already has a letter this term."), field="role") from None


def issue_letter(letter, user) -> SafetyLetter:
    """The director signs the letter off: from now on the staff of the post see it and sign it."""
    with transaction.atomic():
        letter = SafetyLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.issued_at:
            raise SafetyError(_("This letter is already issued."))
        update_tracked(letter, {"issued_by": user, "issued_at": timezone.now()}, user, gettext_noop("issued"))
        people = [s.user_id for s in campus_staff(letter.campus, letter.role)]
        if people:
            notify(NoticeKind.SAFETY_LETTER, letter.campus, people=people,
                   title=_("Sign your safety responsibility letter: %(title)s") % {"title": letter.title},
                   link=letter.get_absolute_url(), key=f"letter-{letter.pk}")
    return letter


def sign_letter(letter, *, user, signed_name, drawing_png: bytes | None = None) -> LetterSignature:
    staff = _own_staff(user)
    if not letter.issued_at:
        raise SafetyError(_("This letter has not been issued yet."))
    if not campus_staff(letter.campus, letter.role).filter(pk=staff.pk).exists():
        raise SafetyError(_("This letter is for another post."))
    if signed_name.strip() != staff.name:
        raise SafetyError(_("Write your name as it is on the staff list: %(name)s") % {"name": staff.name}, field="signed_name")
    signature = LetterSignature(letter=letter, staff=staff, signed_name=staff.name, signed_at=timezone.now())
    if drawing_png:
        signature.drawing.save(f"letter{letter.pk}-staff{staff.pk}.png", ContentFile(drawing_png), save=False)
        from campus.uploads import IMAGE, UploadValidator

        try:
            UploadValidator((IMAGE,))(signature.drawing)
        except Exception as exc:
            raise SafetyError(_("The drawn signature is not a picture."), field="drawing") from exc
    try:
        with transaction.atomic():
            return save_tracked(signature, user, gettext_noop("signed"))
    except IntegrityError:
        raise SafetyError(_("You have already signed this letter.")) from None


def letter_status(campus, term):
    """[(letter, [(staff, signature or None), ...]), ...] for the term: who has signed and who has not."""
    letters = list(SafetyLetter.objects.filter(campus=campus, term=term).prefetch_related("signatures"))
    if not letters:
        return []
    holders: dict[str, list] = {}
    for staff in campus_staff(campus).prefetch_related("user__groups"):
        for group in staff.user.groups.all():
            holders.setdefault(group.name, []).append(staff)
    result = []
    for letter in letters:
        signed = {s.staff_id: s for s in letter.signatures.all()}
        result.append((letter, [(staff, signed.get(staff.pk)) for staff in holders.get(letter.role, [])]))
    return result


def letters_to_sign(user, campus, day):
    """The issued letters of the current term for the user's posts that they have not signed."""
    staff = staff_of(user)
    term = term_on(campus, day)
    if staff is None or term is None:
        return []
    return list(SafetyLetter.objects.filter(campus=campus, term=term, issued_at__isnull=False,
                                            role__in=list(user.groups.values_list("name", flat=True)))
                .exclude(signatures__staff=staff))


def unsigned_count(campus, day) -> tuple[int, int]:
    """(unsigned, expected) letter signatures of the current term's issued letters."""
    term = term_on(campus, day)
    if term is None:
        return 0, 0
    expected = signed = 0
    for letter, rows in letter_status(campus, term):
        if letter.issued_at:
            expected += len(rows)
            signed += sum(1 for _staff, signature in rows if signature)
    return expected - signed, expected


# --- rules and emergency plans ---------------------------------------------------------------------


def save_document(document, data, user, reason="") -> SafetyDocument:
    body, upload = data.get("body", document.body), data.get("file")
    if not (body or "").strip() and not upload and not document.file:
        raise SafetyError(_("Write the text or attach the PDF."), field="body")
    with transaction.atomic():
        return update_tracked(document, data, user, reason or gettext_noop("saved"))


def confirm_read(document, user) -> DocumentRead:
    staff = _own_staff(user)
    if not document.is_active:
        raise SafetyError(_("This document is no longer in force."))
    if not campus_staff(document.campus).filter(pk=staff.pk).exists():
        raise SafetyError(_("This document is for the staff of another campus."))
    read, created = DocumentRead.objects.get_or_create(document=document, staff=staff, defaults={"read_at": timezone.now()})
    return read


def readers(document):
    """[(staff, read or None)] for every staff member of the campus."""
    reads = {r.staff_id: r for r in document.reads.all()}
    return [(staff, reads.get(staff.pk)) for staff in campus_staff(document.campus)]


def documents_to_read(user, campus):
    staff = staff_of(user)
    if staff is None:
        return []
    return list(SafetyDocument.objects.filter(campus=campus, is_active=True).exclude(reads__staff=staff))


# --- training and safety lessons -------------------------------------------------------------------


def save_training(session, data, user, reason="", *, run=None) -> TrainingSession:
    """A training session; a new one may complete the checklist run (the plan's training duty) that opened it."""
    if data.get("held_on"):
        _check_date(data["held_on"], "held_on")
    with transaction.atomic():
        session = update_tracked(session, data, user, reason or gettext_noop("saved"))
        if run is not None:
            _complete_run(run, session, user)
    return session


def sign_in(session, staff, *, user, hours=None) -> TrainingAttendance:
    """Sign ``staff`` in to the session (themselves on their phone, or the organiser for them)."""
    if not campus_staff(session.campus).filter(pk=staff.pk).exists():
        raise SafetyError(_("Only staff of this campus sign in."))
    if session.held_on > timezone.localdate():
        raise SafetyError(_("Sign-in opens on the day of the training."))
    hours = session.hours if hours is None else Decimal(hours)
    if not (0 < hours <= session.hours):
        raise SafetyError(_("Hours between 0 and the session's %(hours)s.") % {"hours": session.hours}, field="hours")
    try:
        with transaction.atomic():
            return save_tracked(TrainingAttendance(session=session, staff=staff, signed_at=timezone.now(), hours=hours),
                                user, gettext_noop("signed in"))
    except IntegrityError:
        raise SafetyError(_("%(name)s has already signed in.") % {"name": staff.name}) from None


def record_attendance(session, people, *, user) -> int:
    """The organiser signs in everyone ticked who has not signed in yet."""
    with transaction.atomic():
        done = set(session.attendances.values_list("staff_id", flat=True))
        added = [sign_in(session, staff, user=user) for staff in people if staff.pk not in done]
    return len(added)


def training_hours(campus, term) -> list[tuple[StaffMember, Decimal]]:
    """Safety training hours per staff member of the campus in the term (0 for those with none)."""
    totals = dict(TrainingAttendance.objects.filter(session__campus=campus, session__held_on__range=(term.starts_on, term.ends_on))
                  .values("staff").annotate(h=Sum("hours")).values_list("staff", "h"))
    return [(staff, totals.get(staff.pk, Decimal("0.0"))) for staff in campus_staff(campus)]


def record_lesson(campus, *, user, classroom, held_on, topic, minutes, note="") -> SafetyLesson:
    _check_date(held_on, "held_on")
    if classroom.campus_id != campus.pk:
        raise SafetyError(_("Choose a class of this campus."), field="classroom")
    with transaction.atomic():
        return save_tracked(SafetyLesson(campus=campus, classroom=classroom, held_on=held_on, topic=topic, minutes=minutes,
                                         note=note, teacher=user), user, gettext_noop("recorded"), clean=True)


# --- duty roster -----------------------------------------------------------------------------------


def save_shift(shift, *, user, kind, date, people, reason="") -> DutyShift:
    _check_date(date, "date")
    if not people:
        raise SafetyError(_("Name at least one person on duty."), field="people")
    if any(not p.campuses.filter(pk=shift.campus_id).exists() for p in people):
        raise SafetyError(_("Choose staff of this campus."), field="people")
    if DutyShift.objects.filter(campus_id=shift.campus_id, date=date, kind=kind).exclude(pk=shift.pk).exists():
        raise SafetyError(_("This duty already has a roster entry that day."), field="date")
    try:
        with transaction.atomic():
            update_tracked(shift, {"kind": kind, "date": date}, user, reason or gettext_noop("saved"))
            shift.people.set(people)
    except IntegrityError:
        raise SafetyError(_("This duty already has a roster entry that day."), field="date") from None
    return shift


def record_handover(shift, *, user, text) -> DutyShift:
    """The person on duty (or the logistics head) writes what the next shift must know."""
    staff = staff_of(user)
    if not (staff and shift.people.filter(pk=staff.pk).exists()) and not user.has_perm("safety.change_dutyshift"):
        raise SafetyError(_("Only a person on this duty writes its handover."))
    if not text.strip():
        raise SafetyError(_("Write the handover notes."), field="handover")
    return update_tracked(shift, {"handover": text.strip(), "handed_over_by": user, "handed_over_at": timezone.now()},
                          user, gettext_noop("handed over"))


__all__ = [
    "QuarterDrills",
    "add_drill_photos",
    "campus_staff",
    "confirm_read",
    "deadline_days",
    "documents_to_read",
    "hazard_from_checklist",
    "hazard_from_problem",
    "issue_letter",
    "letter_status",
    "letters_to_sign",
    "may_rectify",
    "open_hazards_by_level",
    "overdue_hazards",
    "owned_by",
    "owner_for",
    "quarter_drills",
    "quarter_of",
    "readers",
    "record_attendance",
    "record_drill",
    "record_handover",
    "record_lesson",
    "rectify_hazard",
    "report_hazard",
    "save_document",
    "save_letter",
    "save_shift",
    "save_training",
    "send_drill_due",
    "send_hazard_overdue",
    "sign_in",
    "sign_letter",
    "term_on",
    "training_hours",
    "unsigned_count",
    "verify_hazard",
]
