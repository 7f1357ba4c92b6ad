"""Assets factories (register side), through the assets services: categories and assets."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from assets import services
from assets.choices import LifeClass, TopCategory
from assets.models import Asset, Category

from .campus import make_place

CATEGORIES = {  # name -> (top, life class)
    "电脑": (TopCategory.GENERAL, LifeClass.OFFICE),
    "空调": (TopCategory.GENERAL, LifeClass.ELECTRICAL),
    "投影仪": (TopCategory.GENERAL, LifeClass.AUDIOVISUAL),
    "钢琴": (TopCategory.SPECIAL, LifeClass.INSTRUMENT),
    "儿童床": (TopCategory.FURNITURE, LifeClass.FURNITURE),
    "图书": (TopCategory.BOOKS, LifeClass.NONE),
}


def make_category(campus, name="空调", top=None, life_class=None, user=None) -> Category:
    """The campus's category of that name (made once, through the service)."""
    existing = Category.objects.filter(campus=campus, name=name).first()
    if existing is not None:
        return existing
    default_top, default_life = CATEGORIES.get(name, (TopCategory.GENERAL, LifeClass.OFFICE))
    return services.add_category(campus, top=top or default_top, name=name, life_class=life_class or default_life, user=user)


def make_asset(campus, name="格力空调", *, category="空调", place=None, value="3200.00", quantity=1, purchased_on=None,
               user=None, **extra) -> Asset:
    """An asset registered through the service (a category given by name is made on first use; a place
    named 总务仓库 is made when none is given)."""
    if isinstance(category, str):
        category = make_category(campus, category, user=user)
    if place is None:
        place = campus.places.filter(name="总务仓库").first() or make_place(campus, "总务仓库", kind="store")
    return services.register_asset(
        campus, name=name, category=category, place=place, value=Decimal(value), quantity=quantity,
        purchased_on=purchased_on or timezone.localdate() - dt.timedelta(days=400), user=user, **extra,
    )
