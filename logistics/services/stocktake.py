"""Stocktakes (盘点) of one store, counted on a phone.

When a stocktake starts, the balance of every item and lot of the store is copied (the book quantity
at that moment). Issues and receipts may go on while people count: when a line's count is entered,
what moved in the store for that item and lot since the start is recorded with it, and the variance
is ``counted − (book at start + moved since)``. An issue made during the count therefore never shows
as a shortage, and the adjustment posted after approval brings the books to what was on the shelf.

Counted → submitted → approved by the director, which posts one ledger ``adjust`` per line with a
variance (the stocktake is the moves' document) and completes the checklist run that opened it."""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.choices import NoticeKind
from campus.history import save_tracked
from campus.notifications import mark_read, notify
from campus.roles import Role
from checklists import services as checklist_services
from checklists.choices import RunStatus
from checklists.hooks import record_kind_for
from checklists.models import Run

from ..errors import StoresError
from ..models.flows import ZERO, Stocktake, StocktakeLine, StocktakeStatus
from ..models.ledger import Balance, StockMove
from . import ledger

OPEN = (StocktakeStatus.COUNTING, StocktakeStatus.SUBMITTED)


def _key(stocktake) -> str:
    return f"stocktake-{stocktake.pk}"


@transaction.atomic
def start_stocktake(store, *, user, run=None, note: str = "") -> Stocktake:
    if Stocktake.objects.filter(store=store, status__in=OPEN).exists():
        raise StoresError(_("A stocktake of %(store)s is already open: finish it first.") % {"store": store}, field="store")
    balances = list(Balance.objects.select_for_update(of=("self",)).filter(store=store).select_related("item", "lot").order_by("pk"))
    try:
        with transaction.atomic():
            stocktake = save_tracked(Stocktake(campus_id=store.campus_id, store=store, started_by=user, note=note,
                                               checklist_run_id=getattr(run, "pk", None)), user, gettext_noop("started"))
    except IntegrityError:
        raise StoresError(_("A stocktake of %(store)s is already open: finish it first.") % {"store": store},
                          field="store") from None
    StocktakeLine.objects.bulk_create([
        StocktakeLine(stocktake=stocktake, item=balance.item, lot=balance.lot, book_quantity=balance.quantity,
                      unit_cost=balance.unit_cost.quantize(Decimal("0.0001")))
        for balance in balances if balance.quantity != 0 or balance.item.is_active
    ])
    return stocktake


def _moved_since(stocktake: Stocktake, lines) -> dict:
    """{(item id, lot id): net quantity moved in the store since the stocktake started}, one query."""
    own = ContentType.objects.get_for_model(Stocktake)
    condition = Q()
    for line in lines:
        condition |= Q(item_id=line.item_id, lot_id=line.lot_id)
    if not lines:
        return {}
    rows = (StockMove.objects.filter(condition, store_id=stocktake.store_id, created_at__gt=stocktake.started_at)
            .exclude(document_type=own, document_id=stocktake.pk)
            .values("item_id", "lot_id").annotate(total=Sum("quantity")).order_by())
    return {(row["item_id"], row["lot_id"]): row["total"] for row in rows}


@transaction.atomic
def record_counts(stocktake: Stocktake, counts: dict, *, user, notes: dict | None = None) -> Stocktake:
    """``counts`` {line id: counted quantity or None (not counted yet)}; ``notes`` {line id: why it differs}."""
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    if stocktake.status != StocktakeStatus.COUNTING:
        raise StoresError(_("This stocktake is no longer being counted."))
    lines = {line.pk: line for line in stocktake.lines.filter(pk__in=[int(pk) for pk in counts])}
    errors = {}
    for pk, value in counts.items():
        if value is None:
            continue
        if isinstance(value, int):
            counts[pk] = value = Decimal(value)
        if not isinstance(value, Decimal) or not value.is_finite():  # NaN and Infinity are not numbers
            errors[f"count-{pk}"] = _("Not a number.")
        elif value < 0:
            errors[f"count-{pk}"] = _("A count cannot be negative.")
        elif value >= ledger.MAX_QUANTITY:
            errors[f"count-{pk}"] = _("This quantity is not plausible; check the unit.")
        elif value != value.quantize(Decimal("0.001")):
            errors[f"count-{pk}"] = _("At most three decimal places.")
    if errors:
        raise StoresError(errors)
    changed = [line for pk, line in lines.items() if counts.get(pk) is not None and
               (line.counted != counts[pk] or (notes or {}).get(pk, line.note) != line.note)]
    moved = _moved_since(stocktake, changed)
    now = timezone.now()
    for line in changed:
        line.counted, line.counted_by, line.counted_at = counts[line.pk], user, now
        line.moved_since = moved.get((line.item_id, line.lot_id), ZERO)
        line.note = ((notes or {}).get(line.pk, line.note) or "").strip()[:200]
    StocktakeLine.objects.bulk_update(changed, ["counted", "counted_by", "counted_at", "moved_since", "note"])
    return stocktake


@transaction.atomic
def submit_stocktake(stocktake: Stocktake, *, user) -> Stocktake:
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    if stocktake.status != StocktakeStatus.COUNTING:
        raise StoresError(_("This stocktake is no longer being counted."))
    missing = stocktake.lines.filter(counted__isnull=True).select_related("item")
    if missing:
        names = "、".join(str(line.item) for line in missing[:5])
        raise StoresError(_("Count every line first; not counted yet: %(items)s.") % {"items": names})
    unexplained = [line for line in stocktake.lines.select_related("item") if line.variance and not line.note]
    if unexplained:
        raise StoresError(_("Say why these differ from the books: %(items)s.") % {
            "items": "、".join(str(line.item) for line in unexplained[:5])})
    stocktake.status, stocktake.submitted_by, stocktake.submitted_at = StocktakeStatus.SUBMITTED, user, timezone.now()
    save_tracked(stocktake, user, gettext_noop("submitted"))
    notify(NoticeKind.STORES_APPROVAL, stocktake.campus, roles=[Role.DIRECTOR],
           title=_("Stocktake to approve: %(store)s") % {"store": stocktake.store},
           body=_("%(n)d lines differ from the books.") % {"n": len(variances(stocktake))},
           link=stocktake.get_absolute_url(), key=_key(stocktake))
    return stocktake


def variances(stocktake: Stocktake) -> list[StocktakeLine]:
    return [line for line in stocktake.lines.select_related("item", "lot") if line.variance]


@transaction.atomic
def approve_stocktake(stocktake: Stocktake, *, user) -> Stocktake:
    """The director approves the variances; each posts as a ledger adjustment with its reason."""
    stocktake = Stocktake.objects.select_for_update().select_related("store", "campus").get(pk=stocktake.pk)
    if stocktake.status != StocktakeStatus.SUBMITTED:
        raise StoresError(_("This stocktake is not waiting for approval."))
    if user.pk in (stocktake.started_by_id, stocktake.submitted_by_id):
        raise StoresError(_("The person who counted cannot approve the stocktake."))
    for line in variances(stocktake):
        reason = _("Stocktake %(day)s: %(note)s") % {"day": f"{timezone.localtime(stocktake.started_at):%Y-%m-%d}",
                                                       "note": line.note}
        line.move = ledger.adjust(stocktake.store, line.item, line.variance, lot=line.lot, user=user,
                                  document=stocktake, reason=reason[:200])
        line.save(update_fields=["move"])
    stocktake.status, stocktake.approved_by, stocktake.approved_at = StocktakeStatus.POSTED, user, timezone.now()
    save_tracked(stocktake, user, gettext_noop("approved and posted"))
    mark_read(stocktake.campus_id, [_key(stocktake)], kinds=[NoticeKind.STORES_APPROVAL])
    _complete_run(stocktake, user)
    return stocktake


def _complete_run(stocktake: Stocktake, user) -> None:
    """The checklist duty that opened this stocktake is done by it (checklists.hooks), unless someone
    has done that run meanwhile: the stocktake's approval does not wait on the checklist."""
    if not stocktake.checklist_run_id:
        return
    run = Run.objects.filter(pk=stocktake.checklist_run_id, campus_id=stocktake.campus_id).exclude(status=RunStatus.DONE).first()
    if run is None or record_kind_for(run.template) is None:
        return
    differing = len(variances(stocktake))
    checklist_services.complete_run_with_record(run, stocktake, user=user, anomalies=differing,
                                                note=_("%(n)d lines adjusted.") % {"n": differing})


@transaction.atomic
def cancel_stocktake(stocktake: Stocktake, *, user, reason: str) -> Stocktake:
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    if stocktake.status not in OPEN:
        raise StoresError(_("This stocktake is already closed."))
    if not (reason or "").strip():
        raise StoresError(_("Say why the stocktake is cancelled."), field="reason")
    stocktake.status, stocktake.note = StocktakeStatus.CANCELLED, reason.strip()[:200]
    save_tracked(stocktake, user, gettext_noop("cancelled"))
    mark_read(stocktake.campus_id, [_key(stocktake)], kinds=[NoticeKind.STORES_APPROVAL])
    return stocktake


def variance_total(stocktake) -> Decimal:
    return sum((line.variance_value or ZERO for line in stocktake.lines.all()), ZERO)
