from campus.errors import ServiceError


class StoresError(ServiceError):
    """Bad input for a stores service (logistics): nothing was saved."""


class AppendOnly(Exception):
    """A stock move was about to be changed or deleted: corrections are reversing moves."""
