"""The gate's registers: 来访登记簿 (ID numbers and phones always masked, whoever prints it) and
接送交接记录 (every handover, refusal and note of the dismissal)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus.people import display_name
from campus.registers import AddLink, Column, Filter, Register, class_filter

from ..models import Handover, Visitor

__all__ = ["VISITORS", "HANDOVERS", "mask_phone"]


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[7:] if len(phone) >= 11 else ("*" * len(phone))


def _time(value):
    return timezone.localtime(value).strftime("%H:%M") if value else ""


def _visit_state(v: Visitor) -> str:
    if v.refused_id:
        return str(_("Refused"))
    if v.left_at is None:
        return str(_("On site"))
    return _time(v.left_at)


@dataclass(frozen=True)
class OnSiteFilter(Filter):
    def apply(self, qs, value):
        return qs.filter(left_at__isnull=True, refused__isnull=True) if value == "1" else qs


VISITORS = Register(
    title=_("Visitor register"), model=Visitor, permission="safety.view_visitor",
    date_field="arrived_at__date", select_related=("host__staff", "created_by__staff"), order_by=("arrived_at", "pk"),
    filters=[OnSiteFilter("on_site", _("Still on site"), lambda request: [("1", _("Still on site"))])],
    columns=[
        Column(_("Date"), lambda v: timezone.localdate(v.arrived_at)),
        Column(_("Visitor's name"), lambda v: v.name or _("(erased)")),  # a header as wide as a name
        Column(_("ID number"), lambda v: v.masked_id),
        Column(_("Phone"), lambda v: mask_phone(v.phone)),
        Column(_("Organisation"), lambda v: v.organisation),
        Column(_("Reason"), lambda v: v.reason),
        Column(_("Person visited"), lambda v: display_name(v.host) if v.host_id else v.visiting),
        Column(_("People"), lambda v: v.people),
        Column(_("Vehicle plate"), lambda v: v.plate),
        Column(_("Badge"), lambda v: v.badge),
        Column(_("Arrived"), lambda v: _time(v.arrived_at)),
        Column(_("Left"), _visit_state),
        Column(_("Host confirmed"), lambda v: _("yes") if v.host_confirmed_at else ""),
        Column(_("Registered by"), lambda v: display_name(v.created_by)),
    ],
    link=lambda v: v.get_absolute_url(),
    add=AddLink("safety:visitor_add", _("Register a visitor"), "safety.admit_visitor"),
)


HANDOVERS = Register(
    title=_("Pickup handover record"), model=Handover, permission="safety.view_handover",
    date_field="date", select_related=("child", "classroom", "picker", "guardian", "released_by__staff", "restricted"),
    order_by=("date", "classroom__name", "at", "pk"), filters=[class_filter()],
    columns=[
        Column(_("Date"), lambda h: h.date),
        Column(_("Child's name"), lambda h: f"{h.child.name}（{h.classroom.name}）"),
        Column(_("Handover outcome"), lambda h: h.get_outcome_display()),
        Column(_("Taken by / came"), lambda h: h.taken_by),
        Column(_("Time"), lambda h: _time(h.at)),
        Column(_("Released by"), lambda h: display_name(h.released_by)),
        Column(_("Note"), lambda h: h.note or (h.restricted.reason if h.restricted_id else "")),
    ],
    link=lambda h: h.get_absolute_url(),
)
