"""Repair demo data (called from ``assets.demo.seed``): at the central campus, repairs reported over
the last two weeks by teachers, cooks and the gatekeeper — verified, repaired and waiting for the
reporter, one with its cost handed to finance, one being repaired, one past its deadline, one just
reported. Idempotent: a repair whose problem the campus already has is not reported again."""

import datetime as dt
import io
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from .models import Asset
from .models.repairs import RepairRequest
from .services import repairs as services

# (place, asset name or "", problem, urgency, reporter, days ago, hour, what happened: (repairer or
# contractor, cost, parts) or None, then verified by, handed to finance)
REPAIRS = [
    ("小一班教室", "儿童椅", "儿童椅靠背松动，孩子一靠就晃，已先收到一边。", "normal", "teacher", 12, 9,
     ("gate", "0", "木螺丝 6 个（库存）"), "teacher", False),
    ("厨房", "", "洗碗池下水管漏水，地面积水容易滑倒。", "urgent", "cook", 9, 14,
     ("城南水电维修 张师傅 13800001111", "180.00", "下水管 1 根、密封圈 2 个"), "cook", True),
    ("中一班教室", "空调", "空调开机后不制冷，出风是热的。", "normal", "teacher2", 5, 10,
     ("空调售后 王师傅 13900002222", "350.00", "加氟、清洗滤网"), None, False),
    ("户外活动场地", "", "大型滑梯护栏有两颗螺丝松脱。", "urgent", "teacher", 3, 8, ("gate", None, ""), None, False),
    ("门卫室", "", "电动伸缩门遥控器失灵，只能手动开关。", "normal", "gate", 1, 16,
     ("门业公司 李工 13700003333", None, ""), None, False),
    ("多功能厅", "", "舞台上方一根灯管不亮。", "low", "nursery", 0, 9, None, None, False),
]


def _photo(name, color) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def seed_repairs(ctx) -> int:
    campus = ctx.campuses["central"]
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    users = ctx.users
    manager = users["assets"]
    have = set(RepairRequest.objects.filter(campus=campus).values_list("problem", flat=True))
    made = 0
    for place_name, asset_name, problem, urgency, reporter, days, hour, work, verifier, to_finance in REPAIRS:
        if problem in have:
            continue
        place = ctx.places.get(("central", place_name))
        asset = None
        if asset_name and place is not None:
            asset = Asset.objects.filter(campus=campus, place=place, name__contains=asset_name).order_by("pk").first()
        at = dt.datetime.combine(ctx.today - dt.timedelta(days=days), dt.time(hour, 0), tzinfo=tz)
        repair = services.report_repair(campus, user=users[reporter], problem=problem, urgency=urgency, asset=asset,
                                        place=place, photo=_photo("report.jpg", "#b08060"), now=at)
        made += 1
        if work is None:
            continue
        repairer, cost, parts = work
        staff_user = users.get(repairer)
        repair = services.assign_repair(repair, user=manager, assignee=staff_user,
                                        contractor="" if staff_user else repairer, now=at + dt.timedelta(hours=1))
        if cost is None:
            continue
        closer = staff_user or manager
        closed_at = at + dt.timedelta(hours=20)
        repair = services.close_repair(repair, user=closer, note="已修好，试用正常。", parts=parts, cost=Decimal(cost),
                                       photo=_photo("after.jpg", "#60a060"), now=closed_at)
        if verifier:
            repair = services.verify_repair(repair, user=users[verifier], now=closed_at + dt.timedelta(hours=2))
        if to_finance:
            services.hand_to_finance(repair, user=manager, photos=[_photo("receipt.jpg", "#f0f0f0")])
    return made


# Maintenance rhythms (plans: equipment checked on a rhythm): checklists that repeat for each asset
# of a category. (code, title, category, top, life class, recurrence fields, questions: (label, problem))
RHYTHMS = [
    ("extinguishers-monthly", "灭火器月检", "灭火器", "special", "instrument", {"recurrence": "monthly_day", "day_of_month": 1},
     [("压力表指针在绿区", "灭火器压力不足"), ("在有效期内（看瓶身标签）", "灭火器已过期"),
      ("铅封、喷管完好，放置处无遮挡", "灭火器损坏或被遮挡")]),
    ("ac-before-summer", "空调夏季前检修", "空调", "general", "electrical", {"recurrence": "yearly", "month": 5, "day_of_month": 20},
     [("滤网已清洗", "空调滤网未清洗"), ("试机制冷正常", "空调不制冷"), ("外机支架牢固、排水管通畅", "空调外机或排水异常")]),
    ("ac-before-winter", "空调冬季前检修", "空调", "general", "electrical", {"recurrence": "yearly", "month": 10, "day_of_month": 20},
     [("滤网已清洗", "空调滤网未清洗"), ("试机制热正常", "空调不制热"), ("外机支架牢固、排水管通畅", "空调外机或排水异常")]),
]

# ... and one that checks one asset: (code, title, asset name, place, recurrence fields, questions)
ASSET_RHYTHMS = [
    ("disinfection-cabinet-monthly", "厨房消毒柜月检", "消毒柜", "厨房", {"recurrence": "monthly_day", "day_of_month": 1},
     [("通电后加热、指示灯正常", "消毒柜不加热"), ("门封条完好、柜门关严", "消毒柜门封损坏"), ("柜内清洁、层架无锈", "消毒柜内脏污或生锈")]),
]


def seed_rhythms(ctx) -> int:
    """The maintenance checklists of the central campus, each repeating for every asset of its
    category (made if the register has none of that name), and the kitchen's disinfection cabinet's
    own (when the register has it). Idempotent: an existing code is kept."""
    from checklists import services as checklists
    from checklists.models import ChecklistTemplate

    from .models import Asset, Category
    from .services import add_category
    from .services.repairs import ASSET_KIND, TARGET_KIND

    campus, manager = ctx.campuses["central"], ctx.users["assets"]
    made = 0
    for code, title, category_name, top, life_class, rule, questions in RHYTHMS:
        if ChecklistTemplate.objects.filter(campus=campus, code=code).exists():
            continue
        category = Category.objects.filter(campus=campus, name=category_name).first() or add_category(
            campus, top=top, name=category_name, life_class=life_class, user=manager)
        data = {"code": code, "title": title, "department": "assets", "assignee_role": "asset_manager",
                "starts_on": ctx.today - dt.timedelta(days=40), "target_kind": TARGET_KIND, "target_value": str(category.pk), **rule}
        checklists.save_template(ChecklistTemplate(campus=campus), data, _questions(questions), campus=campus, user=manager)
        made += 1
    for code, title, asset_name, place_name, rule, questions in ASSET_RHYTHMS:
        asset = (Asset.objects.on_register().filter(campus=campus, name=asset_name, place__name=place_name)
                 .order_by("sequence").first())
        if asset is None or ChecklistTemplate.objects.filter(campus=campus, code=code).exists():
            continue
        data = {"code": code, "title": title, "department": "assets", "assignee_role": "asset_manager",
                "starts_on": ctx.today - dt.timedelta(days=40), "target_kind": ASSET_KIND, "target_value": str(asset.pk), **rule}
        checklists.save_template(ChecklistTemplate(campus=campus), data, _questions(questions), campus=campus, user=manager)
        made += 1
    if made:
        checklists.generate_runs(ctx.today, campus=campus, remind=False)  # this month's extinguisher check is due
    return made


def _questions(questions) -> list[dict]:
    return [{"pk": None, "delete": False, "position": n, "label": label, "kind": "yes_no", "problem_label": problem,
             "follow_up_kind": "repair"} for n, (label, problem) in enumerate(questions, start=1)]
