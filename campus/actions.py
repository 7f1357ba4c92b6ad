"""The POST-only action view, written once: run a service, say what happened, go back."""

from django.contrib import messages
from django.shortcuts import redirect

from .errors import ServiceError, error_text
from .pages import method_not_allowed


def post_action(request, action, success_message, redirect_to):
    """Run ``action()`` for a POST (any other method gets the 405 page, campus.pages); a
    ``ServiceError`` becomes an error message (its text, never a repr), otherwise
    ``success_message`` (a string, or a callable taking the action's result) is shown. Then redirect to ``redirect_to`` (a URL, a model with ``get_absolute_url``, a URL name,
    or a callable taking the result, which gets ``None`` after an error)."""
    if request.method != "POST":
        return method_not_allowed(request, ["POST"])
    result = None
    try:
        result = action()
    except ServiceError as exc:
        messages.error(request, error_text(exc))
    else:
        text = success_message(result) if callable(success_message) else success_message
        if text:
            messages.success(request, text)
    target = redirect_to(result) if callable(redirect_to) and not hasattr(redirect_to, "get_absolute_url") else redirect_to
    return redirect(target)
