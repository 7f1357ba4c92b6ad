"""The gate (safety): visitors, the do-not-admit list, pickers and handovers, made through the services."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campus.roles import Role

from .files import make_image

VALID_ID = "11010519491231002X"  # the textbook example of a valid resident ID number


def resident_id(prefix17: str) -> str:
    """A valid 18-character ID number from its first 17 digits (the check character computed)."""
    from safety.services.gate import ID_CHECK, ID_WEIGHTS

    return prefix17 + ID_CHECK[sum(int(d) * w for d, w in zip(prefix17, ID_WEIGHTS, strict=True)) % 11]


def photo(name="face.png", color="gray"):
    return SimpleUploadedFile(name, make_image(size=(64, 64), color=color), content_type="image/png")


def make_visitor(world, name="王来访", *, id_number=VALID_ID, left=False, **extra):
    from safety import services

    data = {"name": name, "id_number": id_number, "phone": "13812345678", "reason": "送货", "people": 1, **extra}
    visitor = services.register_arrival(world.campus, data, world.user(Role.GATEKEEPER))
    if left:
        visitor = services.sign_out(visitor, world.user(Role.GATEKEEPER))
    return visitor


def make_restricted(campus, name="赵禁止", *, children=(), id_number="", user=None, reason="法院裁定", with_photo=False):
    from safety import services
    from safety.models import RestrictedPerson

    data = {"name": name, "id_number": id_number, "reason": reason}
    if with_photo:
        data["photo"] = photo("restricted.png", color="black")
    return services.save_restricted(RestrictedPerson(campus=campus), data, list(children), user)


def make_picker(child, name="刘奶奶", *, relation="奶奶", user=None, temporary_days=None, confirmed_by=None, with_photo=True):
    from safety import services
    from safety.models import Picker

    data = {"name": name, "relation": relation, "phone": "13700000000"}
    if with_photo:
        data["photo"] = photo()
    if temporary_days is not None:
        today = timezone.localdate()
        data.update(valid_from=today, valid_until=today + dt.timedelta(days=temporary_days))
    picker = services.save_picker(Picker(child=child), data, user)
    if confirmed_by is not None:
        picker = services.confirm_picker(picker, confirmed_by)
    return picker


def make_handover(child, user, *, picker=None, day=None):
    from safety import services

    choice = f"picker:{picker.pk}" if picker else f"guardian:{child.guardianships.first().guardian_id}"
    return services.hand_over(child, day or timezone.localdate(), user, choice=choice)
