"""Finance demo data: published fees, last month's and this month's bills, payments, last month's
canteen account posted, and reimbursement claims waiting. Idempotent (month close is; the rest
is added only when missing)."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from . import close, services
from .choices import AccountStatus, ClaimCategory, CostKind, EntryKind, FeeItemPeriod, FoodCostBasis
from .models import (
    CanteenAccount,
    CanteenCostLine,
    FeeItem,
    FeeStandard,
    FinanceSettings,
    LedgerEntry,
    Reimbursement,
)

FEES = {"central": ("780.00", "14.00"), "village": ("600.00", "12.00")}


def _photo(name):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 320), "white")
    draw = ImageDraw.Draw(image)
    for y in range(40, 300, 24):
        draw.line((20, y, 220, y), fill="#999")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def seed(ctx) -> None:
    this_month = services.month_start(ctx.today)
    last_month = services.previous_month(this_month)
    director, cashier = ctx.users["director"], ctx.users["cashier"]
    for code, campus in ctx.campuses.items():
        care, meal = FEES[code]
        standard, created = FeeStandard.objects.get_or_create(
            campus=campus, term=ctx.terms[code],
            defaults={"care_fee_month": Decimal(care), "meal_fee_day": Decimal(meal),
                      "notes": "伙食费按在园日收取，专款专用，每月公示伙食账。"},
        )
        if created and code == "central":
            FeeItem.objects.create(standard=standard, name="床上用品", amount=Decimal("120.00"), period=FeeItemPeriod.TERM)
        services.publish_fee_standard(standard, director)
        rules = FinanceSettings.for_campus(campus)
        if code == "village" and not CanteenAccount.objects.filter(campus=campus).exists():
            # the village branch takes its canteen food cost from what its food store issued
            services.update_settings(rules, {"food_cost_basis": FoodCostBasis.ISSUED}, director, "分园伙食账按库房出库核算")
        for month in (last_month, this_month):
            if month >= services.month_start(ctx.terms[code].starts_on):
                close.close_month(campus, month, render=False)
        if not LedgerEntry.objects.filter(campus=campus, kind=EntryKind.PAYMENT).exists():
            for index, bill in enumerate(campus_bills(campus, last_month)):
                if index % 3 != 2:  # a third still owe last month's fees
                    services.record_payment(bill.child, bill.amount_due, ["wechat", "alipay", "cash", "bank"][index % 4], cashier,
                                            note="演示数据")
        account = CanteenAccount.objects.filter(campus=campus, month=last_month).first()
        if account and not CanteenCostLine.objects.filter(campus=campus, month=last_month).exists():
            food = (account.income * Decimal("0.95")).quantize(Decimal("0.01"))
            for description, share, quantity in (("大米、面粉", "0.18", "210公斤"), ("猪肉、鸡蛋、鱼", "0.42", "180公斤"),
                                                 ("蔬菜、水果", "0.32", "460公斤"), ("食用油、调料", "0.08", "")):
                services.add_cost_line(campus, last_month, CostKind.FOOD, description, food * Decimal(share), cashier, quantity)
            services.add_cost_line(campus, last_month, CostKind.OTHER, "燃气费", account.income * Decimal("0.05"), cashier)
            services.add_cost_line(campus, last_month, CostKind.STAFF_MEALS, "教职工伙食（按人次另行结算）", "180.00", cashier)
        draft = CanteenAccount.objects.filter(campus=campus, month=last_month, status=AccountStatus.DRAFT).first()
        if draft and not CanteenAccount.objects.filter(campus=campus, month=last_month, status=AccountStatus.POSTED).exists():
            services.post_account(draft, director, "欢迎家长监督，如有疑问请联系膳食委员会。")
    central = ctx.campuses["central"]
    if not Reimbursement.objects.filter(campus=central, title="购买拖把和消毒液").exists():  # stores add claims of their own
        services.submit_claim(
            Reimbursement(campus=central, title="购买拖把和消毒液", category=ClaimCategory.REPAIRS, amount=Decimal("86.50"),
                          spent_on=ctx.today),
            [_photo("receipt-1.png")], ctx.users["logistics"],
        )
        big = services.submit_claim(
            Reimbursement(campus=central, title="厨房冰柜维修", category=ClaimCategory.CANTEEN, amount=Decimal("2380.00"),
                          spent_on=ctx.today),
            [_photo("receipt-2.png"), _photo("receipt-3.png")], ctx.users["logistics"],
        )
        services.approve_claim(big, director)  # above the limit: waits for a second approver
    ctx.log.append("finance: fees, bills, payments, canteen account, claims")


def campus_bills(campus, month):
    from .models import Bill

    return list(Bill.objects.filter(campus=campus, month=month).select_related("child").order_by("pk"))
