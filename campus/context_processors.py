from .access import may_open
from .scoping import guardian_of, staff_of
from .ui import nav_menu


def houqin(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    staff = staff_of(user)
    context = {
        "current_campus": getattr(request, "campus", None),
        "user_campuses": getattr(request, "campuses_list", []),
        "staff_member": staff,
    }
    if staff or user.is_superuser:
        # Each app filters its own entries; may_open is the net under them (no menu entry ends in a 403).
        menu = _lazy_menu(request, user)
        context["nav_items"] = lambda: menu()[0]
        context["nav_groups"] = lambda: menu()[1]
        if staff:  # annotated by the middleware on the campus list: no query here
            context["unread_notifications"] = sum(getattr(c, "unread_notifications", 0) for c in context["user_campuses"])
    elif guardian_of(user):
        context["is_parent"] = True
    return context


def _lazy_menu(request, user):
    """The menu is built once per page, and only when the page shows it."""
    cache = []

    def menu():
        if not cache:
            cache.append(nav_menu(request, lambda url: may_open(user, url)))
        return cache[0]

    return menu
