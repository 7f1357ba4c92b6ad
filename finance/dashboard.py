from django.urls import reverse
from django.utils.translation import gettext as _

from campus.access import user_has_roles
from campus.money import format_yuan
from campus.roles import Role
from campus.scoping import in_current_campus
from campus.ui import Card, CardState, Todo

from .arrears import OVERDUE, UNPAID, owed
from .choices import AccountStatus, ClaimStatus
from .models import CanteenAccount, Reimbursement
from .services import month_start, previous_month


def cards(campus, day) -> list[Card]:
    money = owed(campus, day)  # arrears: only what is unpaid past the bills' due dates
    total = money.overdue_total
    if not money.accounts:  # no bill, no payment: nothing is known, not "all paid"
        fees = CardState.NONE
    else:
        fees = CardState.ATTENTION if total else CardState.OK
    result = [Card(_("Fees outstanding"), format_yuan(total) if money.accounts else "",
                   _("%(n)d children") % {"n": money.overdue_children} if money.accounts else _("No bill or payment recorded yet."),
                   f"{reverse('finance:bill_list')}?state={OVERDUE}&month=all", fees, key="finance.fees")]
    account = (CanteenAccount.objects.filter(campus=campus).exclude(status=AccountStatus.SUPERSEDED)
               .order_by("-month", "-revision").first())
    if account:
        result.append(Card(
            _("Canteen account %(month)s") % {"month": account.month.strftime("%Y-%m")}, f"{account.term_percent}%",
            _("term surplus or deficit, limit ±%(limit)s%%") % {"limit": account.warning_limit},
            account.get_absolute_url(), CardState.OVERDUE if account.is_warning else CardState.OK, key="finance.canteen",
        ))
    else:
        result.append(Card(_("Canteen account"), "", _("No canteen account yet."), reverse("finance:canteen_list"),
                           CardState.NONE, key="finance.canteen"))
    return result


def todos(request, day) -> list[Todo]:
    result = []
    user = request.user
    if user.has_perm("finance.approve_reimbursement"):
        waiting = in_current_campus(request, Reimbursement).filter(
            status__in=[ClaimStatus.SUBMITTED, ClaimStatus.NEEDS_SECOND]).exclude(claimant=user).exclude(approved_by=user).count()
        if waiting:
            result.append(Todo(_("Reimbursement claims to approve: %(n)d") % {"n": waiting}, reverse("finance:claim_list")))
        last = previous_month(month_start(day))
        if in_current_campus(request, CanteenAccount).filter(month=last, status=AccountStatus.DRAFT).exists():
            result.append(Todo(_("Review and post the canteen account of %(month)s") % {"month": last.strftime("%Y-%m")},
                               reverse("finance:canteen_list"), level="warning"))
    if user.has_perm("finance.pay_reimbursement") and user_has_roles(user, [Role.CASHIER]):
        to_pay = in_current_campus(request, Reimbursement).filter(status=ClaimStatus.APPROVED).count()
        if to_pay:
            result.append(Todo(_("Approved claims to pay: %(n)d") % {"n": to_pay}, reverse("finance:claim_list")))
    if user.has_perm("finance.add_ledgerentry") and user_has_roles(user, [Role.CASHIER]) and request.campus:
        money = owed(request.campus, day)
        bills = reverse("finance:bill_list")
        if money.overdue_children:
            result.append(Todo(
                _("Overdue fees: %(n)d children, ¥%(total)s") % {"n": money.overdue_children, "total": money.overdue_total},
                f"{bills}?state={OVERDUE}&month=all", level="danger"))
        if money.unpaid_children:
            result.append(Todo(
                _("Unpaid fees: %(n)d children, ¥%(total)s") % {"n": money.unpaid_children, "total": money.unpaid_total},
                f"{bills}?state={UNPAID}&month=all"))
    return result
