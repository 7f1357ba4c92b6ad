"""Who may open a view. Every view uses one of these (or is a parent view), and the scoped loaders.

- ``@staff_required(perm="kitchen.add_foodsample")``: an active staff member with that permission
  (the permission comes from the role table); 403 otherwise, parents included.
- ``@staff_required(roles=[Role.COOK, Role.DIRECTOR])``: by role instead of permission.
- ``@parent_required``: a guardian's login; ``request.guardian`` is set.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from .roles import roles_of
from .scoping import guardian_of, staff_of

__all__ = ["roles_of", "user_has_roles", "check_staff", "staff_required", "parent_required"]


def user_has_roles(user, roles) -> bool:
    if not roles:
        return True
    if user.is_superuser:
        return True
    return not roles_of(user).isdisjoint(str(role) for role in roles)


def check_staff(request, perm=None, roles=None) -> None:
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    if not (user.is_superuser or staff_of(user)):
        raise PermissionDenied
    if perm:
        perms = [perm] if isinstance(perm, str) else list(perm)
        if not user.has_perms(perms):
            raise PermissionDenied
    if roles and not user_has_roles(user, roles):
        raise PermissionDenied
    if request.campus is None:
        raise PermissionDenied


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

