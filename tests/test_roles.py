"""The role table covers every model: each Houqin model is at least viewable by some role."""

from fnmatch import fnmatchcase

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission

from campus.roles import Role, matching_permissions, permission_table


def test_every_model_has_a_rule():
    table = permission_table()
    patterns = set().union(*table.values())
    missing = []
    for label in settings.HOUQIN_APPS:
        for model in apps.get_app_config(label).get_models():
            codename = f"{label}.view_{model._meta.model_name}"
            if model._meta.model_name.startswith("historical"):
                continue
            if not any(fnmatchcase(codename, p) for p in patterns):
                missing.append(codename)
    assert not missing, f"Models no role may even view (add a rule in <app>/permissions.py): {missing}"


def test_parents_get_no_model_permissions():
    assert permission_table()[Role.PARENT.value] == set()


def test_patterns_match_real_permissions(db):
    perms = list(Permission.objects.select_related("content_type"))
    table = permission_table()
    for role, patterns in table.items():
        for pattern in patterns:
            label = pattern.split(".")[0]
            if "*" in pattern and not list(apps.get_app_config(label).get_models()):
                continue  # an app with no models yet
            assert matching_permissions({pattern}, perms), f"{role}: {pattern} matches no permission"
