"""Roles are Django Groups; what each may do is one table, composed of each app's ``permissions.py``.

An app's ``permissions.py`` holds ``RULES = {Role.X: ["view_*", "add_foodsample", ...]}``: patterns
over that app's permission codenames (fnmatch). ``permission_table()`` joins them into
``{role: {"app_label.codename pattern", ...}}``; a post-migrate hook gives each Group exactly the
permissions that match. ``tests/test_roles.py`` fails when a model has no rule at all.
"""

from fnmatch import fnmatchcase
from importlib import import_module

from django.db import models
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    LOGISTICS = "logistics_head", _("Logistics head")
    HEALTH = "health_teacher", _("Health teacher")
    TEACHER = "teacher", _("Class teacher / nursery staff")
    COOK = "cook", _("Cook")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")
    CASHIER = "cashier", _("Cashier")
    ASSETS = "asset_manager", _("Asset manager")
    PARENT = "parent", _("Parent")


STAFF_ROLES = [role for role in Role if role != Role.PARENT]


def roles_of(user) -> frozenset[str]:
    """The user's role names, loaded once per request (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_houqin_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._houqin_roles = cached
    return cached


def permission_table() -> dict[str, set[str]]:
    from django.conf import settings

    table: dict[str, set[str]] = {role.value: set() for role in Role}
    for label in settings.HOUQIN_APPS:
        if not module_has_submodule(import_module(label), "permissions"):
            continue
        for role, patterns in import_module(f"{label}.permissions").RULES.items():
            table[Role(role).value].update(f"{label}.{pattern}" for pattern in patterns)
    return table


def matching_permissions(patterns: set[str], permissions) -> list:
    """The Permission rows (with ``content_type`` selected) whose ``app.codename`` match any pattern."""
    return [
        perm
        for perm in permissions
        if any(fnmatchcase(f"{perm.content_type.app_label}.{perm.codename}", pattern) for pattern in patterns)
    ]


def sync_roles(using="default", **kwargs) -> None:
    """Create the role groups and give each exactly the permissions of the table. Idempotent."""
    from django.contrib.auth.models import Group, Permission

    permissions = list(Permission.objects.using(using).select_related("content_type"))
    for role, patterns in permission_table().items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set(matching_permissions(patterns, permissions))
