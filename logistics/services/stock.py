"""Reads of the stores (balance lists, flags, alerts) and the chemicals count. Every read comes from
the balance rows (never from summing the history), in a fixed number of queries.

Flags: an item is *below minimum* when the campus holds less of it (all stores) than its minimum
level; a lot is *near expiry* when it expires within the campus's ``near_expiry_days``, *expired*
once its date has passed (and it still holds stock)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from campus.history import save_tracked
from campus.notifications import notify

from ..choices import ItemCategory
from ..errors import StoresError
from ..models import Balance, ChemicalCount, Item, Store
from .ledger import _day, _quantity, settings_for

ZERO = Decimal("0")


def fmt(quantity) -> str:
    """A quantity as people write it: 3, 2.5 (never 3.000)."""
    if quantity is None:
        return ""
    text = f"{Decimal(quantity).normalize():f}"
    return text


def store_items(store: Store):
    """The items of ``store``: held there now (or below zero), or kept there by default."""
    held = Balance.objects.filter(store=store).exclude(quantity=0).values("item_id")
    return Item.objects.filter(campus_id=store.campus_id).filter(Q(default_store=store) | Q(pk__in=held))


def balance_list(store: Store, day: dt.date):
    """The items of ``store`` (held there, or kept there by default), each annotated with ``qty`` and
    ``value`` in this store, ``campus_qty`` in all stores, the soonest valid expiry ``soonest`` and
    the quantity past its date ``expired_qty``. A queryset: filter it (``filter_flag``), paginate it
    (one query per page), then ``flag_rows``."""
    here = Q(balances__store=store)
    positive_here = here & Q(balances__quantity__gt=0)
    return (
        store_items(store)
        .annotate(
            qty=Coalesce(Sum("balances__quantity", filter=here), ZERO),
            value=Coalesce(Sum("balances__value", filter=here), ZERO),
            campus_qty=Coalesce(Sum("balances__quantity"), ZERO),
            soonest=Min("balances__lot__expires_on", filter=positive_here & Q(balances__lot__expires_on__gte=day)),
            expired_qty=Coalesce(Sum("balances__quantity", filter=positive_here & Q(balances__lot__expires_on__lt=day)), ZERO),
        )
        .order_by("category", "name", "specification", "pk")
    )


def flag_rows(items, day: dt.date, near_days: int) -> list:
    """Add ``low``, ``near`` and ``expired`` to each annotated item of ``balance_list``."""
    near_by = day + dt.timedelta(days=near_days)
    rows = list(items)
    for item in rows:
        item.low = item.minimum > 0 and item.campus_qty < item.minimum
        item.near = item.soonest is not None and item.soonest <= near_by
        item.expired = item.expired_qty > 0
    return rows


def filter_flag(items, flag: str, day: dt.date, near_days: int):
    """``balance_list`` narrowed to one flag, in the database (so pages stay one query)."""
    if flag == "low":
        return items.filter(minimum__gt=0, campus_qty__lt=F("minimum"))
    if flag == "near":
        return items.filter(soonest__lte=day + dt.timedelta(days=near_days))
    if flag == "expired":
        return items.filter(expired_qty__gt=0)
    return items


def low_items(campus) -> list:
    """The items of ``campus`` held below their minimum level (all stores together)."""
    return list(Item.objects.filter(campus=campus, is_active=True, minimum__gt=0)
                .annotate(stock=Coalesce(Sum("balances__quantity"), ZERO)).filter(stock__lt=F("minimum"))
                .order_by("category", "name"))


def expiring_balances(campus, day: dt.date, near_days: int | None = None):
    """Balance rows of ``campus`` holding a lot that has expired or expires within ``near_days``."""
    near_days = settings_for(campus).near_expiry_days if near_days is None else near_days
    return (Balance.objects.filter(store__campus=campus, quantity__gt=0, lot__expires_on__lte=day + dt.timedelta(days=near_days))
            .select_related("store", "item", "lot").order_by("lot__expires_on", "item__name"))


def store_flags(campus, day: dt.date) -> dict:
    """Per store of ``campus``: how many lots are near expiry and expired (one query)."""
    near_by = day + dt.timedelta(days=settings_for(campus).near_expiry_days)
    rows = (Balance.objects.filter(store__campus=campus, quantity__gt=0).values("store_id")
            .annotate(near=Count("id", filter=Q(lot__expires_on__gte=day, lot__expires_on__lte=near_by)),
                      expired=Count("id", filter=Q(lot__expires_on__lt=day))))
    return {row["store_id"]: row for row in rows}


def stock_summary(campus, day: dt.date) -> dict:
    """Counts for the dashboard and the keeper's home: items below minimum, lots near expiry, lots expired."""
    near_by = day + dt.timedelta(days=settings_for(campus).near_expiry_days)
    lots = Balance.objects.filter(store__campus=campus, quantity__gt=0).aggregate(
        near=Count("id", filter=Q(lot__expires_on__gte=day, lot__expires_on__lte=near_by)),
        expired=Count("id", filter=Q(lot__expires_on__lt=day)), held=Count("id"))
    low = (Item.objects.filter(campus=campus, is_active=True, minimum__gt=0)
           .annotate(stock=Coalesce(Sum("balances__quantity"), ZERO)).filter(stock__lt=F("minimum")).count())
    items = Item.objects.filter(campus=campus, is_active=True).count()
    return {"low": low, "near": lots["near"], "expired": lots["expired"], "held": lots["held"], "items": items}


def send_stock_alerts(campus, day: dt.date) -> int:
    """The daily alert to the keepers (logistics head, asset manager): items below minimum, lots near
    expiry or expired. One notice per kind per day (``key``), so running twice sends nothing more."""
    from campus.choices import NoticeKind
    from campus.roles import Role

    sent = 0
    low = low_items(campus)
    roles = [Role.LOGISTICS, Role.ASSETS]
    if low:
        names = "、".join(f"{item.name}（{fmt(item.stock)}/{fmt(item.minimum)}{item.unit}）" for item in low[:10])
        notify(NoticeKind.LOW_STOCK, campus, roles=roles,
               title=_("%(count)d items below their minimum level") % {"count": len(low)},
               body=names + ("…" if len(low) > 10 else ""), link=reverse("logistics:index"), key=f"logistics-low-{campus.pk}-{day}")
        sent += 1
    expiring = list(expiring_balances(campus, day))
    if expiring:
        expired = [b for b in expiring if b.lot.expires_on < day]
        body = "、".join(f"{b.item.name} {b.lot.code}（{b.lot.expires_on}）" for b in expiring[:10])
        notify(NoticeKind.STOCK_EXPIRY, campus, roles=roles,
               title=_("%(expired)d lots expired, %(near)d near expiry") % {"expired": len(expired), "near": len(expiring) - len(expired)},
               body=body + ("…" if len(expiring) > 10 else ""), link=reverse("logistics:index"), key=f"logistics-expiry-{campus.pk}-{day}")
        sent += 1
    return sent


def record_chemical_count(store: Store, item: Item, counted, *, user, note="", day=None) -> ChemicalCount:
    """The keeper's count of a chemical or disinfectant, kept with the balance on the books at that
    moment; a difference is flagged (settled by an adjustment with its reason, not here)."""
    if item.campus_id != store.campus_id:
        raise StoresError(_("This item is not in this campus's catalogue."), field="item")
    if item.category != ItemCategory.CHEMICAL:
        raise StoresError(_("Only hazardous chemicals and disinfectants are counted here."), field="item")
    counted = Decimal(counted)
    if counted < 0:
        raise StoresError(_("The count cannot be negative."), field="counted")
    if counted:
        _quantity(counted, field="counted")
    with transaction.atomic():
        on_books = Balance.objects.select_for_update(of=("self",)).filter(store=store, item=item)
        balance = sum((row.quantity for row in on_books), ZERO)
        count = ChemicalCount(campus_id=store.campus_id, store=store, item=item, counted=counted, balance=balance,
                              note=(note or "").strip()[:200], counted_by=user, day=_day(day))
        return save_tracked(count, user, "counted", clean=True)


def chemical_count_due(campus, day: dt.date) -> bool:
    """True when the chemicals cabinet holds something and has not been counted within the campus's
    ``chemical_check_days``."""
    every = settings_for(campus).chemical_check_days
    held = Balance.objects.filter(store__campus=campus, item__category=ItemCategory.CHEMICAL, quantity__gt=0).exists()
    if not held:
        return False
    return not ChemicalCount.objects.filter(campus=campus, day__gt=day - dt.timedelta(days=every)).exists()


