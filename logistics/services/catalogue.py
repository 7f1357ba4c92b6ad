"""The catalogue as xlsx: export, and import with a dry run, like the roster. A row with a 编号 (as
exported) updates that item of this campus; a row without one adds an item, or updates the item of
the same name and specification. Any error in any row: nothing is saved, and every error is named
with its sheet row. Texts are kept as typed (a cell "=A1" is the text "=A1", and is exported as text).

The whole file is read (bounded: ``campus.spreadsheets``) and checked before anything is written;
the campus's items and stores are loaded once, so the number of queries does not grow with the file."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from campus.exports import dataset_xlsx
from campus.spreadsheets import XlsxRejected, read_xlsx_dataset

from ..choices import ItemCategory
from ..errors import StoresError
from ..models import Item, Store

MAX_ROWS = 5000

COLUMNS = {
    "id": pgettext_lazy("catalogue column", "No."),
    "name": pgettext_lazy("catalogue column", "Name"),
    "category": pgettext_lazy("catalogue column", "Category"),
    "specification": pgettext_lazy("catalogue column", "Specification"),
    "unit": pgettext_lazy("catalogue column", "Unit"),
    "minimum": pgettext_lazy("catalogue column", "Minimum level"),
    "default_store": pgettext_lazy("catalogue column", "Store"),
    "price": pgettext_lazy("catalogue column", "Reference price"),
    "tracks_lots": pgettext_lazy("catalogue column", "By lot"),
    "expiry_required": pgettext_lazy("catalogue column", "Expiry date required"),
    "needs_witness": pgettext_lazy("catalogue column", "Second person present"),
    "max_per_issue": pgettext_lazy("catalogue column", "Most per issue"),
    "is_active": pgettext_lazy("catalogue column", "In use"),
}
REQUIRED = ("name", "category", "unit")
ALIASES = {
    "id": ["编号", "id", "no.", "no"],
    "name": ["名称", "物品名称", "品名", "name"],
    "category": ["类别", "分类", "category"],
    "specification": ["规格", "规格型号", "specification"],
    "unit": ["单位", "计量单位", "unit"],
    "minimum": ["最低库存", "库存下限", "minimumlevel", "minimum"],
    "default_store": ["仓库", "存放仓库", "存放地点", "store"],
    "price": ["参考单价", "单价", "参考价", "referenceprice", "price"],
    "tracks_lots": ["按批次", "批次管理", "bylot"],
    "expiry_required": ["需有效期", "有效期管理", "expirydaterequired"],
    "needs_witness": ["双人在场", "双人领用", "secondpersonpresent"],
    "max_per_issue": ["每次最多", "单次限量", "mostperissue"],
    "is_active": ["在用", "启用", "inuse"],
}
YES = {"是", "yes", "y", "true", "1", "√", "✓", "有", "需要"}
NO = {"否", "no", "n", "false", "0", "×", "无", "不需要", ""}
FIELDS = ["name", "category", "specification", "unit", "minimum", "default_store_id", "price", "tracks_lots",
          "expiry_required", "needs_witness", "max_per_issue", "is_active"]


def _key(text) -> str:
    return "".join(str(text or "").split()).lower()


@dataclass
class Row:
    number: int
    values: dict
    action: str = ""  # new / update / same
    errors: list = field(default_factory=list)
    item: Item | None = None


@dataclass
class Outcome:
    rows: list
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not any(row.errors for row in self.rows)

    @property
    def invalid_rows(self) -> list:
        return [row for row in self.rows if row.errors]

    @property
    def totals(self) -> dict:
        return {kind: sum(1 for row in self.rows if row.action == kind) for kind in ("new", "update", "same")}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value, errors, label, places=3):
    text = _text(value)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        errors.append(_("%(column)s: not a number (%(value)s).") % {"column": label, "value": text[:20]})
        return None
    if not number.is_finite() or number < 0 or number >= Decimal("10000000"):
        errors.append(_("%(column)s: not a plausible number (%(value)s).") % {"column": label, "value": text[:20]})
        return None
    return number.quantize(Decimal(1).scaleb(-places))


def _flag(value, errors, label, default=False):
    text = _key(value)
    if text in YES:
        return True
    if text in NO:
        return default if text == "" else False
    errors.append(_("%(column)s: write 是 or 否 (%(value)s).") % {"column": label, "value": _text(value)[:20]})
    return default


def _category_words() -> dict:
    words = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            words.update({_key(choice.label): choice.value for choice in ItemCategory})
    words.update({choice.value: choice.value for choice in ItemCategory})
    return words


def _category(value, errors):
    found = _category_words().get(_key(value))
    if found:
        return found
    labels = "、".join(str(choice.label) for choice in ItemCategory)
    errors.append(_("Category: %(value)s is not one of %(labels)s.") % {"value": _text(value)[:20] or "—", "labels": labels})
    return ""


def _columns(headers) -> dict:
    """Column key -> index in the sheet, found by the export's labels or the usual aliases."""
    found = {}
    for index, header in enumerate(headers or []):
        key = _key(header)
        for name, aliases in ALIASES.items():
            if name not in found and (key in aliases or key == _key(COLUMNS[name])):
                found[name] = index
    return found


def read_catalogue(campus, content: bytes) -> Outcome:
    """Check every row of ``content`` against the campus's catalogue; nothing is written."""
    try:
        dataset = read_xlsx_dataset(content, max_rows=MAX_ROWS + 1)
    except XlsxRejected as exc:
        raise StoresError(exc.messages, field="file") from None
    columns = _columns(dataset.headers)
    missing = [str(COLUMNS[name]) for name in REQUIRED if name not in columns]
    if missing:
        raise StoresError(_("Columns missing: %(columns)s (see the export for the column names).") % {
            "columns": "、".join(missing)}, field="file")
    items = {item.pk: item for item in Item.objects.filter(campus=campus)}
    by_name = {(item.name, item.specification): item for item in items.values()}
    stores = {_key(store.name): store for store in Store.objects.filter(campus=campus)}
    rows, seen = [], {}
    for number, values in enumerate(dataset, start=2):
        def cell(name, values=values):
            index = columns.get(name)
            return values[index] if index is not None and index < len(values) else None

        if all(_text(v) == "" for v in values):
            continue
        errors = []
        data = {
            "name": _text(cell("name"))[:60], "specification": _text(cell("specification"))[:60],
            "unit": _text(cell("unit"))[:10], "category": _category(cell("category"), errors),
            "minimum": _decimal(cell("minimum"), errors, COLUMNS["minimum"]) or Decimal("0"),
            "price": _decimal(cell("price"), errors, COLUMNS["price"], places=2),
            "max_per_issue": _decimal(cell("max_per_issue"), errors, COLUMNS["max_per_issue"]),
            "tracks_lots": _flag(cell("tracks_lots"), errors, COLUMNS["tracks_lots"]),
            "expiry_required": _flag(cell("expiry_required"), errors, COLUMNS["expiry_required"]),
            "needs_witness": _flag(cell("needs_witness"), errors, COLUMNS["needs_witness"]),
            "is_active": _flag(cell("is_active"), errors, COLUMNS["is_active"], default=True),
        }
        if not data["name"]:
            errors.append(_("Name: required."))
        if not data["unit"]:
            errors.append(_("Unit: required."))
        store_name = _text(cell("default_store"))
        store = stores.get(_key(store_name)) if store_name else None
        if store_name and store is None:
            errors.append(_("Store: no store called %(name)s on this campus.") % {"name": store_name[:30]})
        data["default_store_id"] = store.pk if store else None
        item = None
        raw_id = _text(cell("id"))
        if raw_id:
            item = items.get(int(raw_id)) if raw_id.isdigit() else None
            if item is None:
                errors.append(_("No.: no item %(id)s in this campus's catalogue.") % {"id": raw_id[:12]})
        else:
            item = by_name.get((data["name"], data["specification"]))
        key = (data["name"], data["specification"])
        if key in seen and data["name"]:
            errors.append(_("The same name and specification as row %(row)d.") % {"row": seen[key]})
        seen.setdefault(key, number)
        row = Row(number=number, values=data, errors=errors, item=item)
        if item is None:
            row.action = "new"
        elif any(getattr(item, name) != data[name] for name in FIELDS):
            row.action = "update"
            other = by_name.get(key)
            if other is not None and other.pk != item.pk:
                row.errors.append(_("Another item already has this name and specification."))
        else:
            row.action = "same"
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise StoresError(_("At most %(count)d rows at a time.") % {"count": MAX_ROWS}, field="file")
    return Outcome(rows=rows)


def import_catalogue(campus, content: bytes, *, user, dry_run: bool) -> Outcome:
    """Read the file; unless ``dry_run`` and when every row is right, add and update the items (all
    or nothing, history kept)."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    outcome = read_catalogue(campus, content)
    if dry_run or not outcome.ok:
        return outcome
    with transaction.atomic():
        new = [Item(campus=campus, **row.values) for row in outcome.rows if row.action == "new"]
        changed = []
        for row in outcome.rows:
            if row.action == "update":
                for name in FIELDS:
                    setattr(row.item, name, row.values[name])
                changed.append(row.item)
        if new:
            bulk_create_with_history(new, Item, default_user=user, default_change_reason="imported")
        if changed:
            bulk_update_with_history(changed, Item, FIELDS, default_user=user, default_change_reason="imported")
    outcome.saved = True
    return outcome


def _yes(value) -> str:
    return "是" if value else "否"


def export_catalogue(campus) -> bytes:
    """The campus's catalogue as xlsx, in the columns the import reads back."""
    dataset = tablib.Dataset(headers=[str(label) for label in COLUMNS.values()])
    for item in Item.objects.filter(campus=campus).select_related("default_store").order_by("category", "name", "specification"):
        dataset.append([
            item.pk, item.name, str(item.get_category_display()), item.specification, item.unit, item.minimum.normalize(),
            item.default_store.name if item.default_store else "", item.price if item.price is not None else "",
            _yes(item.tracks_lots), _yes(item.expiry_required), _yes(item.needs_witness),
            item.max_per_issue.normalize() if item.max_per_issue is not None else "", _yes(item.is_active),
        ])
    return dataset_xlsx(dataset, title=_("Catalogue"))
