"""Who may open a view. Every view uses one of these (or is a parent view), and the scoped loaders.

- ``@staff_required(perm="kitchen.add_foodsample")``: an active staff member with that permission
  (the permission comes from the role table); 403 otherwise, parents included.
- ``@staff_required(roles=[Role.COOK, Role.DIRECTOR])``: by role instead of permission.
- ``@parent_required``: a guardian's login; ``request.guardian`` is set.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve

from .roles import roles_of
from .scoping import guardian_of, staff_of

__all__ = ["roles_of", "user_has_roles", "staff_allowed", "check_staff", "may_open", "staff_required", "parent_required"]


def user_has_roles(user, roles) -> bool:
    if not roles:
        return True
    if user.is_superuser:
        return True
    return not roles_of(user).isdisjoint(str(role) for role in roles)


def staff_allowed(user, perm=None, roles=None) -> bool:
    """What ``@staff_required(perm=..., roles=...)`` asks of the user (the campus aside)."""
    if not user.is_authenticated:
        return False
    if not (user.is_superuser or staff_of(user)):
        return False
    if perm:
        perms = [perm] if isinstance(perm, str) else list(perm)
        if not user.has_perms(perms):
            return False
    return not roles or user_has_roles(user, roles)


def check_staff(request, perm=None, roles=None) -> None:
    if not staff_allowed(request.user, perm=perm, roles=roles):
        raise PermissionDenied
    if request.campus is None:
        raise PermissionDenied


def may_open(user, url: str) -> bool:
    """Whether ``user`` passes the access decorator of the view at ``url`` (an internal path): a
    page shows a link only when this holds, so no link of a user's own pages ends in a 403. (The
    object itself is still checked by the view's scoped loader.) Costs no query once the user's
    roles and permissions are loaded."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    access = getattr(match.func, "houqin_access", None)
    if access is None:
        return True
    if access["kind"] == "parent":
        return guardian_of(user) is not None
    return staff_allowed(user, perm=access["perm"], roles=access["roles"])


def staff_required(view=None, *, perm=None, roles=None):
    def decorator(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            check_staff(request, perm=perm, roles=roles)
            return func(request, *args, **kwargs)

        wrapper.houqin_access = {"kind": "staff", "perm": perm, "roles": roles}
        return wrapper

    return decorator(view) if view is not None else decorator


def parent_required(func):
    @wraps(func)
    def wrapper(request, *args, **kwargs):
        guardian = guardian_of(request.user)
        if guardian is None:
            raise PermissionDenied
        request.guardian = guardian
        return func(request, *args, **kwargs)

    wrapper.houqin_access = {"kind": "parent"}
    return wrapper

