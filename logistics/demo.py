"""Stores demo data: on both campuses, the stores (general store, food store, health room, chemicals
cabinet), a catalogue of about 150 items, and a term of moves made through the ledger services
(receipts at term start, issues to the classes every few weeks, chemicals issued with a second person
present, a transfer to the village campus, a reversal), with a lot expired, one near expiry, items
below minimum and a chemicals count with a difference. Idempotent: moves are made once per campus."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_noop

from campus.models import Classroom

from . import services
from .choices import ItemCategory, StoreKind
from .demo_data import LIMITS, POLICY, rows
from .demo_flows import seed_flows
from .models import Item, StockMove, Store

STORES = [  # (name, place name, kind)
    ("总务仓库", "总务仓库", StoreKind.GENERAL),
    ("食品库房", "食品库房", StoreKind.FOOD),
    ("保健室", "保健室", StoreKind.GENERAL),
    ("危化品柜", "总务仓库", StoreKind.CHEMICALS),
]
KEEPERS = {"central": "assets", "village": "director2"}
WITNESSES = {"central": "logistics", "village": "vhealth"}


def _stores(ctx, code, campus) -> dict:
    stores = {}
    for name, place_name, kind in STORES:
        place = ctx.places[(code, place_name)]
        store = Store.objects.filter(campus=campus, name=name).first()
        if store is None:
            store = services.save_store(Store(campus=campus, place=place, name=name, kind=kind), ctx.users[KEEPERS[code]],
                                        gettext_noop("demo data"))
        stores[name] = store
    return stores


def _store_of(category, stores):
    if category == ItemCategory.CHEMICAL:
        return stores["危化品柜"]
    return stores[POLICY[category][2]]


def _items(ctx, code, campus, stores) -> list:
    existing = {(i.name, i.specification): i for i in Item.objects.filter(campus=campus)}
    items = []
    for n, (category, name, spec, unit, price, minimum) in enumerate(rows()):
        if code == "village" and n % 2:  # the village keeps half the catalogue
            continue
        item = existing.get((name, spec))
        if item is None:
            tracks, expiry, _store, _months = POLICY[category]
            item = Item(campus=campus, name=name, specification=spec, category=category, unit=unit, price=Decimal(price),
                        minimum=Decimal(minimum), default_store=_store_of(category, stores), tracks_lots=tracks,
                        expiry_required=expiry, max_per_issue=Decimal(LIMITS[name]) if name in LIMITS else None)
            item.save()
        items.append(item)
    return items


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _moves(ctx, code, campus, stores, items) -> None:
    keeper, witness = ctx.users[KEEPERS[code]], ctx.staff[WITNESSES[code]]
    rng, today = ctx.rng, ctx.today
    start = min(ctx.terms[code].starts_on, today - dt.timedelta(days=60))
    classes = list(Classroom.objects.filter(campus=campus).order_by("name"))
    stock = {}
    for item in items:
        store = item.default_store
        months = POLICY[item.category][3]
        quantity = max(item.minimum * 3, Decimal(rng.choice([4, 6, 8, 10])))
        expires = _add_months(start, months) if item.expiry_required else None
        if item.name == "全脂奶粉":
            expires = today - dt.timedelta(days=3)  # a lot past its date, still on the shelf
        elif item.name == "红枣":
            expires = today + dt.timedelta(days=10)  # near expiry
        services.receive(store, [{"item": item, "quantity": quantity, "lot_code": f"{start:%Y%m%d}", "expires_on": expires}],
                         user=keeper, reason="开学备货入库", day=start)
        stock[item.pk] = quantity
    issued = []
    day = start + dt.timedelta(days=7)
    while day <= today:
        for item in items:
            if item.minimum <= 0 or item.name in ("全脂奶粉",) or rng.random() < 0.5:
                continue
            take = min(stock[item.pk], max(Decimal(1), (item.minimum * Decimal(rng.choice(["0.3", "0.5", "0.8"]))).quantize(Decimal(1))))
            if item.max_per_issue:
                take = min(take, item.max_per_issue)
            if take <= 0:
                continue
            room = rng.choice(classes) if classes else None
            extra = {}
            if item.category == ItemCategory.CHEMICAL:
                extra = {"witness": witness, "purpose": rng.choice(["玩具消毒", "地面消毒", "餐具浸泡消毒", "卫生间消毒"]),
                         "dilution": "1:100" if "84" in item.name else ""}
            moves = services.issue(item.default_store, item, take, user=keeper, reason="班级领用", to=room or "后勤", day=day, **extra)
            stock[item.pk] -= take
            issued.extend(moves)
        day += dt.timedelta(days=21)
    # below minimum: the printer paper runs short
    paper = next((i for i in items if i.name == "A4打印纸"), None)
    if paper and stock[paper.pk] > 3:
        services.issue(paper.default_store, paper, stock[paper.pk] - 3, user=keeper, reason="期中考试印材料", to="办公室", day=today)
    if issued:  # a wrong issue corrected by a reversing move
        services.reverse(issued[len(issued) // 2], user=keeper, reason="数量录错，按实际重新登记")
    bleach = next((i for i in items if i.name == "84消毒液"), None)
    if bleach:
        on_books = services.balance_of(bleach.default_store, bleach)
        if on_books > 0:
            services.record_chemical_count(bleach.default_store, bleach, on_books - 1, user=keeper, note="少一瓶，待查",
                                           day=today - dt.timedelta(days=8))


def _transfer(ctx, central_stores) -> None:
    tissue = Item.objects.filter(campus=ctx.campuses["central"], name="抽纸").first()
    village_store = Store.objects.filter(campus=ctx.campuses["village"], name="总务仓库").first()
    if tissue and village_store and services.balance_of(central_stores["总务仓库"], tissue) >= 20:
        services.transfer(central_stores["总务仓库"], village_store, tissue, 20, user=ctx.users["assets"], reason="分园抽纸不足，调拨支援")


MENU_ISSUE = "按当日菜谱领料"


def _menu_issues(ctx, campus) -> None:
    """The kitchen's daily issue of the last three school days, as the menu proposed it (the cook posts it)."""
    store = services.food_store(campus)
    if store is None or StockMove.objects.filter(campus=campus, reason=MENU_ISSUE).exists():
        return
    days, day = [], ctx.today - dt.timedelta(days=1)
    while len(days) < 3:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    near = services.settings_for(campus).near_expiry_days
    for day in reversed(days):
        proposal = services.proposed_issue(store, day, services.flag_rows(services.balance_list(store, day), day, near))
        lines = [(line.item, line.quantity) for line in proposal.lines.values() if line.quantity]
        if lines:
            services.issue_to_kitchen(store, lines, user=ctx.users["cook"], day=day, reason=MENU_ISSUE)


def seed(ctx) -> None:
    made = {}
    for code in ("central", "village"):
        campus = ctx.campuses[code]
        rules = services.settings_for(campus)
        if rules.chemicals_keeper_id is None:
            services.update_settings(rules, {"chemicals_keeper": ctx.staff[KEEPERS[code]]}, ctx.users[KEEPERS[code]],
                                     gettext_noop("demo data"))
        stores = _stores(ctx, code, campus)
        items = _items(ctx, code, campus, stores)
        if not StockMove.objects.filter(campus=campus).exists():
            _moves(ctx, code, campus, stores, items)
            made[code] = stores
    if "central" in made:
        _transfer(ctx, made["central"])
    _menu_issues(ctx, ctx.campuses["central"])
    ctx.log.append(f"stores: {Item.objects.count()} items, {StockMove.objects.count()} stock moves")
    seed_flows(ctx)
