from .access import may_open
from .scoping import guardian_of, staff_of
from .ui import collect


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
        context["nav_items"] = lambda: [item for item in collect("nav", "items", request) if may_open(user, item.url)]
        if staff:  # annotated by the middleware on the campus list: no query here
            context["unread_notifications"] = sum(getattr(c, "unread_notifications", 0) for c in context["user_campuses"])
    elif guardian_of(user):
        context["is_parent"] = True
    return context
