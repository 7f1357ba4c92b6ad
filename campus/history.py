"""History shown on a record's page: who changed what, when and why (django-simple-history).

A change is shown as the kindergarten reads it: a person (a login, a staff member, a guardian) by
``campus.people.display_name``, never the login or a guardian's phone; another record by its name; a
file or photo by its own file name, never the storage path; a choice by its label; yes/no in words.
The records a page's changes point to are read in one query per model, however many changes."""

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext, pgettext
from django.utils.translation.trans_real import CONTEXT_SEPARATOR

from .errors import full_clean
from .people import display_name

# Models whose rows are people, named by display_name (a guardian's str adds the phone).
PEOPLE = {"campus.staffmember", "campus.guardian"}


@dataclass
class HistoryEntry:
    when: object
    who: str  # the person's name (campus.people.display_name), "系统" (system) for a change no one made
    kind: str  # "+", "~", "-"
    reason: str
    changes: list  # [(field verbose name, old, new)]
    by_system: bool = False


def history_entries(obj, limit: int = 50) -> list[HistoryEntry]:
    records = list(obj.history.select_related("history_user__staff", "history_user__guardian").order_by("-history_date", "-history_id")[: limit + 1])
    deltas = []
    wanted = defaultdict(set)  # related model -> primary keys the changes point to
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                field = obj._meta.get_field(change.field)
                changes.append((field, change.old, change.new))
                for value in (change.old, change.new):
                    _wanted_keys(field, value, wanted)
        deltas.append((record, changes))
    names = {model: _names(model, keys) for model, keys in wanted.items()}
    system = gettext("system")
    return [
        HistoryEntry(
            when=record.history_date, who=display_name(record.history_user, system), kind=record.history_type,
            reason=reason_text(record.history_change_reason), by_system=record.history_user_id is None,
            changes=[(field.verbose_name, *_pair(field, old, new, names)) for field, old, new in changes],
        )
        for record, changes in deltas
    ]


def reason_text(reason) -> str:
    """A stored reason as the reader's language says it. Services store fixed reasons as English
    keys marked with ``gettext_noop`` ("posted", "published"), translated here when shown; a key
    made by ``reason_in_context`` is translated in its context; a reason a person typed is shown as
    typed (gettext returns what it does not know)."""
    if not reason:
        return ""
    if CONTEXT_SEPARATOR in reason:
        context, message = reason.split(CONTEXT_SEPARATOR, 1)
        return pgettext(context, message)
    return gettext(reason)


def reason_in_context(context: str, message: str) -> str:
    """A fixed reason key for a word with several meanings ("left": a child left the kindergarten,
    a staff member left the job), stored as gettext keys a message with a context and translated by
    ``reason_text`` as ``pgettext(context, message)``. Its catalogue entry is ``msgctxt context``."""
    return f"{context}{CONTEXT_SEPARATOR}{message}"


def _wanted_keys(field, value, wanted) -> None:
    if value is None or value == "":
        return
    if field.many_to_many:
        target = field.m2m_reverse_field_name()
        wanted[field.related_model].update(row[target] for row in value)
    elif field.is_relation:
        wanted[field.related_model].add(value)


def _names(model, keys) -> dict:
    """{pk: name} of the ``model`` rows in ``keys``: one query."""
    queryset = model._default_manager.all()
    if model is get_user_model():
        queryset = queryset.select_related("staff", "guardian")
    if model is get_user_model() or model._meta.label_lower in PEOPLE:
        return {pk: display_name(row) for pk, row in queryset.in_bulk(keys).items()}
    return {pk: str(row) for pk, row in queryset.in_bulk(keys).items()}


def _pair(field, old, new, names) -> tuple:
    if isinstance(field, models.FileField):
        old_name, new_name = _display(field, old, names), _display(field, new, names)
        if old and new and old_name == new_name:  # the same file name uploaded again
            return old_name, pgettext("file", "replaced")
        return old_name, new_name
    return _display(field, old, names), _display(field, new, names)


def _display(field, value, names):
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(field, models.FileField):  # the history keeps the storage path: show the file's own name
        return file_name(value)
    if field.many_to_many:
        target = field.m2m_reverse_field_name()
        shown = names.get(field.related_model, {})
        return "、".join(shown.get(row[target], _deleted()) for row in value)
    if field.is_relation:
        return names.get(field.related_model, {}).get(value, _deleted())
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    return value


# Django's storage keeps a second upload of the same name apart with "_" and 7 random letters/digits.
STORAGE_SUFFIX = re.compile(r"_(?=[0-9]*[A-Za-z])[A-Za-z0-9]{7}(?=\.[^.]*$|$)")


def file_name(stored) -> str:
    """An uploaded file as the person who uploaded it named it: no upload folder (``certificates/2026/``)
    and no suffix the storage added to keep a second ``qr.png`` apart (``qr_r5NTex3.png``)."""
    return STORAGE_SUFFIX.sub("", posixpath.basename(str(stored)), count=1)


def _deleted() -> str:
    return gettext("(deleted)")


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
