"""The assets cards for the director (value by category; count differences to resolve, overdue loans,
write-offs awaiting approval; then the repairs') and the to-dos of the asset manager, the logistics
head, the director and everyone who reported a repair."""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from campus.money import format_yuan
from campus.ui import Card, CardState, Todo, nothing_recorded

from .choices import CountStatus, TopCategory, TransferStatus, WriteOffStatus
from .models import Asset, CountDifference, Loan, Transfer, WriteOff
from .models import Count as AssetCount
from .repair_dashboard import repair_cards, repair_todos

OPEN_WRITE_OFFS = (WriteOffStatus.PENDING, WriteOffStatus.SECOND)


def _facts(campus, day) -> dict:
    by_top = {row["category__top"]: row for row in Asset.objects.filter(campus=campus).on_register().values("category__top")
              .annotate(n=Count("id"), value=Sum("value")).order_by()}
    return {
        "by_top": by_top,
        "differences": CountDifference.objects.filter(count__campus=campus, resolution="").count(),
        "overdue": Loan.objects.filter(campus=campus, returned_on__isnull=True, due_on__lt=day).count(),
        "write_offs": WriteOff.objects.filter(campus=campus, status__in=OPEN_WRITE_OFFS).count(),
        "last_count": AssetCount.objects.filter(campus=campus, status=CountStatus.FINISHED).order_by("-finished_at").values_list("finished_at", flat=True).first(),
    }


def cards(campus, day) -> list[Card]:
    return [_register_card(campus, day), *repair_cards(campus, day)]


def todos(request, day) -> list[Todo]:
    return [*_register_todos(request, day), *repair_todos(request, day)]


def _register_card(campus, day) -> Card:
    facts = _facts(campus, day)
    rows = [[label, facts["by_top"][top]["n"], format_yuan(facts["by_top"][top]["value"])] for top, label in TopCategory.choices if top in facts["by_top"]]
    total = sum((row["value"] for row in facts["by_top"].values()), 0)
    details = []
    if facts["differences"]:
        details.append(_("%(n)d count differences to resolve") % {"n": facts["differences"]})
    if facts["overdue"]:
        details.append(_("%(n)d loans overdue") % {"n": facts["overdue"]})
    if facts["write_offs"]:
        details.append(_("%(n)d write-offs awaiting approval") % {"n": facts["write_offs"]})
    if not rows:
        state, details = CardState.NONE, [nothing_recorded()]
    elif details:
        state = CardState.ATTENTION
    elif facts["last_count"] is not None:
        state = CardState.OK
        details.append(_("Last count finished on %(date)s, every difference resolved.") % {"date": f"{facts['last_count']:%Y-%m-%d}"})
    else:
        state = CardState.INFO
        details.append(_("No count finished yet."))
    return Card(
        title=_("Fixed assets"), key="assets.register", value=format_yuan(total) if rows else "", detail="；".join(str(d) for d in details),
        url=reverse("assets:index"), state=state, headers=[_("Category"), _("Records"), _("Original value")], rows=rows,
    )


def _register_todos(request, day) -> list[Todo]:
    user, campus, result = request.user, request.campus, []
    if user.has_perm("assets.resolve_count"):
        differences = CountDifference.objects.filter(count__campus=campus, resolution="").count()
        if differences:
            result.append(Todo(title=_("%(n)d count differences to resolve") % {"n": differences}, url=reverse("assets:count_list"), level="warning"))
    if user.has_perm("assets.change_loan"):
        overdue = Loan.objects.filter(campus=campus, returned_on__isnull=True, due_on__lt=day).count()
        if overdue:
            result.append(Todo(title=_("%(n)d loans overdue") % {"n": overdue}, url=reverse("assets:loan_list"), level="danger"))
    if user.has_perm("assets.approve_writeoff"):
        waiting = WriteOff.objects.filter(campus=campus, status__in=OPEN_WRITE_OFFS).exclude(approved_by=user).count()
        if waiting:
            result.append(Todo(title=_("%(n)d write-offs awaiting approval") % {"n": waiting}, url=reverse("assets:writeoff_list"), level="warning"))
    incoming = Transfer.objects.filter(to_campus=campus, status=TransferStatus.PENDING)
    incoming = incoming.filter(to_custodian__user=user) | incoming.filter(to_custodian__isnull=True, to_place__custodian__user=user)
    if user.has_perm("assets.change_transfer"):
        incoming = incoming | Transfer.objects.filter(to_campus=campus, status=TransferStatus.PENDING, to_custodian__isnull=True,
                                                     to_place__custodian__isnull=True).exclude(requested_by=user)
    n = incoming.distinct().count()
    if n:
        result.append(Todo(title=_("%(n)d transfers to confirm") % {"n": n}, url=reverse("assets:transfer_list"), level="warning"))
    return result
