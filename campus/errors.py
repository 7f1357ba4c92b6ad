"""The one service contract: every service raises ``ServiceError`` for bad input (nothing saved),
and every view shows it with ``show_errors`` (on a form, next to the field) or ``error_text`` (in a
message), in the user's language and never as a Python repr.

    raise ServiceError(_("Not a number."), field="temperature")
    raise ServiceError({"temperature": _("Not a number."), "date": [_("In the future.")]})
    raise ServiceError(_("The month is closed."))          # not about one field
"""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ServiceError(ValidationError):
    """Bad input for a service; nothing was saved. A ``ValidationError`` so ``full_clean`` errors and
    service errors are one kind, with ``message_dict`` per field when the service names fields."""

    def __init__(self, message="", code=None, params=None, *, field=None):  # ``raise JobTaken`` works too
        if field is not None and not isinstance(message, dict):
            message = {field: message}
        super().__init__(message, code, params)

    def __str__(self):  # never "['…']" in a log line, a message or a template
        return error_text(self)


def full_clean(obj, **kwargs) -> None:
    """``obj.full_clean(**kwargs)``, refusing with a ``ServiceError`` (field by field)."""
    try:
        obj.full_clean(**kwargs)
    except ServiceError:
        raise
    except ValidationError as exc:
        raise ServiceError(exc.error_dict if hasattr(exc, "error_dict") else exc.error_list) from None


def error_text(error) -> str:
    """All messages of ``error`` as one sentence for a flash message or a log line."""
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error)


def show_errors(form, error: ValidationError) -> None:
    """Put each message of ``error`` on its form field, or above the form when the field is not on
    it (or none is named). The messages stay lazy, so they render in the language of the request."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.error_list)
        return
    for field, errors in error.error_dict.items():
        on_form = field in form.fields and field != NON_FIELD_ERRORS
        form.add_error(field if on_form else None, errors)


class ServiceCall:
    """What ``service_call`` saw: ``ok`` is False when the service refused, ``error`` its ServiceError."""

    ok = False
    error = None


@contextmanager
def service_call(form=None, *, request=None, field=None, fields=None):
    """The one way a view runs a service: a ``ServiceError`` raised in the block stops it, ``call.ok``
    stays False and ``call.error`` holds it. It is shown on ``form`` (``show_errors``: next to the
    field; ``fields`` renames a service's field to the form's, ``field`` is where an error naming no
    field goes) or, without a form, as an error message on ``request``; with neither, the view shows
    ``call.error`` itself. Any other exception goes on up.

        with service_call(form) as call:
            obj = services.save_thing(obj, form.cleaned_data, user=request.user)
        if call.ok:
            return redirect(obj)
    """
    call = ServiceCall()
    try:
        yield call
    except ServiceError as exc:
        call.error = exc
        if form is not None:
            show_errors(form, _for_form(exc, field, fields or {}))
        elif request is not None:
            messages.error(request, error_text(exc))
    else:
        call.ok = True


def _for_form(error: ServiceError, field, fields: dict) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return ServiceError({field: error.error_list}) if field else error
    if not fields:
        return error
    return ServiceError({fields.get(name, name): errors for name, errors in error.error_dict.items()})
