"""Import of an existing fixed-asset ledger (xlsx) and the columns it shares with the export.

The sheet's header row is found among its first rows by the column names (资产名称, 资产类别, 购置日期,
存放地点...; the usual variants of a school's ledger are accepted). Every row is checked first; any
error in any row and nothing is saved, each error named with its sheet row. A dry run says what an
import would do. A row whose 资产编号 is already this campus's is on the register: it is skipped (so an
export imports back unchanged); another old number goes into the note (原编号) and the asset gets the
campus's next code. A text starting with ``=`` is that text, never a formula; a number cell holding a
formula is an error. New categories are added when the row names their GB/T 14885 top level.
Writes: the assets in one bulk insert with their history (a fixed number of queries per import)."""

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.utils import bulk_create_with_history

from campus.models import Campus, Place, StaffMember
from campus.spreadsheets import check_xlsx, limited_rows, parse_bounded

from ..choices import AssetStatus, FundingSource, LifeClass, TopCategory
from ..errors import AssetsError
from ..models import Asset, AssetSettings, Category
from .register import EARLIEST_PURCHASE, MAX_VALUE, _next_sequence, format_code, low_value, settings_for

HEADER_SEARCH_ROWS = 10
MAX_ROWS = 20000

COLUMNS = {  # key -> column name (the export writes these)
    "code": gettext_lazy("Asset code"),
    "name": gettext_lazy("Asset name"),
    "top": gettext_lazy("GB/T 14885 category"),
    "category": gettext_lazy("Category"),
    "specification": gettext_lazy("Model / specification"),
    "quantity": gettext_lazy("Quantity"),
    "unit": gettext_lazy("Unit"),
    "value": gettext_lazy("Original value (yuan)"),
    "purchased_on": gettext_lazy("Purchase date"),
    "supplier": gettext_lazy("Supplier"),
    "funding_source": gettext_lazy("Funding source"),
    "warranty_until": gettext_lazy("Warranty until"),
    "place": gettext_lazy("Place"),
    "custodian": gettext_lazy("Custodian"),
    "status": gettext_lazy("Status"),
    "note": gettext_lazy("Note"),
}
REQUIRED = ("name", "category", "purchased_on", "place")
ALIASES = {  # further header words of real ledgers
    "code": ("资产编号", "编号", "资产代码", "卡片编号"),
    "name": ("资产名称", "名称", "物品名称"),
    "top": ("国标大类", "大类", "资产大类"),
    "category": ("资产类别", "类别", "分类"),
    "specification": ("规格型号", "型号", "规格", "品牌型号"),
    "quantity": ("数量",),
    "unit": ("单位", "计量单位"),
    "unit_price": ("单价", "单价（元）", "单价(元)"),
    "value": ("原值", "金额", "原值（元）", "原值(元)", "金额（元）", "金额(元)", "价值"),
    "purchased_on": ("购置日期", "购入日期", "取得日期", "入账日期"),
    "supplier": ("供应商", "销售商", "生产厂家"),
    "funding_source": ("经费来源", "资金来源"),
    "warranty_until": ("保修截止", "保修期至", "保修到期"),
    "place": ("存放地点", "使用地点", "场所", "存放位置", "位置", "地点"),
    "custodian": ("保管人", "使用人", "责任人"),
    "status": ("状态", "使用状态"),
    "note": ("备注",),
}
DEFAULT_LIFE = {
    TopCategory.LAND: LifeClass.BUILDING, TopCategory.GENERAL: LifeClass.OFFICE, TopCategory.SPECIAL: LifeClass.INSTRUMENT,
    TopCategory.RELICS: LifeClass.NONE, TopCategory.BOOKS: LifeClass.NONE, TopCategory.FURNITURE: LifeClass.FURNITURE,
}
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$")


def _key(text) -> str:
    return re.sub(r"[\s*＊]", "", str(text or "")).lower()


def header_map() -> dict:
    """Header words -> column keys: the export's names in Chinese and English, then the aliases."""
    found = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for key, label in COLUMNS.items():
                found.setdefault(_key(label), key)
    for key, words in ALIASES.items():
        for word in words:
            found.setdefault(_key(word), key)
    return found


@dataclass
class Row:
    number: int  # the sheet's row number
    values: dict
    errors: list = field(default_factory=list)
    skipped: bool = False
    asset: Asset | None = None
    new_category: str = ""


@dataclass
class Outcome:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # about the file, not one row
    created: int = 0
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    @property
    def invalid_rows(self) -> list:
        return [row for row in self.rows if row.errors]

    @property
    def skipped(self) -> int:
        return sum(1 for row in self.rows if row.skipped)

    @property
    def new_rows(self) -> list:
        return [row for row in self.rows if not row.errors and not row.skipped]


def _read_sheet(content: bytes) -> list:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    sheet = workbook.worksheets[0]
    rows = [(number, list(values)) for number, values in limited_rows(
        ((index, row) for index, row in enumerate(sheet.iter_rows(values_only=True), start=1)), numbered=True, max_rows=MAX_ROWS + 20,
    )]
    workbook.close()
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value).strip()


def _number(value, label, errors, *, integer=False):
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "").replace("元", "")
        if text.startswith("="):
            errors.append(_("%(column)s: a formula; type the number itself.") % {"column": label})
            return None
    else:
        text = str(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        errors.append(_("%(column)s: not a number (%(value)s).") % {"column": label, "value": _text(value)[:30]})
        return None
    if not number.is_finite() or (integer and number != number.to_integral_value()):
        errors.append(_("%(column)s: not a whole number (%(value)s).") % {"column": label, "value": _text(value)[:30]})
        return None
    return int(number) if integer else number.quantize(Decimal("0.01"))


def _date(value, label, errors, *, earliest=EARLIEST_PURCHASE, latest=dt.date(2100, 12, 31)):
    if value is None or value == "":
        return None
    day = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        match = DATE_PATTERN.match(_text(value))
        if match:
            year, month, dom = int(match[1]), int(match[2]), int(match[3] or 1)
            try:
                day = dt.date(year, month, dom)
            except ValueError:
                day = None
    if day is None or not earliest <= day <= latest:
        errors.append(_("%(column)s: give a date between %(first)s and %(last)s (%(value)s).") % {
            "column": label, "first": earliest.isoformat(), "last": latest.isoformat(), "value": _text(value)[:30]})
        return None
    return day


def _choice(value, choices, default, label, errors):
    text = _text(value)
    if not text:
        return default
    for member in choices:
        if text in (member.value, str(member.label)) or _key(text) == _key(member.label):
            return member.value
    errors.append(_("%(column)s: unknown value %(value)s.") % {"column": label, "value": text[:30]})
    return default


def _find_header(rows) -> tuple[int, dict]:
    words = header_map()
    for position, (_number_, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = {}
        for index, cell in enumerate(values):
            key = words.get(_key(cell))
            if key and key not in columns:
                columns[key] = index
        if all(key in columns for key in ("name", "place")):
            return position, columns
    return -1, {}


@dataclass
class _Lookups:
    categories: dict
    places: dict
    staff: dict
    codes: set


def _lookups(campus: Campus) -> _Lookups:
    from django.db.models import Q

    staff = {}
    for member in StaffMember.objects.filter(is_active=True).filter(Q(campuses=campus) | Q(sees_all_campuses=True)).distinct():
        staff.setdefault(member.name, member)
    return _Lookups(
        categories={c.name: c for c in Category.objects.filter(campus=campus)},
        places={p.name: p for p in Place.objects.filter(campus=campus, is_active=True)},
        staff=staff, codes=set(Asset.objects.filter(campus=campus).values_list("code", flat=True)),
    )


def _check_row(number, values, columns, lookups, rules, today, new_categories) -> Row:
    get = {key: values[index] if index < len(values) else None for key, index in columns.items()}
    row = Row(number=number, values={key: _text(value) for key, value in get.items()})
    errors = row.errors
    code = _text(get.get("code"))
    if code and code in lookups.codes:
        row.skipped = True
        return row
    name = _text(get.get("name"))
    if not name:
        errors.append(_("%(column)s is empty.") % {"column": COLUMNS["name"]})
    elif len(name) > 100:
        errors.append(_("%(column)s: at most %(n)d characters.") % {"column": COLUMNS["name"], "n": 100})
    category_name = _text(get.get("category"))
    top = _choice(get.get("top"), TopCategory, "", COLUMNS["top"], errors)
    category = lookups.categories.get(category_name)
    if not category_name:
        errors.append(_("%(column)s is empty.") % {"column": COLUMNS["category"]})
    elif category is None:
        if top:
            category = new_categories.get(category_name)
            if category is None:
                category = new_categories[category_name] = Category(
                    campus=rules.campus, top=top, name=category_name[:50], life_class=DEFAULT_LIFE[top])
            row.new_category = category_name
        else:
            errors.append(_("Category %(name)s is not on the campus's list: add it, or give its GB/T 14885 top level.") % {"name": category_name})
    quantity = _number(get.get("quantity"), COLUMNS["quantity"], errors, integer=True)
    quantity = 1 if quantity is None else quantity
    if not 1 <= quantity <= 100000:
        errors.append(_("Give a quantity between 1 and 100,000."))
    value = _number(get.get("value"), COLUMNS["value"], errors)
    unit_price = _number(get.get("unit_price"), _("Unit price"), errors)
    if value is None and unit_price is not None:
        value = (unit_price * quantity).quantize(Decimal("0.01"))
    if value is None:
        if not _text(get.get("value")) and not _text(get.get("unit_price")):
            errors.append(_("Give the original value (or the unit price)."))
    elif not Decimal("0") <= value < MAX_VALUE:
        errors.append(_("Give a value between ¥0 and ¥100,000,000."))
    purchased_on = _date(get.get("purchased_on"), COLUMNS["purchased_on"], errors, latest=today)
    if purchased_on is None and not _text(get.get("purchased_on")):
        errors.append(_("%(column)s is empty.") % {"column": COLUMNS["purchased_on"]})
    warranty = _date(get.get("warranty_until"), COLUMNS["warranty_until"], errors)
    place_name = _text(get.get("place"))
    place = lookups.places.get(place_name)
    if place is None:
        errors.append(_("No place called %(name)s on this campus: add it to the places first.") % {"name": place_name or "—"})
    custodian_name = _text(get.get("custodian"))
    custodian = lookups.staff.get(custodian_name) if custodian_name else None
    if custodian_name and custodian is None:
        errors.append(_("No member of staff called %(name)s on this campus.") % {"name": custodian_name})
    status = _choice(get.get("status"), [AssetStatus.IN_USE, AssetStatus.IDLE], AssetStatus.IN_USE, COLUMNS["status"], errors)
    funding = _choice(get.get("funding_source"), FundingSource, FundingSource.FISCAL, COLUMNS["funding_source"], errors)
    note = _text(get.get("note"))
    if code:
        note = (_("Old number: %(code)s") % {"code": code}) + ("\n" + note if note else "")
    if errors:
        return row
    row.asset = Asset(
        campus=rules.campus, name=name, category=category, specification=_text(get.get("specification"))[:100],
        quantity=quantity, unit=_text(get.get("unit"))[:10], value=value, purchased_on=purchased_on,
        supplier=_text(get.get("supplier"))[:100], funding_source=funding, warranty_until=warranty, place=place,
        custodian=custodian, status=status, note=note,
        is_low_value=low_value(rules, category.top, value, quantity),
    )
    return row


def import_ledger(campus: Campus, content: bytes, *, user, dry_run: bool = True) -> Outcome:
    """Check (``dry_run``) or import an xlsx ledger: every row or none (``AssetsError`` for a file that
    is not a readable sheet; row errors are in the outcome)."""
    try:
        check_xlsx(content)
        rows = parse_bounded(_read_sheet, content)
    except AssetsError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken file is the user's to fix, said in one sentence
        message = getattr(exc, "messages", None)
        raise AssetsError(" ".join(message) if message else _("This file could not be read. Please upload an Excel .xlsx file."),
                          field="file") from None
    outcome = Outcome(dry_run=dry_run)
    position, columns = _find_header(rows)
    if position < 0:
        raise AssetsError(_("No header row found: the first rows must name the columns (资产名称, 资产类别, 购置日期, 存放地点...)."), field="file")
    missing = [str(COLUMNS[key]) for key in REQUIRED if key not in columns]
    if missing:
        raise AssetsError(_("Columns missing: %(columns)s.") % {"columns": "、".join(missing)}, field="file")
    rules = settings_for(campus)
    lookups, today, new_categories = _lookups(campus), timezone.localdate(), {}
    for number, values in rows[position + 1:]:
        if not any(_text(values[columns[key]]) for key in ("name", "category", "place") if key in columns and columns[key] < len(values)):
            continue  # a blank row, or a footer (signature line, total) with none of the asset's columns
        outcome.rows.append(_check_row(number, values, columns, lookups, rules, today, new_categories))
    if not outcome.rows:
        outcome.errors.append(_("The sheet has no rows under its header."))
    if len(outcome.rows) > MAX_ROWS:
        outcome.errors.append(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
    if dry_run or not outcome.ok:
        return outcome
    with transaction.atomic():
        outcome.created = _write(campus, outcome, new_categories, rules, user)
    outcome.dry_run = False
    return outcome


def _write(campus, outcome: Outcome, new_categories: dict, rules: AssetSettings, user) -> int:
    reason = gettext_noop("imported from a ledger")
    if new_categories:
        bulk_create_with_history(list(new_categories.values()), Category, default_user=user, default_change_reason=reason)
        saved = {c.name: c for c in Category.objects.filter(campus=campus, name__in=list(new_categories))}
        for row in outcome.new_rows:
            if row.new_category:
                row.asset.category = saved[row.new_category]
    sequence = _next_sequence(campus)
    prefix = rules.prefix()
    assets = []
    for offset, row in enumerate(outcome.new_rows):
        row.asset.sequence = sequence + offset
        row.asset.code = format_code(prefix, sequence + offset)
        assets.append(row.asset)
    bulk_create_with_history(assets, Asset, batch_size=1000, default_user=user, default_change_reason=reason)
    return len(assets)
