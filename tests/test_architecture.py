"""The architecture as a test: the service contract of campus/errors.py, campus/actions.py and
campus.history.save_tracked is the only way views handle errors and history, and no product module
grows past 800 lines (issue 10). The import contracts run as `.venv/bin/lint-imports` in `.ci/run`."""

import ast
import importlib
import subprocess
from pathlib import Path

import pytest

from campus.errors import ServiceError

ROOT = Path(__file__).resolve().parents[1]
APPS = ["campus", "checklists", "finance", "health", "kitchen"]
# Each app's own error class: a ServiceError, so one ``except ServiceError`` in a view catches it.
APP_ERRORS = [
    ("campus.services", "AttendanceError"),
    ("checklists.services", "ChecklistError"),
    ("checklists.services", "RunAlreadyDone"),
    ("finance.money", "FinanceError"),
    ("finance.jobs", "JobTaken"),
    ("finance.invitations", "InvitationError"),
    ("health.services", "HealthError"),
    ("kitchen.services", "KitchenError"),
]


def _view_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT / app)
            if "tests" in relative.parts or "migrations" in relative.parts:
                continue
            if relative.name.startswith("views") or "views" in relative.parts:
                yield path


def _service_error_names() -> set[str]:
    for module, _name in APP_ERRORS:
        importlib.import_module(module)
    names, todo = set(), [ServiceError]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            names.add(sub.__name__)
            todo.append(sub)
    return names


def _caught_names(handler: ast.ExceptHandler):
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type] if handler.type else []
    for node in types:
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Attribute):
            yield node.attr


def test_there_are_view_modules_to_check():
    names = {path.relative_to(ROOT).as_posix() for path in _view_modules()}
    assert {"health/views.py", "checklists/views.py", "kitchen/views/food_safety.py", "finance/views.py"} <= names


@pytest.mark.parametrize(("module", "name"), APP_ERRORS)
def test_every_apps_error_is_a_service_error(module, name):
    assert issubclass(getattr(importlib.import_module(module), name), ServiceError)


def test_no_view_catches_an_apps_error_class_by_name():
    per_app = _service_error_names()
    assert {"HealthError", "ChecklistError", "AttendanceError", "KitchenError", "FinanceError"} <= per_app
    found = []
    for path in _view_modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ExceptHandler):
                found += [f"{path.relative_to(ROOT)}:{node.lineno} except {name}"
                          for name in _caught_names(node) if name in per_app]
    assert not found, "catch ServiceError (campus.errors) and show it with show_errors / post_action:\n" + "\n".join(found)


def test_no_view_sets_history_user_or_reason_by_hand():
    found = []
    for path in _view_modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Attribute) and node.attr in ("_history_user", "_change_reason") \
                    and isinstance(node.ctx, ast.Store):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr} =")
    assert not found, "save through a service with campus.history.save_tracked:\n" + "\n".join(found)


def test_the_duplicated_error_helpers_are_gone():
    from checklists.forms import RunForm
    from health.forms import HealthForm
    from kitchen.views import common

    assert not hasattr(HealthForm, "add_service_error")
    assert not hasattr(RunForm, "add_service_errors")
    assert not hasattr(common, "apply_errors")


MAX_LINES = 800


def test_no_product_module_is_over_800_lines():
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    product = [f for f in files if "/migrations/" not in f and "/tests/" not in f and not f.startswith("tests/")
               and not Path(f).name.startswith("test_")]
    assert product, "git ls-files found no modules"
    too_long = {f: n for f in product if (n := len((ROOT / f).read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert too_long == {}, "split these by area (see health/services/): " + repr(too_long)
