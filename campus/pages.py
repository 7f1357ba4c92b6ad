"""The pages shown instead of a bare status: the CSRF failure and "this address is a button's action"
(405). 400, 403, 404 and 500 are Django's own handlers rendering templates/<code>.html; 400 and 500
extend a standalone layout that needs no request context and no database."""

from django.http import HttpResponseNotAllowed
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.template.response import TemplateResponse


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: an expired or missing token on a form, explained in the user's language."""
    return TemplateResponse(request, "403_csrf.html", {"no_cookie": reason == REASON_NO_CSRF_COOKIE}, status=403).render()


def method_not_allowed(request, permitted_methods=("POST",)):
    """A GET on a POST-only address (a bookmarked or shared action URL): a page with a way back,
    still a 405 with its ``Allow`` header."""
    response = TemplateResponse(request, "405.html", status=405).render()
    response["Allow"] = ", ".join(permitted_methods)
    return response


class NotAllowedPageMiddleware:
    """Turns the empty 405 of ``@require_POST`` / ``require_http_methods`` into the 405 page, so every
    POST-only view (``post_action`` or a decorated view) shows the same page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            allowed = [m.strip() for m in response.get("Allow", "POST").split(",") if m.strip()]
            return method_not_allowed(request, allowed)
        return response
