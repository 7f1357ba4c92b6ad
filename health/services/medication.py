"""Medication entrusted by parents: requests, doses given and checked, what is due today."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.models import Child
from campus.people import display_name

from ..choices import (
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


@transaction.atomic
def create_medication_request(child: Child, *, drug, dose, times, route, starts_on, ends_on, user, reason="", notes="",
                              guardian=None, form_photo=None) -> MedicationRequest:
    """From a parent's own login (``guardian``) or entered by staff with a photo of the signed form."""
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
    request = MedicationRequest(
        campus_id=child.campus_id, child=child, drug=drug, dose=dose, times=parse_times(times), route=route,
        starts_on=starts_on, ends_on=ends_on, reason=reason, notes=notes, requested_by=guardian, entered_by=user,
    )
    if form_photo:
        request.form_photo = form_photo
    return _save(request, user, _("Requested by the parent") if guardian else _("Entered from the signed form"))


@transaction.atomic
def cancel_medication_request(request: MedicationRequest, user, reason: str) -> MedicationRequest:
    if not reason.strip():
        raise HealthError({"reason": _("Say why the request is cancelled.")})
    request.status = RequestStatus.CANCELLED
    return _save(request, user, reason)


@transaction.atomic
def give_dose(request: MedicationRequest, *, day: dt.date, scheduled: str, amount: str, user, note="", at=None) -> MedicationDose:
    """Record one dose given. Refuses a dose outside the request (day, time or amount) and a second
    dose for the same time (a database constraint, so two phones at once cannot both give it)."""
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
    try:
        with transaction.atomic():
            dose = _save(MedicationDose(
                request=request, campus_id=request.campus_id, date=day, scheduled=dt.time.fromisoformat(time),
                amount=request.dose, given_at=at or timezone.now(), given_by=user, note=note,
            ), user)
    except IntegrityError:
        raise HealthError(_("Already given: this dose was recorded a moment ago. It must not be given twice.")) from None
    return dose


@transaction.atomic
def check_dose(dose: MedicationDose, user) -> MedicationDose:
    dose = MedicationDose.objects.select_for_update().get(pk=dose.pk)
    if dose.given_by_id == user.pk:
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
    tz = timezone.get_current_timezone()
    result = []
    for req in requests:
        for time in req.times:
            due_at = dt.datetime.combine(day, dt.time.fromisoformat(time), tzinfo=tz)
            dose = given.get((req.pk, time))
            overdue = dose is None and now > due_at + dt.timedelta(minutes=hs.dose_grace_minutes)
            result.append(DueDose(req, time, due_at, dose, overdue))
    result.sort(key=lambda d: (d.time, d.request.child.name))
    return result
