"""Kitchen factories, through the kitchen services: suppliers, acceptance lines, ingredients, dishes,
menus, food samples and disinfections."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from campus.roles import Role
from kitchen import deliveries, services
from kitchen.choices import DisinfectionMethod, Meal
from kitchen.models import Dish, Ingredient, Supplier

GRADES = ("nursery", "small", "middle", "large")


def make_supplier(campus, name="绿源蔬菜配送", expires_in_days=200, user=None, **extra) -> Supplier:
    """The campus's supplier of that name (made once, through the service)."""
    existing = Supplier.objects.filter(campus=campus, name=name).first()
    if existing is not None:
        return existing
    extra.setdefault("licence_expires_on", timezone.localdate() + dt.timedelta(days=expires_in_days))
    supplier = Supplier(campus=campus, name=name, licence_no="JY13301000000001", **extra)
    return services.save_supplier(supplier, user)


def make_acceptance(world, *, supplier=None, product="青菜", quantity="10", unit_price="3.50", day=None, **extra):
    """A delivery line received by world's cook (from the default supplier unless ``supplier``)."""
    campus = world.campus
    data = {
        "user": world.user(Role.COOK), "supplier": supplier or make_supplier(campus), "date": day or timezone.localdate(),
        "product": product, "quantity": Decimal(quantity), "unit": "kg", "unit_price": Decimal(unit_price),
        "receiver": world.user(Role.COOK), "batch_no": "B20261125",
    }
    data.update(extra)
    return deliveries.record_acceptance(campus, **data)


def make_ingredient(code, name, *, energy, protein, fat, carb, edible="100", quality=False, **extra) -> Ingredient:
    return Ingredient.objects.create(
        code=code, name_zh=name, energy_kcal=Decimal(energy), protein_g=Decimal(protein), fat_g=Decimal(fat),
        carb_g=Decimal(carb), edible_pct=Decimal(edible), quality_protein=quality, source="test", **extra,
    )


def make_dish(campus, name, lines=(), user=None) -> Dish:
    """lines: [(ingredient, grams for every grade) or (ingredient, {grade: grams})]"""
    rows = []
    for ing, grams in lines:
        if not isinstance(grams, dict):
            grams = dict.fromkeys(GRADES, grams)
        rows.append({"ingredient": ing, **{f"grams_{g}": Decimal(str(v)) for g, v in grams.items()}})
    return services.save_dish(Dish(campus=campus, name=name), rows, user)


def make_menu(campus, entries, user=None, week_start=None):
    """This week's menu (or ``week_start``'s): ``entries`` maps (date, meal) to dishes."""
    week_start = week_start or services.week_start_of(timezone.localdate())
    ids = {key: [dish.pk for dish in dishes] for key, dishes in entries.items()}
    return services.save_menu(campus, week_start, ids, user)


def make_sample(world, dish, meal=Meal.LUNCH, weight_g="130", day=None, at=None):
    """A sample of ``dish`` taken by world's cook (``at``, default now) and reviewed by its health teacher."""
    cook, at = world.user(Role.COOK), at or timezone.now()
    return services.record_sample(
        world.campus, user=cook, date=day or timezone.localdate(), meal=meal, dish=dish, weight_g=Decimal(weight_g),
        sampled_at=at, fridge="留样柜", fridge_temp_c=Decimal("4"), sampler=cook, reviewer=world.user(Role.HEALTH),
    )


def make_disinfection(world, meal=Meal.LUNCH, method=DisinfectionMethod.STEAM, duration_seconds=900, day=None, at=None,
                      **extra):
    """A disinfection by world's cook (``at``, default now; steam, 15 minutes: within the rule)."""
    cook = world.user(Role.COOK)
    return services.record_disinfection(
        world.campus, user=cook, date=day or timezone.localdate(), meal=meal, method=method, items="碗", item_count=40,
        started_at=at or timezone.now(), operator=cook, duration_seconds=duration_seconds, **extra,
    )


def make_meal_photo(campus, user, meal=Meal.LUNCH, day=None, color="orange", size=(64, 48), fmt="JPEG", exif=None):
    """A photo of ``meal`` (today's), uploaded through the service by ``user`` (a cook)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from kitchen import photos

    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    image.save(buffer, fmt, **({"exif": exif} if exif is not None else {}))
    upload = SimpleUploadedFile(f"meal.{fmt.lower()}", buffer.getvalue(), content_type=f"image/{fmt.lower()}")
    return photos.add_meal_photos(campus, day=day or timezone.localdate(), meal=meal, photos=[upload], food_only=True,
                                  user=user)[0]
