from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import QueryDict

from .notifications import unread_count_subquery
from .scoping import campuses_for

SESSION_KEY = "houqin_campus_id"


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login except those marked ``@login_not_required`` (login, /healthz, static)."""


def _current_campus(request):
    allowed = request.campuses_list
    if not allowed:
        return None
    wanted = request.session.get(SESSION_KEY)
    for campus in allowed:
        if campus.pk == wanted:
            return campus
    return allowed[0]


class CurrentCampusMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        set_campus_context(request)
        return self.get_response(request)


def set_campus_context(request) -> None:
    """``request.campuses_list``, ``request.campus_ids`` and ``request.campus`` (None when the user has none)."""
    if request.user.is_authenticated:
        # Each campus carries the user's unread notifications there: the bell in the top bar costs no query.
        request.campuses_list = list(
            campuses_for(request.user).order_by("guided_by_id", "name")
            .annotate(unread_notifications=unread_count_subquery(request.user))
        )
    else:
        request.campuses_list = []
    request.campus_ids = [c.pk for c in request.campuses_list]
    request.campus = _current_campus(request)


class QueryStringMiddleware:
    """Drops NUL characters from the query string's values: PostgreSQL refuses them in text, so a
    ``?q=%00`` would otherwise reach a search as a server error. (Form fields refuse them already.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
