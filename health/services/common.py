"""What every part of the health services shares: the error type, the campus's settings, saving
with history, reading numbers and temperatures, and the symptom groups of a finding."""

import logging
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campus.errors import ServiceError
from campus.history import save_tracked, update_tracked

from ..choices import (
    FINDING_GROUP,
    SymptomGroup,
)
from ..models import (
    HealthSettings,
)

log = logging.getLogger("health.services")


# Physically possible ranges for children aged 1–7 (anything outside is a typing or measuring error).
HEIGHT_RANGE = (Decimal("60"), Decimal("150"))
WEIGHT_RANGE = (Decimal("6"), Decimal("60"))


class HealthError(ServiceError):
    """Bad input: nothing was saved. ``message_dict`` holds the message per field (or child id)."""


def settings_for(campus) -> HealthSettings:
    """The campus's health settings, loaded once per campus object (a request, a task)."""
    return HealthSettings.for_campus(campus)


_save = save_tracked  # the one way to save with history (campus.history); the health modules call it _save


def _decimal(value, label):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():  # NaN and Infinity parse, but are not numbers
        raise HealthError(_("%(label)s is not a number.") % {"label": label})
    return number


def check_temperature(value, hs: HealthSettings):
    """None, or the temperature as Decimal; refuses impossible values."""
    value = _decimal(value, pgettext("body", "Temperature"))
    if value is None:
        return None
    if not hs.temperature_min <= value <= hs.temperature_max:
        raise HealthError(
            _("%(value)s °C is not a possible body temperature (%(low)s–%(high)s °C). Measure again.")
            % {"value": value, "low": hs.temperature_min, "high": hs.temperature_max}
        )
    return value.quantize(Decimal("0.1"))


def _groups_of(findings, temperature, hs) -> set:
    groups = {FINDING_GROUP[f] for f in findings if f in FINDING_GROUP}
    if temperature is not None and temperature >= hs.fever_at:
        groups.add(SymptomGroup.FEVER)
    return groups


@transaction.atomic
def update_settings(obj: HealthSettings, data: dict, user, reason="") -> HealthSettings:
    """Change the campus's health settings to ``data`` (field values), with who and why."""
    return update_tracked(obj, data, user, reason or _("Settings changed"))
