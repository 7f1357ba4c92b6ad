"""Medication entrusted by parents: requests, doses given and checked, what is due today."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus import notifications
from campus.models import AlertSettings, Campus, Child
from campus.people import display_name

from ..choices import (
    DoseTiming,
    RequestStatus,
)
from ..models import (
    MedicationDose,
    MedicationRequest,
)
from .common import HealthError, _save, settings_for

# --- medication --------------------------------------------------------------------------------


def parse_times(raw) -> list[str]:
    if isinstance(raw, str):
        raw = raw.replace("，", ",").replace("、", ",").replace(" ", ",").split(",")
    times = []
    for part in raw:
        part = str(part).strip().replace("：", ":")
        if not part:
            continue
        try:
            times.append(dt.time.fromisoformat(part if len(part) > 2 else f"{part}:00").strftime("%H:%M"))
        except ValueError:
            raise HealthError({"times": _("“%(value)s” is not a time of day (write e.g. 10:00, 14:30).") % {"value": part}}) from None
    if not times:
        raise HealthError({"times": _("Give at least one time of day.")})
    return sorted(set(times))


def _drug_key(drug: str) -> str:
    """A drug name compared without case and spaces: "Amoxicillin 颗粒" is "amoxicillin颗粒"."""
    return "".join(str(drug).split()).casefold()


def overlapping_requests(child: Child, drug: str, starts_on: dt.date, ends_on: dt.date) -> list[MedicationRequest]:
    """The child's active requests for the same drug (case and spaces ignored) sharing a day with
    ``starts_on``–``ends_on``."""
    candidates = MedicationRequest.objects.filter(child=child, status=RequestStatus.ACTIVE, starts_on__lte=ends_on,
                                                  ends_on__gte=starts_on).order_by("starts_on")
    return [req for req in candidates if _drug_key(req.drug) == _drug_key(drug)]


@transaction.atomic
def create_medication_request(child: Child, *, drug, dose, times, route, starts_on, ends_on, user, reason="", notes="",
                              guardian=None, form_photo=None, medicine_photo=None,
                              overlap_confirmed=False) -> MedicationRequest:
    """From a parent's own login (``guardian``) or entered by staff with a photo of the signed form.
    A request sharing days with an active one for the same drug is refused on ``overlap_confirmed``
    until the person confirms it is not the same medicine asked twice."""
    errors = {}
    if guardian is None and not form_photo:
        errors["form_photo"] = _("Attach a photo of the form the parent signed.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The last day must not be before the first day.")
    if (ends_on - starts_on).days > 30:
        errors["ends_on"] = _("A request covers at most 31 days; ask the parent for a new one after that.")
    if guardian is not None and starts_on < timezone.localdate():
        errors["starts_on"] = _("A request cannot start in the past.")
    if errors:
        raise HealthError(errors)
    overlaps = overlapping_requests(child, drug, starts_on, ends_on)
    if overlaps and not overlap_confirmed:
        raise HealthError({"overlap_confirmed": _(
            "%(drug)s is already asked for %(days)s. Tick the box to send this request as well, "
            "or cancel the earlier one first.") % {
            "drug": overlaps[0].drug,
            "days": "、".join(f"{r.starts_on:%m-%d}–{r.ends_on:%m-%d}" for r in overlaps)}})
    request = MedicationRequest(
        campus_id=child.campus_id, child=child, drug=drug, dose=dose, times=parse_times(times), route=route,
        starts_on=starts_on, ends_on=ends_on, reason=reason, notes=notes, requested_by=guardian, entered_by=user,
    )
    if form_photo:
        request.form_photo = form_photo
    if medicine_photo:
        request.medicine_photo = medicine_photo
    return _save(request, user, _("Requested by the parent") if guardian else _("Entered from the signed form"))


@transaction.atomic
def cancel_medication_request(request: MedicationRequest, user, reason: str) -> MedicationRequest:
    if not reason.strip():
        raise HealthError({"reason": _("Say why the request is cancelled.")})
    request.status = RequestStatus.CANCELLED
    return _save(request, user, reason)


def due_at(day: dt.date, time: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(time), tzinfo=timezone.get_current_timezone())


def dose_timing(due: dt.datetime, given_at: dt.datetime, window_minutes: int) -> tuple[str, int]:
    """(timing, whole minutes off) of a dose due at ``due`` given at ``given_at``: on time within
    ±``window_minutes`` (the edge included), else early or late."""
    # By the clock's minute, as the log shows it: given at 12:00 for 14:30 is 150 minutes early.
    minutes = int((given_at.replace(second=0, microsecond=0) - due).total_seconds() // 60)
    if abs(minutes) <= window_minutes:
        return DoseTiming.ON_TIME, 0
    return (DoseTiming.EARLY if minutes < 0 else DoseTiming.LATE), abs(minutes)


@transaction.atomic
def give_dose(request: MedicationRequest, *, day: dt.date, scheduled: str, amount: str, user, note="", at=None,
              reason="", confirmed=False) -> MedicationDose:
    """Record one dose given. Refuses a dose outside the request (day, time or amount) and a second
    dose for the same time (a database constraint, so two phones at once cannot both give it).
    A dose outside the campus's window (``dose_window_minutes`` before or after its time) needs a
    ``reason`` and ``confirmed``; it is recorded as early or late with the minutes and the reason."""
    request = MedicationRequest.objects.select_for_update().get(pk=request.pk)
    time = parse_times([scheduled])[0]
    if not request.covers(day):
        raise HealthError(_("This dose is outside the request: %(drug)s is asked for %(first)s to %(last)s only.")
                          % {"drug": request.drug, "first": request.starts_on, "last": request.ends_on})
    if time not in request.times:
        raise HealthError(_("This dose is outside the request: %(drug)s is asked for at %(times)s only.")
                          % {"drug": request.drug, "times": "、".join(request.times)})
    if amount.strip().replace(" ", "") != request.dose.strip().replace(" ", ""):
        raise HealthError({"amount": _("The request says %(dose)s; a different amount cannot be given.") % {"dose": request.dose}})
    if day > timezone.localdate():
        raise HealthError(_("A dose cannot be recorded for a future day."))
    previous = request.doses.filter(date=day, scheduled=time).select_related("given_by__staff").first()
    if previous is not None:
        raise HealthError(_("Already given: the %(time)s dose was given at %(at)s by %(who)s. It must not be given twice.")
                          % {"time": time, "at": timezone.localtime(previous.given_at).strftime("%H:%M"), "who": display_name(previous.given_by)})
    given_at = at or timezone.now()
    window = settings_for(request.campus).dose_window_minutes
    timing, minutes_off = dose_timing(due_at(day, time), given_at, window)
    reason = (reason or "").strip()
    if timing != DoseTiming.ON_TIME:
        params = {"time": time, "minutes": minutes_off, "window": window}
        if not reason:
            text = (_("The %(time)s dose would be given %(minutes)d minutes early (allowed: ±%(window)d minutes). "
                      "Say why it is given now.") if timing == DoseTiming.EARLY else
                    _("The %(time)s dose would be given %(minutes)d minutes late (allowed: ±%(window)d minutes). "
                      "Say why it is given now."))
            raise HealthError({"reason": text % params})
        if len(reason) > 200:
            raise HealthError({"reason": _("Keep the reason under 200 characters.")})
        if not confirmed:
            raise HealthError({"confirmed": _("Tick the box to confirm giving the dose outside its time.")})
    try:
        with transaction.atomic():
            dose = _save(MedicationDose(
                request=request, campus_id=request.campus_id, date=day, scheduled=dt.time.fromisoformat(time),
                amount=request.dose, given_at=given_at, given_by=user, note=note, timing=timing, minutes_off=minutes_off,
                timing_reason=reason if timing != DoseTiming.ON_TIME else "",
            ), user, reason if timing != DoseTiming.ON_TIME else "")
    except IntegrityError:
        raise HealthError(_("Already given: this dose was recorded a moment ago. It must not be given twice.")) from None
    notifications.dose_given(request.campus_id, request.pk, day, time)  # its reminder stops counting
    return dose


@transaction.atomic
def check_dose(dose: MedicationDose, user) -> MedicationDose:
    dose = MedicationDose.objects.select_for_update().get(pk=dose.pk)
    if dose.given_by_id == user.pk:  # the page does not offer it to the giver; this is for the stale page
        raise HealthError(_("The dose must be checked by a second person, not by the one who gave it."))
    if dose.checked_by_id:
        raise HealthError(_("This dose has already been checked."))
    dose.checked_by, dose.checked_at = user, timezone.now()
    return _save(dose, user, _("Second check"))


@dataclass
class DueDose:
    request: MedicationRequest
    time: str
    due_at: dt.datetime
    dose: MedicationDose | None
    overdue: bool
    timing: str = DoseTiming.ON_TIME  # if it were given now
    minutes_off: int = 0

    @property
    def timing_text(self) -> str:
        """How early or late giving it now would be ("提前 60 分钟"), or ""."""
        return DoseTiming.text(self.timing, self.minutes_off)

    @property
    def outside_window(self) -> bool:
        """Not given, and giving it now needs a reason and a confirmation."""
        return self.dose is None and self.timing != DoseTiming.ON_TIME

    @property
    def state(self) -> str:
        if self.dose is None:
            return "overdue" if self.overdue else "due"
        return "given" if self.dose.checked_by_id is None else "checked"


def doses_for_day(campus, day: dt.date, now=None, child_ids=None) -> list[DueDose]:
    """Every dose of the day from the active requests, with what was given. Two queries."""
    now = now or timezone.now()
    hs = settings_for(campus)
    requests = MedicationRequest.objects.filter(campus=campus, status=RequestStatus.ACTIVE, starts_on__lte=day,
                                                ends_on__gte=day).select_related("child", "child__classroom")
    if child_ids is not None:
        requests = requests.filter(child_id__in=child_ids)
    requests = list(requests)
    given = {(d.request_id, d.scheduled.strftime("%H:%M")): d
             for d in MedicationDose.objects.filter(request__in=requests, date=day).select_related("given_by__staff", "checked_by__staff")}
    result = []
    for req in requests:
        for time in req.times:
            due = due_at(day, time)
            dose = given.get((req.pk, time))
            overdue = dose is None and now > due + dt.timedelta(minutes=hs.dose_grace_minutes)
            timing, minutes_off = dose_timing(due, now, hs.dose_window_minutes)
            result.append(DueDose(req, time, due, dose, overdue, timing, minutes_off))
    result.sort(key=lambda d: (d.time, d.request.child.name))
    return result


def alert_doses_due(now=None) -> int:
    """The beat job: each dose due within the campus's reminder time (``AlertSettings``) and not
    given yet is told to the class's staff and the health teacher, once per dose (the notification
    service's key). Returns how many doses are due soon."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    count = 0
    for campus in Campus.objects.filter(is_active=True):
        ahead = dt.timedelta(minutes=AlertSettings.for_campus(campus).medication_due_minutes)
        due = [notifications.DoseDue(d.request.pk, d.request.child.name, d.request.child.classroom, d.request.drug,
                                     d.request.dose, d.due_at, reverse("health:medication_detail", args=[d.request.pk]))
               for d in doses_for_day(campus, day, now=now) if d.dose is None and not d.overdue and d.due_at - ahead <= now]
        notifications.medication_due(campus, due)
        count += len(due)
    return count
