"""Assets demo data: the campuses' categories and a few hundred assets across the demo places (beds and
tables by the class, air conditioners, pianos, the kitchen's machines, office computers, a storeroom of
portable items), one loan (overdue), a finished count of 小一班教室 with differences to resolve and a
write-off awaiting the director. Idempotent: a campus that has assets gets nothing more."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_noop

from campus.models import Place
from checklists.choices import RunStatus
from checklists.models import Run

from . import services
from .choices import LifeClass, TopCategory, WriteOffKind
from .models import Asset, Category, Count, Loan, WriteOff
from .repair_demo import seed_repairs, seed_rhythms

CATEGORIES = [  # name, GB/T 14885 top level, depreciation class
    ("计算机", TopCategory.GENERAL, LifeClass.OFFICE),
    ("打印复印设备", TopCategory.GENERAL, LifeClass.OFFICE),
    ("空调", TopCategory.GENERAL, LifeClass.ELECTRICAL),
    ("厨房电器", TopCategory.GENERAL, LifeClass.ELECTRICAL),
    ("厨房机械", TopCategory.GENERAL, LifeClass.MECHANICAL),
    ("视听设备", TopCategory.GENERAL, LifeClass.AUDIOVISUAL),
    ("摄影器材", TopCategory.GENERAL, LifeClass.AUDIOVISUAL),
    ("乐器", TopCategory.SPECIAL, LifeClass.INSTRUMENT),
    ("保健器材", TopCategory.SPECIAL, LifeClass.INSTRUMENT),
    ("大型玩具", TopCategory.SPECIAL, LifeClass.MECHANICAL),
    ("幼儿床", TopCategory.FURNITURE, LifeClass.FURNITURE),
    ("幼儿桌椅", TopCategory.FURNITURE, LifeClass.FURNITURE),
    ("柜架", TopCategory.FURNITURE, LifeClass.FURNITURE),
    ("办公家具", TopCategory.FURNITURE, LifeClass.FURNITURE),
    ("图书", TopCategory.BOOKS, LifeClass.NONE),
]

CLASSROOM_SET = [  # name, category, specification, unit, unit price, quantity, years ago
    ("幼儿午睡床", "幼儿床", "实木 1400×650", "张", "320", 30, 4),
    ("幼儿桌", "幼儿桌椅", "六人桌 1200×600", "张", "260", 6, 4),
    ("幼儿椅", "幼儿桌椅", "实木靠背椅", "把", "85", 32, 4),
    ("玩具柜", "柜架", "三层 1200×300", "组", "480", 4, 4),
    ("挂式空调", "空调", "格力 KFR-35GW", "台", "3280", 2, 3),
    ("教学一体机", "视听设备", "希沃 65 英寸", "台", "9800", 1, 2),
    ("紫外线消毒车", "保健器材", "ZXC-100", "台", "1680", 1, 3),
    ("绘本", "图书", "", "册", "28", 300, 2),
    ("电子琴", "乐器", "雅马哈 PSR-E373", "台", "1480", 1, 3),
    ("饮水机", "厨房电器", "美的 温热型", "台", "1280", 1, 2),
    ("空气净化器", "保健器材", "小米 4 Pro", "台", "2380", 1, 1),
    ("笔记本电脑", "计算机", "联想 小新 14", "台", "4200", 1, 2),
    ("紫外线消毒灯", "保健器材", "30W 移动式", "台", "260", 2, 2),
    ("储物柜", "柜架", "二十格 钢木", "组", "1200", 2, 4),
]
PLACE_SETS = {
    "厨房": [
        ("四门冰箱", "厨房电器", "海尔 BCD-1000", "台", "6800", 2, 5), ("消毒柜", "厨房电器", "康宝 RTD-700", "台", "5200", 1, 3),
        ("蒸饭柜", "厨房机械", "24 盘燃气", "台", "8600", 1, 6), ("和面机", "厨房机械", "HWJ-25", "台", "3900", 1, 6),
        ("留样冰箱", "厨房电器", "美的 BC-93", "台", "1200", 1, 2),
    ],
    "园长办公室": [
        ("台式电脑", "计算机", "联想 启天 M437", "台", "4999", 2, 3), ("激光打印机", "打印复印设备", "惠普 M1136", "台", "1650", 1, 4),
        ("办公桌", "办公家具", "1600×800", "张", "1380", 2, 6), ("文件柜", "办公家具", "钢制四门", "组", "1100", 3, 6),
    ],
    "保健室": [
        ("身高体重测量仪", "保健器材", "HW-600", "台", "2600", 1, 3), ("观察床", "幼儿床", "医用", "张", "900", 2, 5),
        ("药品柜", "柜架", "钢制", "组", "850", 1, 5),
    ],
    "多功能厅": [
        ("立式钢琴", "乐器", "珠江 UP118", "台", "16800", 1, 8), ("投影仪", "视听设备", "爱普生 CB-X50", "台", "4600", 1, 3),
        ("音响系统", "视听设备", "功放+音箱", "套", "7800", 1, 4), ("柜式空调", "空调", "美的 5 匹", "台", "11800", 2, 5),
    ],
    "门卫室": [("监控主机", "视听设备", "海康 16 路", "台", "5600", 1, 3), ("台式电脑", "计算机", "联想 扬天", "台", "3999", 1, 4)],
    "户外活动场地": [
        ("组合滑梯", "大型玩具", "PE 板组合", "套", "36000", 1, 7), ("攀爬架", "大型玩具", "钢木", "套", "12800", 1, 5),
        ("户外玩具车", "大型玩具", "", "辆", "420", 12, 2),
    ],
    "总务仓库": [
        ("数码相机", "摄影器材", "佳能 EOS 200D", "台", "4500", 2, 3), ("便携投影仪", "视听设备", "极米 Z6", "台", "2999", 2, 2),
        ("平板电脑", "计算机", "华为 MatePad 11", "台", "2499", 10, 1), ("备用幼儿椅", "幼儿桌椅", "实木靠背椅", "把", "85", 40, 4),
        ("电子琴", "乐器", "雅马哈 PSR-E373", "台", "1480", 3, 3),
    ],
}
SUPPLIERS = {"幼儿床": "城关教玩具公司", "幼儿桌椅": "城关教玩具公司", "空调": "城关家电商场", "计算机": "县政府采购中心",
             "视听设备": "县政府采购中心", "厨房电器": "城关家电商场", "厨房机械": "杭厨设备公司", "大型玩具": "浙江游乐设备公司"}


def _categories(campus, user):
    existing = {c.name: c for c in Category.objects.filter(campus=campus)}
    for name, top, life in CATEGORIES:
        if name not in existing:
            existing[name] = services.add_category(campus, top=top, name=name, life_class=life, user=user)
    return existing


def _register(campus, place, rows, categories, user, today, custodian):
    made = []
    for name, category, spec, unit, price, quantity, years in rows:
        # a fixed asset gets its own record and label; identical low-value items are one batch
        records, quantity = (quantity, 1) if Decimal(price) >= 1000 else (1, quantity)
        made += [services.register_asset(
            campus, name=name, category=categories[category], specification=spec, unit=unit, quantity=quantity,
            value=(Decimal(price) * quantity).quantize(Decimal("0.01")), purchased_on=dt.date(today.year - years, 8 if years % 2 else 3, 15),
            place=place, custodian=custodian, supplier=SUPPLIERS.get(category, ""), user=user, reason=gettext_noop("demo data"),
            warranty_until=dt.date(today.year - years + 3, 8, 15) if category in ("空调", "计算机", "视听设备", "厨房电器") else None,
        ) for _record in range(records)]
    return made


def seed(ctx) -> None:
    today = ctx.today
    for code, campus in ctx.campuses.items():
        services.settings_for(campus)
        if Asset.objects.filter(campus=campus).exists():
            continue
        user = ctx.users["assets"] if code == "central" else ctx.users["director2"]
        categories = _categories(campus, user)
        places = Place.objects.filter(campus=campus, is_active=True).select_related("custodian")
        for place in places:
            rows = CLASSROOM_SET if place.kind == "classroom" else PLACE_SETS.get(place.name, [])
            if code == "village":
                rows = [row for row in rows if row[1] not in ("乐器",)]
            _register(campus, place, rows, categories, user, today, place.custodian)
    _seed_central_records(ctx)
    ctx.log.append(f"assets: {Asset.objects.count()} records, {Count.objects.count()} counts, {WriteOff.objects.count()} write-offs")
    ctx.log.append(f"repair requests created: {seed_repairs(ctx)}")
    ctx.log.append(f"maintenance checklists created: {seed_rhythms(ctx)}")


def _seed_central_records(ctx) -> None:
    campus, manager = ctx.campuses["central"], ctx.users["assets"]
    store = Place.objects.filter(campus=campus, name="总务仓库").first()
    if not Loan.objects.filter(campus=campus).exists() and store is not None:
        camera = Asset.objects.filter(campus=campus, name="数码相机", status="in_use").first()
        if camera is not None:
            services.lend_asset(camera, borrower=ctx.staff["teacher"], user=manager, purpose="六一儿童节活动拍照",
                                lent_on=ctx.today - dt.timedelta(days=12), due_on=ctx.today - dt.timedelta(days=5))
    room = Place.objects.filter(campus=campus, name="小一班教室").first()
    if room is not None and not Count.objects.filter(campus=campus).exists():
        run = Run.objects.filter(campus=campus, template__code="assets-monthly").exclude(status=RunStatus.DONE).order_by("period_start").first()
        count = services.start_count(campus, place=room, user=manager, note="月度对账", run_id=run.pk if run else None)
        expected = list(Asset.objects.filter(campus=campus, place=room, status="in_use").order_by("sequence"))
        for asset in expected[:-1]:  # the last one is not found
            services.scan(count, asset.code, user=manager)
        stray = Asset.objects.filter(campus=campus, name="备用幼儿椅").first()
        if stray is not None:
            services.scan(count, stray.code, user=manager)  # found in the wrong place
        services.finish_count(count, user=manager)
    if not WriteOff.objects.filter(campus=campus).exists():
        printer = Asset.objects.filter(campus=campus, name="激光打印机", status="in_use").first()
        if printer is not None:
            services.request_write_off(campus, assets=[printer], kind=WriteOffKind.SCRAP, user=manager,
                                       reason="定影组件损坏，维修费用超过新机价格一半，申请报废。")
