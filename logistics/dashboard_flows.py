"""The flows' part of the stores dashboard card and home-page to-dos: what waits for the director's
approval, what the store keeper must issue, order or receive, and the goods a receiver must sign for."""

import datetime as dt

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.ui import Card, CardState, Todo

from .models.flows import (
    OPEN_ORDER,
    WAITING_APPROVAL,
    PurchaseRequest,
    PurchaseStatus,
    Requisition,
    RequisitionIssue,
    RequisitionStatus,
    Stocktake,
    StocktakeStatus,
)

LATE_AFTER = dt.timedelta(days=3)  # an approval waiting longer than this is late


def _waiting(campus) -> dict:
    """Counts and oldest dates of what waits, three queries."""
    purchases = PurchaseRequest.objects.filter(campus=campus).aggregate(
        approve=Count("pk", filter=Q(status__in=WAITING_APPROVAL)),
        approve_since=Min("requested_at", filter=Q(status__in=WAITING_APPROVAL)),
        order=Count("pk", filter=Q(status=PurchaseStatus.APPROVED)),
        receive=Count("pk", filter=Q(status__in=OPEN_ORDER)),
        month=Count("pk", filter=Q(requested_at__gte=timezone.now() - dt.timedelta(days=31))),
    )
    requisitions = Requisition.objects.filter(campus=campus).aggregate(
        approve=Count("pk", filter=Q(status=RequisitionStatus.SUBMITTED)),
        approve_since=Min("requested_at", filter=Q(status=RequisitionStatus.SUBMITTED)),
        issue=Count("pk", filter=Q(status__in=(RequisitionStatus.READY, RequisitionStatus.PARTLY_ISSUED))),
        month=Count("pk", filter=Q(requested_at__gte=timezone.now() - dt.timedelta(days=31))),
    )
    stocktakes = Stocktake.objects.filter(campus=campus).aggregate(
        approve=Count("pk", filter=Q(status=StocktakeStatus.SUBMITTED)),
        approve_since=Min("submitted_at", filter=Q(status=StocktakeStatus.SUBMITTED)),
        counting=Count("pk", filter=Q(status=StocktakeStatus.COUNTING)),
    )
    return {"purchases": purchases, "requisitions": requisitions, "stocktakes": stocktakes}


def flows_card(campus, day) -> Card:
    w = _waiting(campus)
    p, r, s = w["purchases"], w["requisitions"], w["stocktakes"]
    rows = [
        [_("Purchase requests to approve"), p["approve"]],
        [_("Requisitions to approve"), r["approve"]],
        [_("Stocktakes to approve"), s["approve"]],
        [_("Requisitions to issue"), r["issue"]],
        [_("Purchases ordered, goods awaited"), p["receive"]],
    ]
    oldest = [since for since in (p["approve_since"], r["approve_since"], s["approve_since"]) if since]
    waiting = p["approve"] + r["approve"] + s["approve"]
    if waiting and min(oldest) < timezone.now() - LATE_AFTER:
        state, value = CardState.OVERDUE, _("%(n)d waiting for approval") % {"n": waiting}
    elif waiting or r["issue"]:
        state, value = CardState.ATTENTION, _("%(n)d waiting for approval") % {"n": waiting}
    elif p["month"] or r["month"]:
        state, value = CardState.OK, _("Nothing waiting")
    else:
        state, value = CardState.NONE, ""
    return Card(title=_("Purchases and requisitions"), key="logistics.flows", value=value, url=reverse("logistics:purchase_list"),
                state=state, headers=[_("Waiting"), _("Number")], rows=rows,
                detail=_("%(p)d purchase requests and %(r)d requisitions in the last 31 days.") % {"p": p["month"], "r": r["month"]})


def flows_todos(request, day) -> list[Todo]:
    user, campus = request.user, request.campus
    if campus is None:
        return []
    result = []
    late = timezone.now() - LATE_AFTER
    if user.has_perm("logistics.approve_purchaserequest"):
        qs = (PurchaseRequest.objects.filter(campus=campus, status__in=WAITING_APPROVAL).exclude(requested_by=user)
              .exclude(status=PurchaseStatus.NEEDS_SECOND, approved_by=user))
        found = qs.aggregate(n=Count("pk"), since=Min("requested_at"))
        if found["n"]:
            result.append(Todo(title=_("Purchase requests to approve: %(n)d") % {"n": found["n"]},
                               url=f"{reverse('logistics:purchase_list')}?status=submitted",
                               level="danger" if found["since"] < late else "warning"))
    if user.has_perm("logistics.approve_requisition"):
        found = Requisition.objects.filter(campus=campus, status=RequisitionStatus.SUBMITTED).exclude(requested_by=user).aggregate(
            n=Count("pk"), since=Min("requested_at"))
        if found["n"]:
            result.append(Todo(title=_("Requisitions to approve: %(n)d") % {"n": found["n"]},
                               url=f"{reverse('logistics:requisition_list')}?status=submitted",
                               level="danger" if found["since"] < late else "warning"))
    if user.has_perm("logistics.approve_stocktake"):
        n = Stocktake.objects.filter(campus=campus, status=StocktakeStatus.SUBMITTED).count()
        if n:
            result.append(Todo(title=_("Stocktakes to approve: %(n)d") % {"n": n}, url=reverse("logistics:stocktake_list"),
                               level="warning"))
    if user.has_perm("logistics.issue_requisition"):
        n = Requisition.objects.filter(campus=campus, status__in=(RequisitionStatus.READY, RequisitionStatus.PARTLY_ISSUED)).count()
        if n:
            result.append(Todo(title=_("Requisitions to issue: %(n)d") % {"n": n},
                               url=f"{reverse('logistics:requisition_list')}?status=ready", level="warning"))
    if user.has_perm("logistics.add_purchasereceipt"):
        found = PurchaseRequest.objects.filter(campus=campus).aggregate(
            order=Count("pk", filter=Q(status=PurchaseStatus.APPROVED)), receive=Count("pk", filter=Q(status__in=OPEN_ORDER)))
        if found["order"]:
            result.append(Todo(title=_("Approved purchases to order: %(n)d") % {"n": found["order"]},
                               url=f"{reverse('logistics:purchase_list')}?status=approved"))
    n = RequisitionIssue.objects.filter(requisition__campus=campus, receiver=user, signed_at__isnull=True).count()
    if n:
        result.append(Todo(title=_("Goods to sign for: %(n)d") % {"n": n}, url=reverse("logistics:to_sign"), level="warning"))
    return result
