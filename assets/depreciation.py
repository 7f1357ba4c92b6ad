"""Depreciation (财会〔2017〕4号, 政府会计准则第3号): straight line by month, no residual value; an asset
depreciates from the month it is bought (当月增加当月计提) and not in the month it is written off;
low-value consumables and categories that are not depreciated (land, books, relics) keep their value.
Pure reads: nothing here writes."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .models import CENT, Asset, AssetSettings

ZERO = Decimal("0.00")


def months_between(first: dt.date, last: dt.date) -> int:
    """Months from ``first``'s month to ``last``'s month, both counted (0 when last is earlier)."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return max(months, 0)


def life_months(asset: Asset, asset_settings: AssetSettings) -> int:
    """Months over which ``asset`` depreciates; 0 when it does not."""
    if asset.is_low_value:
        return 0
    return asset.category.years(asset_settings) * 12


def months_used(asset: Asset, on: dt.date) -> int:
    """Months of depreciation charged up to the end of ``on``'s month."""
    last = on
    if asset.disposed_on is not None:
        disposal_month = asset.disposed_on.replace(day=1)
        last = min(on, disposal_month - dt.timedelta(days=1))
    return months_between(asset.purchased_on, last)


def accumulated(asset: Asset, asset_settings: AssetSettings, on: dt.date) -> Decimal:
    """Accumulated depreciation at the end of ``on``'s month; the last month takes the rounding."""
    total = life_months(asset, asset_settings)
    if not total:
        return ZERO
    used = min(months_used(asset, on), total)
    return (asset.value * used / total).quantize(CENT)


def net_book_value(asset: Asset, asset_settings: AssetSettings, on: dt.date) -> Decimal:
    return asset.value - accumulated(asset, asset_settings, on)


def monthly_charge(asset: Asset, asset_settings: AssetSettings, month: dt.date) -> Decimal:
    """Depreciation charged in ``month`` (any day of it)."""
    first = month.replace(day=1)
    return accumulated(asset, asset_settings, month) - accumulated(asset, asset_settings, first - dt.timedelta(days=1))


@dataclass
class CategoryLine:
    category: object
    assets: int = 0
    value: Decimal = ZERO
    charge: Decimal = ZERO
    accumulated: Decimal = ZERO
    net: Decimal = ZERO
    years: int = 0


@dataclass
class Report:
    first: dt.date
    last: dt.date
    lines: list = field(default_factory=list)
    total: CategoryLine = None


def month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def period_report(assets, asset_settings: AssetSettings, first: dt.date, last: dt.date) -> Report:
    """Depreciation by category over ``assets`` (with ``category`` loaded): the months from ``first``'s
    to ``last``'s (whole months), the fixed assets bought by the end and not written off before the start."""
    start, end = first.replace(day=1), month_end(last)
    before = start - dt.timedelta(days=1)
    by_category: dict[int, CategoryLine] = {}
    total = CategoryLine(category=None)
    for asset in assets:
        if asset.is_low_value or asset.purchased_on > end:
            continue
        if asset.disposed_on is not None and asset.disposed_on < start:
            continue
        line = by_category.get(asset.category_id)
        if line is None:
            line = by_category[asset.category_id] = CategoryLine(category=asset.category, years=asset.category.years(asset_settings))
        done = accumulated(asset, asset_settings, end)
        charge = done - accumulated(asset, asset_settings, before)
        for target in (line, total):
            target.assets += 1
            target.value += asset.value
            target.charge += charge
            target.accumulated += done
            target.net += asset.value - done
    lines = sorted(by_category.values(), key=lambda line: (line.category.top, line.category.name))
    return Report(first=start, last=end, lines=lines, total=total)
