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
ALL_APPS = APPS + ["logistics", "assets", "safety"]
# Each app's own error class: a ServiceError, so one ``except ServiceError`` in a view catches it.
APP_ERRORS = [
    ("campus.services", "AttendanceError"),
    ("campus.roster", "RosterFileError"),
    ("checklists.services", "ChecklistError"),
    ("checklists.services", "RunAlreadyDone"),
    ("finance.money", "FinanceError"),
    ("finance.jobs", "JobTaken"),
    ("finance.invitations", "InvitationError"),
    ("health.services", "HealthError"),
    ("kitchen.services", "KitchenError"),
]


def _view_modules():
    for app in ALL_APPS:
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


def _caught_service_errors(source: str, forbidden: set[str]) -> list[tuple[int, str]]:
    return [(node.lineno, name) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ExceptHandler) for name in _caught_names(node) if name in forbidden]


def test_no_view_catches_a_service_error_by_name():
    """Views run services through campus.errors.service_call or campus.actions.post_action only:
    neither ServiceError nor an app's own error class is caught in a view."""
    forbidden = _service_error_names() | {"ServiceError"}
    assert {"HealthError", "ChecklistError", "AttendanceError", "KitchenError", "FinanceError", "RosterFileError"} <= forbidden
    found = []
    for path in _view_modules():
        found += [f"{path.relative_to(ROOT)}:{line} except {name}" for line, name in _caught_service_errors(path.read_text(), forbidden)]
    assert not found, "run the service in campus.errors.service_call or campus.actions.post_action:\n" + "\n".join(found)


@pytest.mark.parametrize("handler", ["except ServiceError as exc:", "except (ValueError, HealthError):",
                                     "except errors.ServiceError:", "except RosterFileError:"])
def test_the_view_rule_sees_each_way_of_catching(handler):
    source = f"try:\n    pass\n{handler}\n    pass\n"
    assert _caught_service_errors(source, _service_error_names() | {"ServiceError"})


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


# --- services take plain values, never forms --------------------------------------------------------

VIEW_HELPERS = {"campus/errors.py", "campus/actions.py"}  # show_errors / service_call work on a view's form


def _service_modules():
    """Every product module but views, forms, admin classes and the view helpers: services and what they call."""
    for app in ALL_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT / app)
            if {"tests", "migrations", "views", "templatetags"} & set(relative.parts):
                continue
            if relative.name.startswith(("views", "forms", "admin")) or path.relative_to(ROOT).as_posix() in VIEW_HELPERS:
                continue
            yield path


def _form_parameters(source: str) -> list[tuple[int, str, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                if arg.arg in ("form", "formset") or arg.arg.endswith(("_form", "_formset")):
                    found.append((node.lineno, node.name, arg.arg))
    return found


def test_services_take_plain_values_not_forms():
    modules = list(_service_modules())
    assert {"checklists/services.py", "health/services/common.py", "finance/services.py"} <= {
        path.relative_to(ROOT).as_posix() for path in modules}
    found = [f"{path.relative_to(ROOT)}:{line} {name}({arg})"
             for path in modules for line, name, arg in _form_parameters(path.read_text())]
    assert not found, "the view validates the form and passes cleaned data or instances:\n" + "\n".join(found)


def test_the_form_parameter_rule_sees_one():
    assert _form_parameters("def save_template(form, items_formset, *, user):\n    pass\n") == [
        (1, "save_template", "form"), (1, "save_template", "items_formset")]


# --- environment settings only in config/settings.py ------------------------------------------------

# Entry points name the settings module before Django starts; that is not a setting.
ENTRY_POINT_LINE = 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")'


def _environment_reads(source: str) -> list[int]:
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        reads = (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb")
                 and isinstance(node.value, ast.Name) and node.value.id == "os") or \
                (isinstance(node, ast.Name) and node.id in ("getenv", "environ"))
        if reads and lines[node.lineno - 1].strip() != ENTRY_POINT_LINE:
            found.append(node.lineno)
    return sorted(found)


def test_environment_is_read_only_in_config_settings():
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    product = [f for f in files if f.split("/")[0] in [*ALL_APPS, "config", "scripts"] or "/" not in f]
    product = [f for f in product if "/tests/" not in f and "/migrations/" not in f and not Path(f).name.startswith("test_")
               and f not in ("config/settings.py", "conftest.py")]
    assert "config/celery.py" in product and "manage.py" in product
    found = [f"{f}:{line}" for f in product for line in _environment_reads((ROOT / f).read_text(encoding="utf-8"))]
    assert not found, "read environment variables in config/settings.py only (and list them in the README):\n" + "\n".join(found)


def test_the_environment_rule_sees_a_read():
    assert _environment_reads('import os\nURL = os.environ.get("X")\nY = os.getenv("Y")\n') == [2, 3]
    assert _environment_reads("import os\n" + ENTRY_POINT_LINE + "\n") == []
