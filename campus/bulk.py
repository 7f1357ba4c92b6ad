"""Fast bulk inserts with history, for imports of tens of thousands of rows.

``bulk_create`` and ``bulk_create_with_history`` send every value through Django's generic
``pre_save`` / ``get_db_prep_save`` / ``prepare_value`` chain and build a model instance for each
history row: for a 10,000-child roster (50,000 rows with guardians, links and both histories) that
was 80% of the import. Here each column gets one converter chosen once by field type (dates and
datetimes adapted by the backend, everything else passed as is), rows are plain tuples, and the SQL
is written once per batch. Same tables, same values, same history rows as django-simple-history
writes; the models' ``save()`` and signals are not called, so use it only where ``bulk_create``
would do (which does not call them either).
"""

import datetime as dt
from operator import attrgetter

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.utils import timezone


def _converter(field):
    """A function turning the attribute's value into a database parameter, or None for as-is."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        if connection.vendor == "sqlite":
            return dt.date.isoformat  # what the backend's adapter does (str), without the call through it
        return ops.adapt_datefield_value
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    if isinstance(field, (models.CharField, models.TextField, models.IntegerField, models.BooleanField,
                          models.ForeignKey, models.FloatField)):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _max_params() -> int:
    """Parameters one statement may carry: SQLite's compiled limit (Django assumes the 999 of old
    builds; Debian's has 250,000), PostgreSQL's 65,535."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def insert_rows(model, fields: list, rows: list[tuple], returning: bool = False, as_is=(),
                ignore_conflicts: bool = False) -> list | None:
    """INSERT ``rows`` (tuples of attribute values in the order of ``fields``, model fields) into
    ``model``'s table; with ``returning``, the new primary keys in the order of ``rows``. Columns
    whose index is in ``as_is`` hold values converted already. ``ignore_conflicts``: a row that
    breaks a unique constraint is skipped (``ON CONFLICT DO NOTHING``, SQLite and PostgreSQL)."""
    if returning and ignore_conflicts:
        raise ValueError("skipped rows have no key to return")
    if not rows:
        return [] if returning else None
    quote = connection.ops.quote_name
    converters = [(index, convert) for index, field in enumerate(fields)
                  if index not in as_is and (convert := _converter(field))]
    if converters:
        converted = []
        for row in rows:
            row = list(row)
            for index, convert in converters:
                if row[index] is not None:
                    row[index] = convert(row[index])
            converted.append(row)
        rows = converted
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        if not returning:
            conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {one}{conflict}", rows)
            return None
        pk = quote(model._meta.pk.column)
        size = max(1, min(_max_params() // max(1, len(fields)), 2000))
        ids = []
        for start in range(0, len(rows), size):
            batch = rows[start:start + size]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(batch))} RETURNING {pk}",
                [value for row in batch for value in row],
            )
            ids.extend(row[0] for row in cursor.fetchall())
        return ids


def insert_objects(objs: list, ignore_conflicts: bool = False) -> None:
    """INSERT new model instances of one model in one statement (no keys read back: use it where
    nothing refers to them next). Fields filled on save (``auto_now_add``) are filled here."""
    if not objs:
        return
    model = type(objs[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    on_save = [field for field in fields if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)]
    if on_save:
        now = timezone.now()
        for obj in objs:
            for field in on_save:
                if field.auto_now or getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, now)
    values = attrgetter(*[field.attname for field in fields])
    insert_rows(model, fields, [values(obj) if len(fields) > 1 else (values(obj),) for obj in objs],
                ignore_conflicts=ignore_conflicts)


def create_with_history(objs: list, user=None, reason: str = "", when=None) -> list:
    """INSERT new model instances (primary keys set on them, in order) and their "+" history rows."""
    if not objs:
        return objs
    model = type(objs[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{model.__name__}.{field.name} is set on save(): use bulk_create")
    values = attrgetter(*[field.attname for field in fields])
    rows = [values(obj) if len(fields) > 1 else (values(obj),) for obj in objs]
    ids = insert_rows(model, fields, rows, returning=True)
    pk = model._meta.pk.attname
    for obj, new_id in zip(objs, ids, strict=True):
        setattr(obj, pk, new_id)
        obj._state.adding = False
        obj._state.db = connection.alias
    write_history(objs, "+", user=user, reason=reason, when=when)
    return objs


def write_history(objs: list, history_type: str, user=None, reason: str = "", when=None) -> None:
    """The django-simple-history rows of ``objs`` (saved instances of one model), as its
    ``bulk_history_create`` writes them: one per object, the same moment, user and reason."""
    if not objs:
        return
    history_model = type(objs[0]).history.model
    meta = history_model._meta
    constant = {  # the same for every row: converted once
        "history_date": when or timezone.now(), "history_type": history_type,
        "history_change_reason": reason or None, "history_user_id": getattr(user, "pk", None),
    }
    own = [f for f in meta.concrete_fields if f.attname not in constant and f.attname != "history_id"]
    extra = [meta.get_field(name) for name in constant]
    tail = []
    for field in extra:
        value, convert = constant[field.attname], _converter(field)
        tail.append(convert(value) if convert and value is not None else value)
    tail = tuple(tail)
    values = attrgetter(*[f.attname for f in own])
    rows = [values(obj) + tail for obj in objs] if len(own) > 1 else [(values(obj), *tail) for obj in objs]
    # A file field's attribute is a FieldFile; its history column holds the file's name.
    source = type(objs[0])._meta
    files = {index for index, f in enumerate(own) if isinstance(_own_field(source, f.name), models.FileField)}
    if files:
        rows = [tuple((value.name or "") if index in files and value is not None else value for index, value in enumerate(row))
                for row in rows]
    insert_rows(history_model, own + extra, rows, as_is=range(len(own), len(own) + len(extra)))


def _own_field(meta, name):
    try:
        return meta.get_field(name)
    except FieldDoesNotExist:  # a history-only field
        return None
