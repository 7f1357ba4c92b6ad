"""Checklists that repeat their questions for each of a list of things (each air conditioner of the
campus, each fire extinguisher), provided by a department without checklists knowing it.

A department registers a kind of target from its ``AppConfig.ready()``::

    register_target_kind(TargetKind(
        code="assets.category", label=_("Each asset of a category"),
        choices=lambda campus: [("12", "空调"), ...],           # what a template may target
        targets=lambda campus, value: [("481", "KT-0012 空调 · 小一班教室"), ...],  # (key, label)
        describe=lambda campus, value: "空调",                   # optional: one value in words
    ))

A kind whose values are many (one asset among thousands) gives ``describe``: naming a template's
target then reads that one value instead of every choice of the campus, and the editor accepts a
value its ``choices`` leave out (they may be capped) when ``targets`` finds it at the campus: such
a template is started from the thing's own page (``?target=<kind>:<value>`` on the new-template page).

A template with ``target_kind``/``target_value`` then lists each target in its run, each with its
own answers (``ItemResult.target_key``/``target_label``); an anomaly names its target. Keys are
short ids (letters, digits, ``-`` and ``_``): they go into form field names.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

KEY = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
SEPARATOR = ":"


@dataclass(frozen=True)
class TargetKind:
    code: str
    label: Any
    choices: Callable[[Any], list[tuple[str, str]]]
    targets: Callable[[Any, str], list[tuple[str, str]]]
    describe: Callable[[Any, str], str] | None = None  # one value in words ("" if unknown); else looked up in choices


_KINDS: dict[str, TargetKind] = {}


def register_target_kind(kind: TargetKind) -> None:
    _KINDS[kind.code] = kind


def target_kinds() -> list[TargetKind]:
    return list(_KINDS.values())


def target_choices(campus) -> list[tuple[str, str]]:
    """Every (kind, value) a template of ``campus`` may target, as one choice: ``"<kind>:<value>"``."""
    result = []
    for kind in _KINDS.values():
        for value, label in kind.choices(campus):
            result.append((f"{kind.code}{SEPARATOR}{value}", f"{kind.label} · {label}"))
    return result


def split_choice(choice: str) -> tuple[str, str]:
    if not choice:
        return "", ""
    code, _sep, value = choice.partition(SEPARATOR)
    return code, value


def targets_of(template) -> list[tuple[str, str]]:
    """The targets a run of ``template`` lists now: ``[("", "")]`` for a template without one (its
    questions are asked once); ``[]`` when its kind is gone or nothing is left to check."""
    if not template.target_kind:
        return [("", "")]
    kind = _KINDS.get(template.target_kind)
    if kind is None:
        return []
    return [(str(key), str(label)) for key, label in kind.targets(template.campus, template.target_value)
            if KEY.match(str(key))]


def target_text(template) -> str:
    """What the template repeats over, in words (资产类别 · 空调), or ""."""
    if not template.target_kind:
        return ""
    kind = _KINDS.get(template.target_kind)
    if kind is None:
        return ""
    if kind.describe is not None:
        label = kind.describe(template.campus, template.target_value)
    else:
        label = dict(kind.choices(template.campus)).get(template.target_value)
    return f"{kind.label} · {label or template.target_value}"


def describe_choice(campus, choice: str) -> str:
    """A ``"<kind>:<value>"`` the listed choices may leave out (one asset among thousands, chosen from
    its own page), in words; "" unless its kind describes values and finds that one at ``campus``."""
    code, value = split_choice(choice)
    kind = _KINDS.get(code)
    if kind is None or kind.describe is None or not value or not kind.targets(campus, value):
        return ""
    return f"{kind.label} · {kind.describe(campus, value) or value}"
