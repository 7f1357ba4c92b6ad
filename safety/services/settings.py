"""The campus's safety settings (one row for the gate and the duties)."""

from django.db import transaction

from campus.history import update_tracked

from ..models import SafetySettings


def settings_for(campus) -> SafetySettings:
    return SafetySettings.for_campus(campus)


@transaction.atomic
def update_settings(obj: SafetySettings, data: dict, user, reason="") -> SafetySettings:
    """Change the campus's safety settings to ``data`` (field values), with who and why."""
    return update_tracked(obj, data, user, reason)
