"""The safety app's service error: every safety service (gate and duties alike) refuses bad input
with ``SafetyError`` (a ``campus.errors.ServiceError``), naming the field when it can; nothing is saved."""

from campus.errors import ServiceError


class SafetyError(ServiceError):
    """Bad input for a safety service; nothing was saved."""
