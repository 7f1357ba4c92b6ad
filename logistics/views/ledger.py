"""Ledger pages: stores and their balances, the catalogue (with xlsx import/export), an item's card,
the move forms (receive, issue, transfer, write-off, reverse), the settings and the chemicals count.
Every write goes through ``logistics.services``; every object is loaded through ``campus.scoping``."""

import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from campus import dates
from campus.access import may_open, staff_required
from campus.errors import service_call
from campus.exports import xlsx_response
from campus.history import history_entries
from campus.registers import register_view
from campus.roles import Role
from campus.scoping import get_scoped_object_or_404, in_current_campus, scoped

from .. import services
from ..choices import ItemCategory
from ..forms.ledger import (
    ChemicalCountForm,
    ImportForm,
    IssueForm,
    ItemForm,
    KitchenIssueForm,
    ReceiveForm,
    ReverseForm,
    SettingsForm,
    StoreForm,
    TransferForm,
    WriteOffForm,
)
from ..models import Balance, Item, StockMove, Store
from ..registers import ledger as registers

VIEW = "logistics.view_item"
MOVE = "logistics.add_stockmove"
MOVES_PER_PAGE = 30
ITEMS_PER_PAGE = 50
BALANCES_PER_PAGE = 50


@staff_required(perm=VIEW)
def index(request):
    """The stores of the campus, each with its flags (below minimum, near expiry, expired)."""
    stores = list(in_current_campus(request, Store).filter(is_active=True).select_related("place"))
    flags = services.store_flags(request.campus, timezone.localdate())
    for store in stores:
        store.flags = flags.get(store.pk, {})
    return render(request, "logistics/index.html", {"stores": stores})


@staff_required(perm=VIEW)
def store_detail(request, pk):
    """A store's balance list: what it holds of each item (lots apart), value, and the flags."""
    store = get_scoped_object_or_404(request, Store.objects.select_related("place"), pk=pk)
    day, near_days = timezone.localdate(), services.settings_for(request.campus).near_expiry_days
    only = request.GET.get("only", "")
    if only:  # a flag filter needs every item's sums to choose the rows
        items = services.filter_flag(services.balance_list(store, day), only, day, near_days)
        page = Paginator(items, BALANCES_PER_PAGE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
    else:  # the page's items first (counted and ordered on the item table), then the sums of those 50 only
        items = services.store_items(store).order_by("category", "name", "specification", "pk").values_list("pk", flat=True)
        page = Paginator(items, BALANCES_PER_PAGE).get_page(request.GET.get("page"))
        ids = list(page.object_list)
        by_id = {item.pk: item for item in services.balance_list(store, day).filter(pk__in=ids)}
        rows = [by_id[pk] for pk in ids]
    page.object_list = services.flag_rows(rows, day, near_days)
    return render(request, "logistics/store_detail.html", {
        "store": store, "page": page, "only": only, "near_days": near_days,
        "flags": [("", _("All")), ("low", _("Below minimum")), ("near", _("Near expiry")), ("expired", _("Expired"))],
    })


@staff_required(perm="logistics.add_store")
def store_add(request):
    return _store_form(request, Store(campus=request.campus))


@staff_required(perm="logistics.change_store")
def store_edit(request, pk):
    return _store_form(request, get_scoped_object_or_404(request, Store, pk=pk))


def _store_form(request, store):
    form = StoreForm(request.POST or None, instance=store)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.save_store(form.instance, request.user, request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Store saved."))
            return redirect(store)
    return render(request, "logistics/form.html", {"form": form, "title": _("Store"), "obj": store if store.pk else None,
                                                   "ask_reason": bool(store.pk), "back": reverse("logistics:index"),
                                                   "history": history_entries(store) if store.pk else []})


@staff_required(perm=VIEW)
def item_list(request):
    """The catalogue: search by name or specification, filter by category; each item with its stock."""
    query, category = request.GET.get("q", "").strip()[:60], request.GET.get("category", "")
    items = in_current_campus(request, Item).select_related("default_store").annotate(stock=Sum("balances__quantity"))
    if query:
        items = items.filter(Q(name__icontains=query) | Q(specification__icontains=query))
    if category in ItemCategory.values:
        items = items.filter(category=category)
    if request.GET.get("inactive") != "1":
        items = items.filter(is_active=True)
    page = Paginator(items.order_by("category", "name", "specification"), ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "logistics/item_list.html", {"page": page, "query": query, "category": category,
                                                        "categories": ItemCategory.choices})


@staff_required(perm="logistics.add_item")
def item_add(request):
    return _item_form(request, Item(campus=request.campus))


@staff_required(perm="logistics.change_item")
def item_edit(request, pk):
    return _item_form(request, get_scoped_object_or_404(request, Item, pk=pk))


def _item_form(request, item):
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.save_item(form.instance, request.user, request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Item saved."))
            return redirect(item)
    return render(request, "logistics/form.html", {"form": form, "title": pgettext("stores", "Item"), "obj": item if item.pk else None,
                                                   "ask_reason": bool(item.pk), "back": reverse("logistics:item_list"),
                                                   "history": history_entries(item) if item.pk else []})


@staff_required(perm=VIEW)
def item_detail(request, pk):
    """An item's card (物品卡): its balance per store and lot, then its moves, newest first, a page at a time."""
    item = get_scoped_object_or_404(request, Item.objects.select_related("default_store"), pk=pk)
    balances = list(Balance.objects.filter(item=item).exclude(quantity=0).select_related("store", "lot")
                    .order_by("store__name", "lot__expires_on", "lot_id"))
    # "reversed" is an EXISTS per shown row, not a COUNT with a GROUP BY over the item's whole history:
    # the page reads its 30 rows backwards along the (item, day, id) index and stops
    moves = (StockMove.objects.filter(item=item).select_related("store", "lot", "to_classroom", "to_person", "witness",
                                                                "created_by__staff", "reverses")
             .annotate(reversed=Exists(StockMove.objects.filter(reverses=OuterRef("pk")))).order_by("-day", "-id"))
    paginator = Paginator(moves, MOVES_PER_PAGE)
    paginator.count = item_move_count(item)  # one indexed count, not a count of the annotated query
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "logistics/item_detail.html", {
        "item": item, "balances": balances, "page": page, "today": timezone.localdate(),
        "stock": sum((b.quantity for b in balances), 0), "value": sum((b.value for b in balances), 0),
    })


def item_move_count(item) -> int:
    return StockMove.objects.filter(item=item).count()


# --- moves ----------------------------------------------------------------------------------------------


def _initial(request, *names) -> dict:
    return {name: request.GET[name] for name in names if request.GET.get(name, "").isdigit()}


def _after_move(request, moves, message):
    messages.success(request, message)
    item = moves[0].item if moves else None
    return redirect(item) if item else redirect("logistics:index")


@staff_required(perm=MOVE)
def receive(request):
    form = ReceiveForm(request.POST or None, campus=request.campus, initial=_initial(request, "store", "item"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form) as call:
            moves = services.receive(data["store"], [{
                "item": data["item"], "quantity": data["quantity"], "unit_cost": data["unit_cost"],
                "lot_code": data["lot_code"], "expires_on": data["expires_on"]}],
                user=request.user, reason=data["reason"], day=data["day"])
        if call.ok:
            return _after_move(request, moves, _("Received into the store."))
    return render(request, "logistics/move_form.html", {"form": form, "title": _("Receive stock")})


@staff_required(perm=MOVE)
def issue(request):
    form = IssueForm(request.POST or None, campus=request.campus, initial=_initial(request, "store", "item"))
    if not services.may_override_keeper(request.user):  # only a director or the logistics head issues for the keeper
        del form.fields["keeper_override"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        to = data["to_classroom"] or data["to_person"] or data["to_text"]
        with service_call(form) as call:
            moves = services.issue(data["store"], data["item"], data["quantity"], user=request.user, reason=data["reason"],
                                   to=to, lot=data["lot"], witness=data["witness"], purpose=data["purpose"],
                                   dilution=data["dilution"], keeper_override=data.get("keeper_override", ""))
        if call.ok:
            return _after_move(request, moves, _("Issued."))
    return render(request, "logistics/move_form.html", {"form": form, "title": _("Issue stock")})


@staff_required(perm=MOVE)
def write_off(request):
    form = WriteOffForm(request.POST or None, campus=request.campus, initial=_initial(request, "store", "item"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form) as call:
            moves = services.write_off(data["store"], data["item"], data["quantity"], user=request.user,
                                       reason=data["reason"], lot=data["lot"])
        if call.ok:
            return _after_move(request, moves, _("Written off."))
    return render(request, "logistics/move_form.html", {"form": form, "title": _("Write off stock")})


@staff_required(perm=MOVE)
def transfer(request):
    targets = scoped(request, Store).filter(is_active=True)  # the stores of every campus the user works on
    form = TransferForm(request.POST or None, campus=request.campus, stores=targets.select_related("campus"),
                        initial=_initial(request, "store", "item"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form) as call:
            pairs = services.transfer(data["store"], data["to_store"], data["item"], data["quantity"], user=request.user,
                                      reason=data["reason"])
        if call.ok:
            return _after_move(request, [out for out, _in in pairs], _("Transferred."))
    return render(request, "logistics/move_form.html", {"form": form, "title": _("Transfer stock")})


@staff_required(perm=VIEW)
def move_detail(request, pk):
    move = get_scoped_object_or_404(request, StockMove.objects.select_related(
        "store", "item", "lot", "to_classroom", "to_person", "witness", "created_by__staff", "reverses", "pair"), pk=pk)
    reversal = StockMove.objects.filter(reverses=move).first()
    form = ReverseForm() if request.user.has_perm(MOVE) and not reversal and move.kind != "reversal" else None
    return render(request, "logistics/move_detail.html", {"move": move, "reversal": reversal, "form": form})


@staff_required(perm=MOVE)
@require_POST
def move_reverse(request, pk):
    move = get_scoped_object_or_404(request, StockMove.objects.select_related("store", "item", "lot"), pk=pk)
    form = ReverseForm(request.POST)
    if form.is_valid():
        with service_call(form) as call:
            services.reverse(move, user=request.user, reason=form.cleaned_data["reason"])
        if call.ok:
            messages.success(request, _("Reversed: the balance is as before this move."))
            return redirect(move.item)
    return render(request, "logistics/move_detail.html", {"move": move, "reversal": None, "form": form})


# --- settings, chemicals ------------------------------------------------------------------------------


@staff_required(perm="logistics.change_logisticssettings")
def settings_edit(request):
    obj = services.settings_for(request.campus)
    form = SettingsForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.update_settings(obj, form.cleaned_data, request.user, request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Stores settings saved."))
            return redirect("logistics:settings")
    return render(request, "logistics/form.html", {"form": form, "title": _("Stores settings"), "obj": obj, "ask_reason": True,
                                                   "history": history_entries(obj), "back": reverse("logistics:index")})


@staff_required(perm="logistics.add_chemicalcount")
def chemical_count(request):
    """The keeper's count of the chemicals cabinet against the balance (weekly by default)."""
    form = ChemicalCountForm(request.POST or None, campus=request.campus, initial=_initial(request, "store", "item"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form) as call:
            count = services.record_chemical_count(data["store"], data["item"], data["counted"], user=request.user,
                                                   note=data["note"])
        if call.ok:
            if count.difference:
                messages.warning(request, _("Counted %(counted)s, the books say %(balance)s: the difference is flagged. "
                                            "Settle it with a stocktake adjustment and its reason.") % {
                    "counted": services.fmt(count.counted), "balance": services.fmt(count.balance)})
            else:
                messages.success(request, _("Count recorded: it matches the books."))
            return redirect("logistics:chemical_counts")
    return render(request, "logistics/move_form.html", {"form": form, "title": _("Count chemicals")})


chemical_counts = register_view(registers.CHEMICAL_COUNTS)
ledger_register = register_view(registers.LEDGER)
chemical_register = register_view(registers.CHEMICAL_ISSUES)


# --- catalogue import / export --------------------------------------------------------------------------

SESSION_KEY = "logistics_catalogue_upload"
STASH_MAX_AGE = 24 * 3600


def _stash_dir() -> Path:
    path = Path(settings.VAR_DIR) / "catalogue-uploads"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _stash(request, content: bytes) -> str:
    now = time.time()
    for old in _stash_dir().glob("*.xlsx"):
        try:
            if now - old.stat().st_mtime > STASH_MAX_AGE:
                old.unlink(missing_ok=True)
        except OSError:
            pass
    token = secrets.token_urlsafe(24)
    fd = os.open(_stash_dir() / f"{token}.xlsx", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    request.session[SESSION_KEY] = {"token": token, "campus": request.campus.pk}
    return token


def _stashed(request, token: str):
    stash = request.session.get(SESSION_KEY) or {}
    if not token or stash.get("token") != token or stash.get("campus") != request.campus.pk:
        return None
    path = _stash_dir() / f"{stash['token']}.xlsx"
    return path.read_bytes() if path.exists() else None


def _drop_stash(request):
    stash = request.session.pop(SESSION_KEY, None) or {}
    if stash.get("token"):
        (_stash_dir() / f"{stash['token']}.xlsx").unlink(missing_ok=True)


@staff_required(perm="logistics.add_item")
def item_import(request):
    """Upload the catalogue; the answer is the preview (nothing saved yet), every mistake by its row."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        with service_call(form, field="file") as call:
            outcome = services.import_catalogue(request.campus, content, user=request.user, dry_run=True)
        if call.ok:
            token = _stash(request, content) if outcome.ok else None
            return render(request, "logistics/item_import_preview.html", {
                "outcome": outcome, "token": token, "form": ImportForm(), "filename": form.cleaned_data["file"].name})
    return render(request, "logistics/item_import.html", {"form": form, "columns": services.CATALOGUE_COLUMNS})


@staff_required(perm="logistics.add_item")
@require_POST
def item_import_confirm(request):
    content = _stashed(request, request.POST.get("token", ""))
    if content is None:
        messages.error(request, _("The uploaded file is no longer here. Please upload it again."))
        return redirect("logistics:item_import")
    with service_call(request=request) as call:
        outcome = services.import_catalogue(request.campus, content, user=request.user, dry_run=False)
    _drop_stash(request)
    if not call.ok or not outcome.saved:
        return redirect("logistics:item_import")
    messages.success(request, _("Catalogue imported: %(new)d added, %(update)d updated, %(same)d unchanged.") % outcome.totals)
    return redirect("logistics:item_list")


@staff_required(perm=VIEW)
def item_export(request):
    filename = _("%(campus)s catalogue %(date)s.xlsx") % {"campus": request.campus.name,
                                                           "date": timezone.localdate().strftime("%Y-%m-%d")}
    return xlsx_response(services.export_catalogue(request.campus), filename)


# --- the food store: the kitchen's daily issue ---------------------------------------------------------


# The cook draws the day's food from the store as well as the keepers (the menu proposes the quantities).
KITCHEN_ISSUERS = [Role.COOK, Role.LOGISTICS, Role.ASSETS]


@staff_required(roles=KITCHEN_ISSUERS)
def kitchen_issue(request):
    """The day's issue from the food store to the kitchen: the quantities proposed from the day's menu
    (grams per child × the children eating), edited before posting, or entered by hand. Expired lots
    are never issued: the page shows what can be issued."""
    store = services.food_store(request.campus)
    if store is None:
        messages.error(request, _("This campus has no food store yet."))
        return redirect("logistics:index" if may_open(request.user, reverse("logistics:index")) else "home")
    day = dates.date_param(request, "day")
    listed = services.flag_rows(services.balance_list(store, day), day, services.settings_for(request.campus).near_expiry_days)
    proposal = services.proposed_issue(store, day, listed)
    items = sorted((item for item in listed if item.qty > 0), key=lambda item: item.pk not in proposal.lines)
    initial = {"day": day, **{f"item_{pk}": line.quantity for pk, line in proposal.lines.items() if line.quantity}}
    form = KitchenIssueForm(request.POST or None, items=items, initial=initial, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        lines = [(item, form.cleaned_data[f"item_{item.pk}"]) for item in items if form.cleaned_data.get(f"item_{item.pk}")]
        with service_call(form, fields={f"lines-{n}-quantity": f"item_{item.pk}" for n, (item, _q) in enumerate(lines)}) as call:
            services.issue_to_kitchen(store, lines, user=request.user, day=form.cleaned_data["day"])
        if call.ok:
            messages.success(request, _("Issued to the kitchen."))
            if may_open(request.user, store.get_absolute_url()):
                return redirect(store)
            return redirect(f"{reverse('logistics:kitchen_issue')}?day={(form.cleaned_data['day'] or day).isoformat()}")
    short = [line for line in proposal.lines.values() if line.short]
    missing = [line for line in proposal.lines.values() if line.item.qty <= 0]
    return render(request, "logistics/kitchen_issue.html", {
        "form": form, "store": store, "items": items, "proposal": proposal, "short": short, "missing": missing,
        "back": reverse("logistics:index") if may_open(request.user, reverse("logistics:index")) else reverse("kitchen:index"),
    })
