"""Demo data of the stores flows (called from ``logistics.demo.seed`` after the ledger's catalogue and
moves): purchase requests at every step (one waiting for the director), class requisitions issued
and signed (one to issue, one waiting for approval), a new-term kit and a stocktake with a variance
waiting for approval. Idempotent: each part is added only when the campus has none yet."""

from decimal import Decimal

from campus.models import Classroom

from .choices import ItemCategory, StoreKind
from .models.flows import Kit, PurchaseRequest, Requisition, Stocktake
from .models.ledger import Balance, Store
from .services import purchasing, requisitions, stocktake


def seed_flows(ctx) -> None:
    central = ctx.campuses["central"]
    store = Store.objects.filter(campus=central, kind=StoreKind.GENERAL, is_active=True).order_by("pk").first()
    if store is None:
        return
    stocked = list(Balance.objects.filter(store=store, lot__isnull=True, quantity__gte=30).select_related("item")
                   .order_by("item__category", "item__name"))
    by_category: dict = {}
    for balance in stocked:
        by_category.setdefault(balance.item.category, []).append(balance.item)
    cleaning = by_category.get(ItemCategory.CLEANING, [])
    office = by_category.get(ItemCategory.OFFICE, [])
    teaching = by_category.get(ItemCategory.TEACHING, [])
    if len(cleaning) < 3 or not office:
        return
    logistics, director, assets = ctx.users["logistics"], ctx.users["director"], ctx.users["assets"]
    _purchases(central, store, logistics, director, cleaning, office)
    _requisitions(central, store, logistics, director, cleaning, teaching)
    _stocktake(store, assets)
    ctx.log.append("logistics: purchase requests, requisitions, a class kit, a stocktake")


def _price(item) -> Decimal:
    return item.price or Decimal("10.00")


def _purchases(campus, store, logistics, director, cleaning, office) -> None:
    if PurchaseRequest.objects.filter(campus=campus).exists():
        return
    done = purchasing.request_purchase(campus, title="补充班级清洁用品", store=store, user=logistics, lines=[
        {"item": cleaning[0], "quantity": Decimal("24"), "estimated_price": _price(cleaning[0]), "reason": "各班用量增加"},
        {"item": cleaning[1], "quantity": Decimal("12"), "estimated_price": _price(cleaning[1]), "reason": "库存低于下限"},
    ])
    purchasing.approve_purchase(done, director)
    purchasing.order_purchase(done, logistics, supplier="惠民日用品超市")
    purchasing.receive_purchase(done, user=logistics, note="外包装完好", lines=[
        {"line": line, "quantity": line.quantity, "unit_price": line.estimated_price} for line in done.lines.all()])
    partly = purchasing.request_purchase(campus, title="办公用品（开学）", store=store, user=logistics, lines=[
        {"item": office[0], "quantity": Decimal("20"), "estimated_price": _price(office[0]), "reason": "开学备课"},
    ])
    purchasing.approve_purchase(partly, director)
    purchasing.order_purchase(partly, logistics, supplier="文具批发部")
    line = partly.lines.get()
    purchasing.receive_purchase(partly, user=logistics, note="其余下周到货", lines=[
        {"line": line, "quantity": Decimal("12"), "unit_price": line.estimated_price, "returned": Decimal("1"),
         "condition": "damaged"}])
    purchasing.request_purchase(campus, title="夏季床席更新", store=store, user=logistics, lines=[
        {"description": "儿童床席", "unit": "张", "quantity": Decimal("30"), "estimated_price": Decimal("45.00"),
         "reason": "旧床席已破损，不能再用"},
        {"description": "优秀幼儿奖品笔记本", "unit": "本", "quantity": Decimal("40"), "estimated_price": Decimal("6.50"),
         "reason": "每班十个名额"},
    ])


def _requisitions(campus, store, logistics, director, cleaning, teaching) -> None:
    if Requisition.objects.filter(campus=campus).exists():
        return
    classes = list(Classroom.objects.filter(campus=campus, is_active=True, head_teacher__user__isnull=False)
               .select_related("head_teacher__user").by_grade())
    for index, classroom in enumerate(classes[:3]):
        teacher = classroom.head_teacher.user
        requisition = requisitions.request_requisition(campus, store=store, classroom=classroom, user=teacher, lines=[
            {"item": cleaning[0], "quantity": Decimal("2")}, {"item": cleaning[2], "quantity": Decimal("1")}])
        issue = requisitions.issue_requisition(
            requisition, user=logistics, quantities={line.pk: line.quantity for line in requisition.lines.all()})
        if index < 2:
            requisitions.sign_issue(issue, teacher)
    if classes:
        teacher = classes[0].head_teacher.user
        requisitions.request_requisition(campus, store=store, classroom=classes[0], user=teacher, note="下周手工课",
                                         lines=[{"item": cleaning[1], "quantity": Decimal("2")}])
        if teaching:
            requisitions.request_requisition(campus, store=store, classroom=classes[0], user=teacher,
                                             lines=[{"item": teaching[0], "quantity": Decimal("2")}])
    requisitions.request_requisition(campus, store=store, department="厨房", user=logistics,
                                     lines=[{"item": cleaning[2], "quantity": Decimal("3")}])
    if not Kit.objects.filter(campus=campus).exists():
        requisitions.save_kit(Kit(campus=campus, name="新学期班级用品", note="开学前发放到各班"), user=logistics, lines=[
            {"item": cleaning[0], "quantity": Decimal("4")}, {"item": cleaning[1], "quantity": Decimal("2")},
            {"item": cleaning[2], "quantity": Decimal("2")}])


def _stocktake(store, counter) -> None:
    if Stocktake.objects.filter(campus_id=store.campus_id).exists():
        return
    count = stocktake.start_stocktake(store, user=counter, note="月末盘点")
    lines = list(count.lines.select_related("item"))
    counts = {line.pk: line.book_quantity for line in lines}
    notes = {}
    short = next((line for line in lines if line.book_quantity >= 10), None)
    if short is not None:
        counts[short.pk] = short.book_quantity - 2
        notes[short.pk] = "外包装破损两件，已报损待批"
    stocktake.record_counts(count, counts, notes=notes, user=counter)
    stocktake.submit_stocktake(count, user=counter)
