"""Finance URLs: staff pages for the director and the cashier (claims for every staff member),
the parent portal (only one's own child; other_kwargs point at world.other_child's objects) and
the public invitation page."""

import datetime as dt

from django.utils import timezone

from campus.roles import Role
from tests import factories

from . import ALL_STAFF, Expect

FINANCE = {Role.DIRECTOR, Role.CASHIER}


def _month():
    return timezone.localdate().replace(day=1)


def setup(world) -> dict:
    """Fee standards, bills, a posted canteen account, claims, a statements print and an invitation,
    made through the finance services (once per world)."""
    if "finance" in world.cache:
        return world.cache["finance"]
    from finance import close, invitations
    from finance.models import MonthClose

    director, cashier, logistics = world.user(Role.DIRECTOR), world.user(Role.CASHIER), world.user(Role.LOGISTICS)
    objects = {}
    last_month = (_month() - dt.timedelta(days=1)).replace(day=1)
    for campus in (world.campus, world.other_campus):
        standard = factories.make_fee_standard(campus)
        close.close_month(campus, _month(), render=False)
        account = factories.make_canteen_account(campus, last_month, director, post=True)
        objects[campus.code] = {"standard": standard, "account": account}
    next_term = factories.make_term(world.campus, dt.date(2030, 2, 15), dt.date(2030, 7, 10), "下学期")
    objects["draft_standard"] = factories.make_fee_standard(world.campus, term=next_term, publish=False)
    objects["draft_account"] = factories.make_canteen_account(world.campus, dt.date(2020, 1, 1))
    objects["bill"] = world.child.bills.get()
    objects["other_bill"] = world.other_child.bills.get()
    objects["entry"] = objects["bill"].entries.first()
    objects["claim"] = factories.make_claim(world.campus, logistics, "买拖把", "45.00")
    objects["photo"] = objects["claim"].photos.get()
    objects["approved_claim"] = factories.make_claim(world.campus, logistics, "买菜刀", "60.00", approved_by=director)
    # invitations are for guardians without a login (world.other_parent has one: a reset link instead)
    objects["new_parent"] = factories.make_parent(world.other_child, phone="13900000077", with_login=False)
    _invitation, objects["token"] = invitations.issue_invitation(objects["new_parent"], world.campus, cashier)
    objects["close"] = MonthClose.objects.get(campus=world.campus, month=_month())
    statements = close.prepare_statements_print(world.campus, _month(), None, cashier)
    objects["print"] = close.run_statements_print(statements.pk, statements.run_id)
    world.cache["finance"] = objects
    return objects


def obj(name):
    return lambda w: {"pk": setup(w)[name].pk}


def canteen(world, campus_code="alpha"):
    return setup(world)[campus_code]["account"]


EXPECTATIONS = [
    Expect("finance:index", allow=FINANCE),
    Expect("finance:settings", allow={Role.DIRECTOR}),
    Expect("finance:fee_list", allow=FINANCE),
    Expect("finance:fee_create", allow=FINANCE),
    Expect("finance:fee_detail", allow=FINANCE, kwargs=lambda w: {"pk": setup(w)["alpha"]["standard"].pk}),
    Expect("finance:fee_edit", allow=FINANCE, kwargs=obj("draft_standard")),
    Expect("finance:fee_publish", allow={Role.DIRECTOR}, kwargs=obj("draft_standard"), method="post"),
    Expect("finance:bill_list", allow=FINANCE),
    Expect("finance:bill_list", allow=FINANCE, query="?month=all&state=unpaid&q=%E5%B0%8F"),  # filters (issue 11)
    Expect("finance:bills_print", allow=FINANCE, method="post",  # setup() closes this month on both campuses
           data=lambda w: setup(w) and {"month": _month().strftime("%Y-%m")}),
    Expect("finance:print_detail", allow=FINANCE, kwargs=obj("print")),
    Expect("finance:print_pdf", allow=FINANCE, kwargs=obj("print")),
    Expect("finance:bill_detail", allow=FINANCE, kwargs=obj("bill")),
    Expect("finance:bill_pdf", allow=FINANCE, kwargs=obj("bill")),
    Expect("finance:child_account", allow=FINANCE, kwargs=lambda w: {"pk": w.child.pk}),
    Expect("finance:payment_add", allow={Role.CASHIER}, kwargs=lambda w: {"pk": w.child.pk}, method="post",
           data={"amount": "100.00", "method": "wechat", "receipt_no": ""}),
    Expect("finance:refund_add", allow={Role.CASHIER}, kwargs=lambda w: {"pk": w.child.pk}, method="post",
           data={"amount": "1.00", "method": "cash"}),
    Expect("finance:entry_reverse", allow={Role.CASHIER}, kwargs=obj("entry"), method="post", data={"reason": "录错了"}),
    Expect("finance:settlement", allow=FINANCE),
    Expect("finance:settlement_refund", allow={Role.CASHIER}, method="post",
           data=lambda w: {"method": "cash", "child": [w.child.pk]}),
    Expect("finance:close_start", allow=FINANCE, method="post", data={"month": "2000-01"}),
    Expect("finance:close_start", allow=FINANCE),  # GET: the close page (issue 11), not a 405
    Expect("finance:close_detail", allow=FINANCE, kwargs=obj("close")),
    Expect("finance:canteen_list", allow=FINANCE),
    Expect("finance:canteen_cost_add", allow=FINANCE, method="post",
           data={"month": "2020-01", "kind": "other", "description": "燃气费", "amount": "120.00"}),
    Expect("finance:canteen_detail", allow=FINANCE, kwargs=lambda w: {"pk": canteen(w).pk}),
    Expect("finance:canteen_pdf", allow=FINANCE, kwargs=lambda w: {"pk": canteen(w).pk}),
    Expect("finance:canteen_recalc", allow=FINANCE, kwargs=obj("draft_account"), method="post"),
    Expect("finance:canteen_post", allow={Role.DIRECTOR}, kwargs=obj("draft_account"), method="post"),
    Expect("finance:canteen_correct", allow={Role.DIRECTOR}, kwargs=lambda w: {"pk": canteen(w).pk}, method="post",
           data={"reason": "补录燃气费"}),
    Expect("finance:claim_list", allow=ALL_STAFF),
    Expect("finance:claim_create", allow=ALL_STAFF),
    Expect("finance:claim_detail", allow={Role.DIRECTOR, Role.CASHIER, Role.LOGISTICS}, kwargs=obj("claim")),
    Expect("finance:claim_photo", allow={Role.DIRECTOR, Role.CASHIER, Role.LOGISTICS}, kwargs=obj("photo")),
    Expect("finance:claim_approve", allow={Role.DIRECTOR}, kwargs=obj("claim"), method="post"),
    Expect("finance:claim_reject", allow={Role.DIRECTOR}, kwargs=obj("claim"), method="post", data={"reason": "重复报销"}),
    Expect("finance:claim_pay", allow={Role.CASHIER}, kwargs=obj("approved_claim"), method="post", data={"method": "cash"}),
    Expect("finance:report", allow=FINANCE),
    Expect("finance:report_pdf", allow=FINANCE),
    Expect("finance:invite_list", allow={Role.CASHIER}),
    Expect("finance:invite_issue", allow={Role.CASHIER}, kwargs=lambda w: {"pk": setup(w)["new_parent"].pk}, method="post"),
    Expect("finance:reset_issue", allow={Role.CASHIER}, kwargs=lambda w: {"pk": w.other_parent.pk}, method="post"),
    Expect("finance:invitation", public=True, kwargs=lambda w: {"token": setup(w)["token"]}),
    Expect("finance:parent_fees", parent=True, kwargs=lambda w: {"pk": w.child.pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk}),
    Expect("finance:parent_statements", parent=True, kwargs=lambda w: {"pk": w.child.pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk}),
    Expect("finance:parent_statement", parent=True, kwargs=obj("bill"), other_kwargs=obj("other_bill")),
    Expect("finance:parent_statement_pdf", parent=True, kwargs=obj("bill"), other_kwargs=obj("other_bill")),
    Expect("finance:parent_canteen_list", parent=True, kwargs=lambda w: {"pk": w.child.pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk}),
    Expect("finance:parent_canteen", parent=True, kwargs=lambda w: {"pk": w.child.pk, "account": canteen(w).pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk, "account": canteen(w).pk}),
    Expect("finance:parent_canteen_pdf", parent=True, kwargs=lambda w: {"pk": w.child.pk, "account": canteen(w).pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk, "account": canteen(w).pk}),
]
