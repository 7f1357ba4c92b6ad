"""History shown on a record's page: who changed what, when and why (django-simple-history)."""

from dataclasses import dataclass

from django.utils.translation import gettext

from .errors import full_clean
from .people import display_name


@dataclass
class HistoryEntry:
    when: object
    who: str  # the person's name (campus.people.display_name), "" for a system change
    kind: str  # "+", "~", "-"
    reason: str
    changes: list  # [(field verbose name, old, new)]


def history_entries(obj, limit: int = 50) -> list[HistoryEntry]:
    records = list(obj.history.select_related("history_user__staff", "history_user__guardian").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append((field.verbose_name, _display(record, field, change.old), _display(record, field, change.new)))
        entries.append(
            HistoryEntry(
                when=record.history_date, who=display_name(record.history_user), kind=record.history_type,
                reason=reason_text(record.history_change_reason), changes=changes,
            )
        )
    return entries


def reason_text(reason) -> str:
    """A stored reason as the reader's language says it. Services store fixed reasons as English
    keys marked with ``gettext_noop`` ("posted", "published"), translated here when shown; a reason
    a person typed is shown as typed (gettext returns what it does not know)."""
    return gettext(reason) if reason else ""


def _display(record, field, value):
    if value is None or value == "":
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.many_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else value
    return value


def save_tracked(obj, user, reason="", *, clean=False, **save_kwargs):
    """Save ``obj`` with its history row naming ``user`` and ``reason`` (django-simple-history).
    ``clean=True`` runs ``full_clean`` first, so a model rule broken raises a ``ServiceError``
    (field by field) before anything is written. Returns ``obj``."""
    if clean:
        full_clean(obj)
    obj._history_user = user
    obj._change_reason = str(reason) if reason else ""
    obj.save(**save_kwargs)
    return obj


def update_tracked(obj, data: dict, user, reason="", **save_kwargs):
    """Set ``obj``'s fields from ``data`` (a form's ``cleaned_data`` or any plain values), check the
    model's rules (``ServiceError`` field by field, nothing written) and ``save_tracked`` it."""
    fields = {field.name: field for field in obj._meta.concrete_fields}
    for name, value in data.items():
        if name in fields:  # as a ModelForm does: a file field keeps its file on None, clears on False
            fields[name].save_form_data(obj, value)
        else:
            setattr(obj, name, value)
    return save_tracked(obj, user, reason, clean=True, **save_kwargs)
