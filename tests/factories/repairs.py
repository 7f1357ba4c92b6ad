"""Repair factories (assets): requests reported, assigned, closed and verified through the services."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from assets.services import repairs as services
from campus.roles import Role

from .campus import make_place
from .files import make_image


def photo(name="photo.png", color="white") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_image(color=color), content_type="image/png")


def make_repair(campus, reporter, *, asset=None, place=None, problem="椅子靠背松了", urgency="normal", assign_to=None,
                contractor="", close_by=None, cost="0", parts="", verify_by=None, with_photo=True):
    """A repair request reported by ``reporter`` (at ``place``, a new place when neither an asset nor a
    place is given), then assigned, closed (by ``close_by``, with ``cost``) and verified when asked."""
    if asset is None and place is None:
        place = make_place(campus)
    repair = services.report_repair(campus, user=reporter, problem=problem, urgency=urgency, asset=asset, place=place,
                                    photo=photo() if with_photo else None)
    if assign_to is not None or contractor:
        repair = services.assign_repair(repair, user=_manager(campus), assignee=assign_to, contractor=contractor)
    if close_by is not None:
        repair = services.close_repair(repair, user=close_by, note="修好了", parts=parts, cost=Decimal(cost),
                                       photo=photo("after.png", "green"))
    if verify_by is not None:
        repair = services.verify_repair(repair, user=verify_by)
    return repair


def _manager(campus):
    from campus.models import StaffMember

    staff = StaffMember.objects.filter(campuses=campus, user__groups__name=Role.ASSETS.value).select_related("user").first()
    return staff.user

