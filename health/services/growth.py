"""Growth: height and weight rounds, z-scores and their classification, blood pressure."""

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from campus.models import Child, Classroom

from ..choices import (
    OBESE_STATUSES,
    FollowUpStatus,
    MeasuringPosition,
    WeakReason,
    WeightStatus,
)
from ..models import (
    BloodPressure,
    HealthSettings,
    Measurement,
    MeasurementRound,
    WeakChildCase,
)
from .common import HEIGHT_RANGE, WEIGHT_RANGE, HealthError, _decimal, settings_for

# --- growth ------------------------------------------------------------------------------------


def check_height(value):
    value = _decimal(value, _("Height"))
    if value is None or not HEIGHT_RANGE[0] <= value <= HEIGHT_RANGE[1]:
        raise HealthError(_("%(value)s cm is not a possible height for a kindergarten child (%(low)s–%(high)s cm).")
                          % {"value": value, "low": HEIGHT_RANGE[0], "high": HEIGHT_RANGE[1]})
    return value.quantize(Decimal("0.1"))


def check_weight(value):
    value = _decimal(value, pgettext("body", "Weight"))
    if value is None or not WEIGHT_RANGE[0] <= value <= WEIGHT_RANGE[1]:
        raise HealthError(_("%(value)s kg is not a possible weight for a kindergarten child (%(low)s–%(high)s kg).")
                          % {"value": value, "low": WEIGHT_RANGE[0], "high": WEIGHT_RANGE[1]})
    return value.quantize(Decimal("0.01"))


def classify(z, hs: HealthSettings) -> dict:
    """Nutrition status from the z-scores and the campus's cut-offs (WS/T 423-2022 表3 by default).
    Weight-for-height decides the weight status; BMI-for-age stands in where WFH is out of range."""

    def below(value, cut):
        return value is not None and value < float(cut)

    weight_z = z.wfh if z.wfh is not None else z.bmi
    if weight_z is None:
        status = WeightStatus.UNKNOWN
    elif weight_z >= float(hs.severe_obesity_z):
        status = WeightStatus.SEVERELY_OBESE
    elif weight_z >= float(hs.obesity_z):
        status = WeightStatus.OBESE
    elif weight_z >= float(hs.overweight_z):
        status = WeightStatus.OVERWEIGHT
    elif weight_z < float(hs.wasting_z):
        status = WeightStatus.WASTING
    else:
        status = WeightStatus.NORMAL
    return {"underweight": below(z.wfa, hs.underweight_z), "stunting": below(z.hfa, hs.stunting_z), "weight_status": status}


def compute_zscores(child, measured_on, height_cm, weight_kg, standard, position=None, oedema=False):
    from .. import growth  # health/growth.py (the z-score tables), not this module

    sex = "M" if child.gender == "M" else "F"
    return growth.zscores(sex, child.birth_date, measured_on, float(height_cm), float(weight_kg), standard=standard,
                          position=position or None, oedema=oedema)


def default_position(child, day: dt.date) -> str:
    """Lying under 731 days of age, standing from it (WHO)."""
    young = (day - child.birth_date).days < 731
    return MeasuringPosition.LYING if young else MeasuringPosition.STANDING


class GrowthEntry(NamedTuple):
    """One child's values in a round; a plain (height, weight) tuple works too. An empty
    ``position`` means the usual one for the age (:func:`default_position`)."""

    height: object
    weight: object
    position: str = ""
    oedema: bool = False


@transaction.atomic
def record_round(classroom: Classroom, day: dt.date, values: dict, user, confirmed=()) -> MeasurementRound:
    """A class's measurement round: ``values`` maps child id to a :class:`GrowthEntry` or (height,
    weight). Impossible values and a weight that changed more than the campus's percentage since the
    last measurement (unless the child id is in ``confirmed``) are refused per child; nothing is
    saved then. A height measured in the other position than WHO expects for the age is scored with
    the 0.7 cm correction; with oedema no weight-based z-score is computed."""
    if day > timezone.localdate():
        raise HealthError(_("Measurements cannot be recorded for a future day."))
    hs = settings_for(classroom.campus)
    children = {c.id: c for c in classroom.children_on(day)}
    if set(values) - set(children):
        raise HealthError(_("Some children are not in this class on that day."))
    previous = {}
    for m in Measurement.objects.filter(child_id__in=values, measured_on__lt=day,
                                        measured_on__gte=day - dt.timedelta(days=92)).order_by("measured_on"):
        previous[m.child_id] = m
    errors, clean = {}, {}
    for child_id, value in values.items():
        entry = GrowthEntry(*value)
        name = children[child_id].name
        position = entry.position or default_position(children[child_id], day)
        if position not in MeasuringPosition.values:
            errors[child_id] = _("%(name)s: choose lying or standing.") % {"name": name}
            continue
        try:
            h, w = check_height(entry.height), check_weight(entry.weight)
        except HealthError as exc:
            errors[child_id] = f"{name}: {exc.messages[0]}"
            continue
        last = previous.get(child_id)
        if last is not None and child_id not in confirmed:
            change = abs(w - last.weight_kg) * 100 / last.weight_kg
            if change > hs.weight_jump_percent:
                errors[child_id] = _("%(name)s: %(new)s kg is %(change).0f%% off the %(old)s kg of %(day)s. Weigh again, "
                                     "or tick “confirm” if it is right.") % {
                    "name": name, "new": w, "change": change, "old": last.weight_kg, "day": last.measured_on}
                continue
        if last is not None and h < last.height_cm - Decimal("2"):
            errors[child_id] = _("%(name)s: %(new)s cm is shorter than the %(old)s cm of %(day)s. Measure again.") % {
                "name": name, "new": h, "old": last.height_cm, "day": last.measured_on}
            continue
        clean[child_id] = (h, w, position, bool(entry.oedema))
    if errors:
        raise HealthError(errors)
    rnd, _created = MeasurementRound.objects.get_or_create(
        classroom=classroom, date=day,
        defaults={"campus_id": classroom.campus_id, "standard": hs.growth_standard, "created_by": user},
    )
    existing = {m.child_id: m for m in Measurement.objects.filter(child_id__in=clean, measured_on=day)}
    to_create, to_update = [], []
    for child_id, (h, w, position, oedema) in clean.items():
        z = compute_zscores(children[child_id], day, h, w, rnd.standard, position=position, oedema=oedema)
        fields = {"height_cm": h, "weight_kg": w, "position": position, "oedema": oedema, "standard": rnd.standard,
                  "wfa": z.wfa, "hfa": z.hfa, "wfh": z.wfh, "bmi": z.bmi, **classify(z, hs), "measured_by": user,
                  "round": rnd}
        row = existing.get(child_id)
        if row is None:
            to_create.append(Measurement(campus_id=classroom.campus_id, child_id=child_id, measured_on=day, **fields))
        else:
            for key, value in fields.items():
                setattr(row, key, value)
            to_update.append(row)
    if to_create:
        bulk_create_with_history(to_create, Measurement, default_user=user)
    if to_update:
        bulk_update_with_history(to_update, Measurement, ["height_cm", "weight_kg", "position", "oedema", "standard", "wfa",
                                                          "hfa", "wfh", "bmi",
                                                          "underweight", "stunting", "weight_status", "measured_by", "round"],
                                 default_user=user)
    _register_weak_children(to_create + to_update, day, user)
    return rnd


def _register_weak_children(measurements, day, user):
    """Malnourished and obese children enter the weak-children register (one open case per reason)."""
    wanted = {}
    for m in measurements:
        if m.weight_status in OBESE_STATUSES:
            wanted[(m.child_id, WeakReason.OBESITY)] = (m, m.get_weight_status_display())
        if m.malnourished:
            parts = [str(label) for flag, label in ((m.underweight, _("underweight")), (m.stunting, _("stunting")),
                                                    (m.weight_status == WeightStatus.WASTING, _("wasting"))) if flag]
            wanted[(m.child_id, WeakReason.MALNUTRITION)] = (m, "、".join(parts))
    if not wanted:
        return
    open_cases = set(WeakChildCase.objects.filter(child_id__in={c for c, _r in wanted}, status=FollowUpStatus.OPEN)
                     .values_list("child_id", "reason"))
    new = [WeakChildCase(campus_id=m.campus_id, child_id=child_id, reason=reason, detail=str(detail)[:200], opened_on=day)
           for (child_id, reason), (m, detail) in wanted.items() if (child_id, reason) not in open_cases]
    if new:
        bulk_create_with_history(new, WeakChildCase, default_user=user)


@transaction.atomic
def record_blood_pressure(child: Child, *, measured_on, systolic, diastolic, user, note="") -> BloodPressure:
    errors = {}
    if not 50 <= systolic <= 200:
        errors["systolic"] = _("%(value)s mmHg is not a possible systolic pressure for a child.") % {"value": systolic}
    if not 20 <= diastolic <= 150:
        errors["diastolic"] = _("%(value)s mmHg is not a possible diastolic pressure for a child.") % {"value": diastolic}
    if not errors and diastolic >= systolic:
        errors["diastolic"] = _("The diastolic pressure must be lower than the systolic.")
    if measured_on > timezone.localdate():
        errors["measured_on"] = _("The date is in the future.")
    if errors:
        raise HealthError(errors)
    row, _created = BloodPressure.objects.update_or_create(
        child=child, measured_on=measured_on,
        defaults={"campus_id": child.campus_id, "systolic": systolic, "diastolic": diastolic, "note": note, "measured_by": user},
    )
    return row


def latest_measurements(child_ids):
    """{child id: latest Measurement}: one query."""
    latest = {}
    for m in Measurement.objects.filter(child_id__in=child_ids).order_by("child_id", "measured_on"):
        latest[m.child_id] = m
    return latest


def blood_pressure_due(campus, day: dt.date) -> list[dict]:
    """Children whose latest measurement says obese (or severely obese) and whose blood pressure
    was not measured within the campus's interval: the monthly task, until reclassified. Three queries."""
    hs = settings_for(campus)
    children = {c.id: c for c in Child.objects.enrolled_on(day).filter(campus=campus).select_related("classroom")}
    latest = latest_measurements(children)
    obese = {cid: m for cid, m in latest.items() if m.weight_status in OBESE_STATUSES}
    last_bp = dict(BloodPressure.objects.filter(child_id__in=obese).values_list("child_id").annotate(last=Max("measured_on")))
    result = []
    for cid, m in obese.items():
        last = last_bp.get(cid)
        due = (last + dt.timedelta(days=hs.blood_pressure_days)) if last else m.measured_on
        if due <= day:
            result.append({"child": children[cid], "measurement": m, "last": last, "due": due})
    result.sort(key=lambda r: (r["due"], r["child"].name))
    return result
