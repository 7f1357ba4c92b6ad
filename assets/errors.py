from campus.errors import ServiceError


class AssetsError(ServiceError):
    """Bad assets input (register, repairs, moves, counts, write-offs): nothing saved; ``message_dict``
    per field when the service knows it."""
