"""How a department plugs into checklists without checklists importing it (import-linter forbids
that): the department registers here from its ``AppConfig.ready()``.

- A *record kind*: a duty done by filing the department's own record (a stocktake, an asset count,
  a drill). A run of a template of that kind shows a button to the department's page (``url_name``
  with ``?run=<pk>``) instead of yes/no questions; the department's service then calls
  ``checklists.services.complete_run_with_record`` so the run is done and links the record. The
  standard plan's templates named in ``plan_codes`` are of that kind; a campus's own template can
  choose it (``ChecklistTemplate.opens_record``).
- An *anomaly handler*: a failed answer whose item opens a follow-up of a given kind (repair,
  hazard) becomes the department's record instead of a generic follow-up. The handler runs inside
  the run's transaction and returns the record (``get_absolute_url()``, ``__str__`` and a
  ``progress_label`` property); the answer keeps a link to it and the run page shows its progress.

    # safety/apps.py
    def ready(self):
        from checklists.hooks import RecordKind, register_anomaly_handler, register_record_kind
        register_record_kind(RecordKind(code="safety.drill", label=_("Drill record"), url_name="safety:drill_add",
                                        permission="safety.add_drill", plan_codes=("fire-drill",)))
        register_anomaly_handler(FollowUpKind.HAZARD, services.hazard_from_checklist)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class RecordKind:
    code: str  # "<app>.<record>", stored on templates
    label: object  # what the record is called (lazy), e.g. 盘点
    url_name: str  # the page that starts the record; it receives ?run=<run pk>
    permission: str  # who may start it ("app.codename")
    plan_codes: tuple[str, ...] = ()  # the standard plan's templates done by filing this record

    def start_url(self, run) -> str:
        return f"{reverse(self.url_name)}?run={run.pk}"


_RECORD_KINDS: dict[str, RecordKind] = {}
_ANOMALY_HANDLERS: dict[str, Callable] = {}


def register_record_kind(kind: RecordKind) -> None:
    _RECORD_KINDS[kind.code] = kind


def register_anomaly_handler(follow_up_kind: str, handler: Callable) -> None:
    """``handler(*, run, result, user, title, description, place) -> record`` for failed answers
    whose item opens a follow-up of ``follow_up_kind``."""
    _ANOMALY_HANDLERS[str(follow_up_kind)] = handler


def record_kinds() -> list[RecordKind]:
    return sorted(_RECORD_KINDS.values(), key=lambda kind: kind.code)


def record_kind_for(template) -> RecordKind | None:
    """The record kind a template's runs are done by: its own choice, else the standard plan's."""
    if template.opens_record:
        return _RECORD_KINDS.get(template.opens_record)
    for kind in _RECORD_KINDS.values():
        if template.code in kind.plan_codes:
            return kind
    return None


def anomaly_handler(follow_up_kind: str) -> Callable | None:
    return _ANOMALY_HANDLERS.get(str(follow_up_kind))
