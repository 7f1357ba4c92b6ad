"""Finance URLs: staff pages for the director and the cashier (claims for every staff member),
the parent portal (only one's own child; other_kwargs point at world.other_child's objects) and
the public invitation page."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campus.models import Term
from campus.roles import Role

from . import ALL_STAFF, Expect

FINANCE = {Role.DIRECTOR, Role.CASHIER}
def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def _month():
    return timezone.localdate().replace(day=1)


def setup(world) -> dict:
    """Fee standards, bills, a posted canteen account, a claim and an invitation (made once per world)."""
    if "finance" in world.cache:
        return world.cache["finance"]
    from finance import close, services
    from finance.models import CanteenAccount, FeeStandard, ParentInvitation, ReceiptPhoto, Reimbursement

    objects = {}
    for campus in (world.campus, world.other_campus):
        term = Term.objects.filter(campus=campus).first()
        standard = FeeStandard.objects.create(campus=campus, term=term, care_fee_month=Decimal("800.00"),
                                              meal_fee_day=Decimal("15.00"))
        services.publish_fee_standard(standard, None)
        close.close_month(campus, _month(), render=False)
        account = CanteenAccount.objects.create(campus=campus, month=_month() - dt.timedelta(days=1), revision=1,
                                                status="posted", posted_at=timezone.now())
        objects[campus.code] = {"standard": standard, "account": account}
    objects["draft_standard"] = FeeStandard.objects.create(
        campus=world.campus, term=Term.objects.create(campus=world.campus, name="下学期", starts_on=dt.date(2030, 2, 15),
                                                      ends_on=dt.date(2030, 7, 10)),
        care_fee_month=Decimal("800.00"), meal_fee_day=Decimal("15.00"))
    objects["draft_account"] = CanteenAccount.objects.create(campus=world.campus, month=dt.date(2020, 1, 1))
    objects["bill"] = world.child.bills.get()
    objects["other_bill"] = world.other_child.bills.get()
    objects["entry"] = objects["bill"].entries.first()
    claim = Reimbursement.objects.create(
        campus=world.campus, claimant=world.user(Role.LOGISTICS), title="买拖把", amount=Decimal("45.00"),
        spent_on=timezone.localdate(),
    )
    objects["photo"] = ReceiptPhoto.objects.create(claim=claim, image=SimpleUploadedFile("r.png", PNG, "image/png"))
    objects["claim"] = claim
    objects["approved_claim"] = Reimbursement.objects.create(
        campus=world.campus, claimant=world.user(Role.LOGISTICS), title="买菜刀", amount=Decimal("60.00"),
        spent_on=timezone.localdate(), status="approved", approved_by=world.user(Role.DIRECTOR), approved_at=timezone.now(),
    )
    from finance import invitations
    from tests import factories

    # invitations are for guardians without a login (world.other_parent has one: a reset link instead)
    objects["new_parent"] = factories.make_parent(world.other_child, phone="13900000077", with_login=False)
    invitation, token = invitations.issue_invitation(objects["new_parent"], world.campus, world.user(Role.CASHIER))
    objects["token"] = token
    objects["close"] = world.cache.setdefault("close", None)
    from finance.models import MonthClose

    objects["close"] = MonthClose.objects.get(campus=world.campus, month=_month())
    from finance.models import StatementsPrint

    objects["print"] = StatementsPrint.objects.create(campus=world.campus, month=_month(), status="done", total=1, done=1,
                                                      pdf=SimpleUploadedFile("s.pdf", b"%PDF-1.4\n", "application/pdf"))
    assert ParentInvitation.objects.filter(pk=invitation.pk).exists()
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
