"""The registers of the stores flows (campus.registers: page, xlsx and A4 print): purchase requests
(申购审批), requisitions, the requisition register (领用登记: one line per item handed over, with
the receiver's signature), the stocktake sheet (盘点表, with variances) and the per-class
consumption report (what each class used, at what cost, by month or term)."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from campus.models import Term
from campus.money import Yuan
from campus.people import display_name
from campus.registers import AddLink, Column, Filter, Register, class_filter
from campus.scoping import in_current_campus, visible_classrooms

from .models.flows import (
    PurchaseRequest,
    PurchaseStatus,
    Requisition,
    RequisitionIssueLine,
    RequisitionStatus,
    Stocktake,
    StocktakeLine,
)
from .models.ledger import Store


def num(value) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _when(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def _day(value):
    return timezone.localtime(value).date() if value else ""


def _stores(request):
    return [(s.pk, s.name) for s in in_current_campus(request, Store).filter(is_active=True)]


# --- purchase requests ----------------------------------------------------------------------------


def _approvers(p) -> str:
    names = [display_name(u) for u in (p.approved_by, p.second_approved_by) if u is not None]
    return "、".join(names)


PURCHASES = Register(
    title=gettext_lazy("Purchase requests"), model=PurchaseRequest, permission="logistics.view_purchaserequest",
    date_field="requested_at__date",
    select_related=("requested_by__staff", "approved_by__staff", "second_approved_by__staff"),
    prefetch_related=("lines__item",), order_by=("-requested_at", "-id"),
    filters=[Filter("status", gettext_lazy("Status"), lambda request: PurchaseStatus.choices, "status")],
    columns=[
        Column(pgettext_lazy("document", "Number"), lambda p: p.number),
        Column(gettext_lazy("Date"), lambda p: _day(p.requested_at)),
        Column(gettext_lazy("What for"), lambda p: p.title),
        Column(gettext_lazy("Items and quantities"), lambda p: "；".join(f"{line.label} {num(line.quantity)}{line.unit_label}" for line in p.lines.all())),
        Column(gettext_lazy("Estimated (yuan)"), lambda p: Yuan(sum((line.estimated_total for line in p.lines.all()), Decimal(0)))),
        Column(gettext_lazy("Requested by"), lambda p: display_name(p.requested_by)),
        Column(gettext_lazy("Approved by"), _approvers),
        Column(pgettext_lazy("flows register", "Status"), lambda p: p.get_status_display()),
    ],
    link=lambda p: p.get_absolute_url(), filename="purchases", default_range=lambda today: (today.replace(month=1, day=1), today),
    add=AddLink("logistics:purchase_add", gettext_lazy("Request a purchase"), "logistics.add_purchaserequest"),
)


# --- requisitions ---------------------------------------------------------------------------------


REQUISITIONS = Register(
    title=gettext_lazy("Requisitions"), model=Requisition, permission="logistics.view_requisition",
    date_field="requested_at__date", select_related=("classroom", "requested_by__staff", "store"),
    prefetch_related=("lines__item",), order_by=("-requested_at", "-id"),
    filters=[class_filter(), Filter("status", gettext_lazy("Status"), lambda request: RequisitionStatus.choices, "status")],
    columns=[
        Column(pgettext_lazy("document", "Number"), lambda r: r.number),
        Column(gettext_lazy("Date"), lambda r: _day(r.requested_at)),
        Column(gettext_lazy("For"), lambda r: r.for_whom),
        Column(gettext_lazy("Items and quantities"), lambda r: "；".join(f"{line.item} {num(line.quantity)}{line.item.unit}" for line in r.lines.all())),
        Column(gettext_lazy("Requested by"), lambda r: display_name(r.requested_by)),
        Column(pgettext_lazy("flows register", "Status"), lambda r: r.get_status_display()),
    ],
    link=lambda r: r.get_absolute_url(), filename="requisitions", default_range=lambda today: (today.replace(day=1), today),
    add=AddLink("logistics:requisition_add", gettext_lazy("Request supplies"), "logistics.add_requisition"),
)


def _signed(line) -> str:
    issue = line.issue
    if issue.signed_at:
        return _("%(name)s signed %(when)s") % {"name": display_name(issue.receiver), "when": _when(issue.signed_at)}
    return _("%(name)s (not signed yet)") % {"name": display_name(issue.receiver)}


ISSUES = Register(
    title=gettext_lazy("Requisition register"), model=RequisitionIssueLine, permission="logistics.view_requisition",
    date_field="issue__issued_at__date",
    select_related=("item", "issue__requisition__classroom", "issue__issued_by__staff", "issue__receiver__staff"),
    order_by=("issue__issued_at", "issue_id", "id"),
    filters=[class_filter("issue__requisition__classroom")],
    columns=[
        Column(gettext_lazy("Date"), lambda line: _day(line.issue.issued_at)),
        Column(gettext_lazy("For"), lambda line: line.issue.requisition.for_whom),
        Column(pgettext_lazy("stores", "Item"), lambda line: str(line.item)),
        Column(gettext_lazy("Quantity"), lambda line: f"{num(line.quantity)}{line.item.unit}"),
        Column(gettext_lazy("Value (yuan)"), lambda line: Yuan(line.value)),
        Column(gettext_lazy("Issued by"), lambda line: display_name(line.issue.issued_by)),
        Column(gettext_lazy("Received by"), _signed),
    ],
    link=lambda line: line.issue.requisition.get_absolute_url(), filename="requisition-register",
)


# --- stocktake sheet ------------------------------------------------------------------------------


def _stocktakes(request):
    return [(s.pk, str(s)) for s in in_current_campus(request, Stocktake).select_related("store")[:30]]


STOCKTAKE_SHEET = Register(
    title=gettext_lazy("Stocktake sheet"), model=StocktakeLine, permission="logistics.view_stocktake",
    date_field="stocktake__started_at__date", select_related=("item", "lot", "stocktake__store"),
    order_by=("stocktake__started_at", "stocktake_id", "item__category", "item__name", "lot__expires_on", "id"),
    filters=[Filter("stocktake", gettext_lazy("Stocktake"), _stocktakes, "stocktake"),
             Filter("store", gettext_lazy("Store"), _stores, "stocktake__store")],
    columns=[
        Column(gettext_lazy("Date"), lambda line: _day(line.stocktake.started_at)),
        Column(gettext_lazy("Store"), lambda line: line.stocktake.store.name),
        Column(pgettext_lazy("stores", "Item"), lambda line: str(line.item)),
        Column(gettext_lazy("Lot"), lambda line: str(line.lot) if line.lot else ""),
        Column(gettext_lazy("Unit"), lambda line: line.item.unit),
        Column(gettext_lazy("On the books at the start"), lambda line: num(line.book_quantity)),
        Column(gettext_lazy("Moved since"), lambda line: num(line.moved_since) if line.moved_since else ""),
        Column(gettext_lazy("Counted"), lambda line: num(line.counted)),
        Column(gettext_lazy("Variance"), lambda line: num(line.variance) if line.variance else ""),
        Column(gettext_lazy("Variance (yuan)"), lambda line: Yuan(line.variance_value) if line.variance else ""),
        Column(gettext_lazy("Why it differs"), lambda line: line.note),
    ],
    link=lambda line: line.stocktake.get_absolute_url(), filename="stocktake-sheet",
    default_range=lambda today: (today.replace(month=1, day=1), today),
)


# --- per-class consumption ------------------------------------------------------------------------


def _consumption_rows(request, period) -> list[dict]:
    qs = in_current_campus(request, RequisitionIssueLine).filter(
        issue__requisition__classroom__isnull=False, issue__issued_at__date__range=(period.first, period.last))
    chosen = request.GET.get("class", "")
    if chosen.isdigit():
        qs = qs.filter(issue__requisition__classroom_id=int(chosen))
    totals = (qs.values("issue__requisition__classroom__name", "item__name", "item__specification", "item__unit")
              .annotate(quantity=Sum("quantity"), value=Sum("value"))
              .order_by("issue__requisition__classroom__name", "item__name", "item__specification"))
    rows, by_class = [], defaultdict(lambda: Decimal(0))
    for row in totals:
        name = row["issue__requisition__classroom__name"]
        item = row["item__name"] + (f"（{row['item__specification']}）" if row["item__specification"] else "")
        rows.append({"class": name, "item": item, "quantity": f"{num(row['quantity'])}{row['item__unit']}", "value": row["value"]})
        by_class[name] += row["value"] or 0
    result, seen = [], None
    for row in rows:
        if seen is not None and row["class"] != seen:
            result.append({"class": seen, "item": _("Total"), "quantity": "", "value": by_class[seen]})
        seen = row["class"]
        result.append(row)
    if seen is not None:
        result.append({"class": seen, "item": _("Total"), "quantity": "", "value": by_class[seen]})
    return result


def _consumption_context(request, period, objects):
    today = timezone.localdate()
    term = Term.objects.filter(campus=request.campus, starts_on__lte=today, ends_on__gte=today).first()
    return {"term": term, "month_first": today.replace(day=1), "today": today,
            "class_choices": [(c.pk, c.name) for c in visible_classrooms(request)]}


CONSUMPTION = Register(
    title=gettext_lazy("Consumption by class"), permission="logistics.view_requisition",
    source=_consumption_rows,
    filters=[class_filter("issue__requisition__classroom")],
    columns=[
        Column(gettext_lazy("Class"), lambda row: row["class"]),
        Column(pgettext_lazy("stores", "Item"), lambda row: row["item"]),
        Column(gettext_lazy("Quantity"), lambda row: row["quantity"]),
        Column(gettext_lazy("Cost (yuan)"), lambda row: Yuan(row["value"] or 0)),
    ],
    intro="logistics/flows/_consumption_intro.html", context=_consumption_context, filename="class-consumption",
)
