"""Safety demo data. Gate: visitors of the last days (one still on site, one expected today), a person
on the do-not-admit list, pickers with placeholder photos drawn here (no download), a temporary
picker confirmed and one waiting for the class teacher, and yesterday's dismissal of 小一班 handed
over. Idempotent: a second run creates nothing."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campus import attendance

from . import services
from .models import Handover, Picker, RestrictedPerson, Visitor

BEIJING = timezone.get_fixed_timezone(8 * 60)


def placeholder_photo(seed: int) -> SimpleUploadedFile:
    """A plain head-and-shoulders silhouette in a colour of its own (Pillow, drawn locally)."""
    from PIL import Image, ImageDraw

    colours = [(176, 196, 222), (205, 183, 158), (189, 215, 190), (230, 190, 200), (200, 200, 230)]
    image = Image.new("RGB", (160, 160), colours[seed % len(colours)])
    draw = ImageDraw.Draw(image)
    draw.ellipse((50, 25, 110, 85), fill=(250, 250, 250))
    draw.ellipse((25, 95, 135, 200), fill=(250, 250, 250))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(f"picker{seed}.png", buffer.getvalue(), content_type="image/png")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BEIJING)


def _seed_gate(ctx) -> None:
    campus = ctx.campuses["central"]
    services.settings_for(campus)
    services.settings_for(ctx.campuses["village"])
    gate, director, teacher = ctx.users["gate"], ctx.users["director"], ctx.users["teacher"]
    today = ctx.today
    room = ctx.classes["小一班"]
    children = list(room.children.order_by("name")[:8])

    if not RestrictedPerson.objects.filter(campus=campus).exists() and children:
        services.save_restricted(RestrictedPerson(campus=campus), {
            "name": "赵建军", "id_number": "11010519491231002X", "reason": "法院裁定限制探视，不得接走孩子",
            "valid_until": today + dt.timedelta(days=365), "photo": placeholder_photo(9)}, [children[-1]], director)

    if not Visitor.objects.filter(campus=campus).exists():
        yesterday = today - dt.timedelta(days=1)
        rows = [
            ({"name": "孙师傅", "phone": "13812340001", "organisation": "绿源蔬菜配送", "reason": "送货", "plate": "浙A3K521",
              "badge": "01"}, _at(yesterday, 7, 40), _at(yesterday, 8, 5)),
            ({"name": "李工", "phone": "13812340002", "organisation": "城关镇消防站", "reason": "消防检查", "people": 2,
              "badge": "02", "host": director}, _at(yesterday, 9, 30), _at(yesterday, 10, 45)),
            ({"name": "钱电工", "id_number": "330106198501011231", "phone": "13812340003", "organisation": "永安电器维修",
              "reason": "维修空调", "badge": "03"}, _at(today, 9, 30), None),
        ]
        for data, arrived, left in rows:
            visitor = services.register_arrival(campus, data, gate, now=arrived)
            if left:
                services.sign_out(visitor, gate, now=left)
        services.pre_register(campus, {"name": "周老师", "organisation": "县教育局", "reason": "教学视导", "people": 3,
                                       "expected_on": today, "host": director}, director)

    if children and not Picker.objects.filter(child__campus=campus).exists():
        relations = ["奶奶", "外公", "姑姑", "外婆", "爷爷"]
        for i, child in enumerate(children[:5]):
            services.save_picker(Picker(child=child), {"name": f"{child.name[0]}{relations[i]}", "relation": relations[i],
                                                       "phone": f"1370000{i:04d}", "photo": placeholder_photo(i)}, None)
        temporary = services.save_picker(Picker(child=children[0]), {
            "name": "周阿姨", "relation": "邻居", "phone": "13700000099", "photo": placeholder_photo(7),
            "valid_from": today, "valid_until": today + dt.timedelta(days=2)}, None)
        services.confirm_picker(temporary, teacher)
        services.save_picker(Picker(child=children[1]), {
            "name": "何叔叔", "relation": "舅舅", "phone": "13700000098", "photo": placeholder_photo(8),
            "valid_from": today + dt.timedelta(days=1), "valid_until": today + dt.timedelta(days=1)}, None)

    past = attendance.school_days(campus, today - dt.timedelta(days=10), today - dt.timedelta(days=1))
    last_day = past[-1] if past else today - dt.timedelta(days=1)
    if children and not Handover.objects.filter(campus=campus).exists():
        present = sorted(attendance.present_children(campus, last_day, room))
        if present:
            options = services.authorised_pickers(present, last_day)
            for n, child in enumerate(room.children.filter(pk__in=present).select_related("campus").order_by("name")):
                choices = [o for o in options[child.pk] if o.name != "赵建军"]
                if choices:
                    services.hand_over(child, last_day, teacher, choice=choices[n % len(choices)].value,
                                       now=_at(last_day, 16, 30 + n % 25))


def seed(ctx) -> None:
    _seed_gate(ctx)
