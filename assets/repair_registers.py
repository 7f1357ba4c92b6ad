"""维修登记: the repairs reported in a period (default this month), with where, what, urgency,
deadline, who repaired it, parts and cost, and who verified it (campus.registers)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from campus.money import Yuan
from campus.people import display_name
from campus.registers import AddLink, Column, Filter, Register

from .choices import RepairUrgency
from .models.repairs import RepairRequest, RepairStatus


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _verified(repair) -> str:
    if not repair.verified_at:
        return ""
    return f"{display_name(repair.verified_by)} {timezone.localtime(repair.verified_at):%m-%d}"


def _late(repair) -> str:
    done = repair.closed_at or timezone.now()
    return _("yes") if done > repair.due_at else _("no")


def _context(request, period, objects):
    rows = list(objects)
    return {"total": sum((r.cost for r in rows), Yuan("0.00")), "count": len(rows),
            "late": sum(1 for r in rows if (r.closed_at or timezone.now()) > r.due_at)}


REPAIRS = Register(
    title=gettext_lazy("Repair register"), model=RepairRequest, permission="assets.oversee_repairrequest",
    where=lambda qs, first, last: qs.filter(reported_at__date__range=(first, last)),
    select_related=("asset", "place", "run", "reported_by__staff", "assignee__staff", "verified_by__staff"),
    order_by=("reported_at", "id"),
    filters=[
        Filter("urgency", gettext_lazy("Urgency"), lambda request: RepairUrgency.choices, "urgency"),
        Filter("status", gettext_lazy("Status"), lambda request: RepairStatus.choices, "status"),
    ],
    columns=[
        Column(gettext_lazy("Reported on"), lambda r: _when(r.reported_at)),
        Column(gettext_lazy("Where"), lambda r: r.where),
        Column(pgettext_lazy("repair", "What is wrong"), lambda r: r.short_problem),
        Column(pgettext_lazy("repair", "Reported by"), lambda r: display_name(r.reported_by)),
        Column(gettext_lazy("Urgency"), lambda r: r.get_urgency_display()),
        Column(pgettext_lazy("repair", "Deadline"), lambda r: _when(r.due_at)),
        Column(gettext_lazy("Repaired by"), lambda r: r.repaired_by),
        Column(gettext_lazy("Repaired"), lambda r: _when(r.closed_at)),
        Column(gettext_lazy("Late"), _late),
        Column(gettext_lazy("Parts used"), lambda r: r.parts),
        Column(pgettext_lazy("repair", "Cost (yuan)"), lambda r: Yuan(r.cost)),
        Column(gettext_lazy("Verified"), _verified),
    ],
    link=lambda r: r.get_absolute_url(),
    add=AddLink("assets:repair_report", gettext_lazy("Report a repair"), "assets.add_repairrequest"),
    intro="assets/repairs/_register_intro.html", context=_context, filename="repairs",
)
