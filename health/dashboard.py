"""Health cards for the director's dashboard and each role's to-dos on the home page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.access import user_has_roles
from campus.models import Classroom
from campus.roles import Role
from campus.scoping import visible_child_ids, visible_classrooms
from campus.ui import Alert, Card, CardState, Todo, nothing_recorded

from . import services
from .choices import CheckSession
from .models import OutbreakAlert
from .summary import check_progress


def alerts(campuses, day) -> list[Alert]:
    """Open outbreak alerts (not reported to the CDC yet) of these campuses, for the red banner at the
    top of the dashboard and the home page. One query, whatever the number of campuses."""
    now = timezone.now()
    rows = OutbreakAlert.objects.filter(campus__in=campuses, reported_at__isnull=True).select_related(
        "classroom", "campus").order_by("report_due", "pk")
    return [
        Alert(
            title=_("Outbreak alert: %(class)s, %(symptom)s (%(cases)d cases)") % {
                "class": alert.classroom.name, "symptom": alert.get_symptom_group_display(), "cases": alert.cases},
            url=alert.get_absolute_url(),
            detail=_("Report overdue! Report to the CDC now.") if alert.report_due < now
            else _("Report to the CDC and disinfect the class."),
            due=timezone.localtime(alert.report_due).strftime("%m-%d %H:%M"),
            overdue=alert.report_due < now,
            campus=alert.campus,
        )
        for alert in rows
    ]


def home_alerts(request, day) -> list[Alert]:
    """The banner on the home page of the director and the health teacher."""
    if request.campus is None or not user_has_roles(request.user, [Role.DIRECTOR, Role.HEALTH]):
        return []
    return alerts([request.campus], day)


def cards(campus, day) -> list[Card]:
    """Open outbreak alerts are not a card: they are the red banner above the cards (``alerts``)."""
    classes = list(Classroom.objects.filter(campus=campus, is_active=True).order_by("grade", "name"))
    progress = check_progress(campus, day, classes)
    follow_ups = services.flagged_follow_ups(campus).count()
    doses = services.doses_for_day(campus, day)
    open_doses = [d for d in doses if d.state in ("due", "overdue")]
    overdue = sum(1 for d in doses if d.state == "overdue")
    missing = [row["classroom"].name for row in progress if row["enrolled"] and not row["morning"]]
    sent_home = sum(row["sent_home"] for row in progress)
    checked = any(row["morning"] or row["afternoon"] for row in progress)
    if not checked:
        checks_state, checks_detail = CardState.NONE, nothing_recorded()
    elif missing:
        checks_state, checks_detail = CardState.ATTENTION, _("Not checked yet: %(classes)s") % {"classes": "、".join(missing)}
    else:
        checks_state, checks_detail = CardState.OK, _("All classes checked.")
    if overdue:
        doses_state = CardState.OVERDUE
    elif open_doses:
        doses_state = CardState.ATTENTION
    else:
        doses_state = CardState.OK if doses else CardState.NONE
    return [
        Card(
            title=_("Morning checks today"), key="health.checks",
            value=f"{sum(1 for r in progress if r['morning'])} / {len([r for r in progress if r['enrolled']])}",
            detail=checks_detail, state=checks_state, url=reverse("health:index"),
            headers=[_("Class"), _("Morning"), _("Afternoon"), _("Observed"), _("Sent home")],
            rows=[[r["classroom"].name, f"{r['morning']}/{r['enrolled']}", f"{r['afternoon']}", r["observe"], r["sent_home"]]
                  for r in progress],
        ),
        # Nobody sent home is only known once the children were checked.
        Card(title=_("Sent home today"), key="health.sent_home", value=str(sent_home) if checked else "",
             detail="" if checked else nothing_recorded(),
             state=CardState.ATTENTION if sent_home else (CardState.OK if checked else CardState.NONE),
             url=reverse("health:register", args=["checks"])),
        # Follow-ups come from the day's sick absences: "none open" is only news once the day is recorded.
        Card(title=_("Open sick-absence follow-ups"), key="health.follow_ups", value=str(follow_ups) if (follow_ups or checked) else "",
             detail="" if (follow_ups or checked) else nothing_recorded(),
             state=CardState.ATTENTION if follow_ups else (CardState.OK if checked else CardState.NONE),
             url=reverse("health:followups")),
        Card(title=_("Medicine doses due today"), key="health.doses", value=str(len(open_doses)) if doses else "",
             detail=(_("%(count)d overdue") % {"count": overdue}) if overdue
             else ("" if doses else _("No medicine to give today.")),
             state=doses_state, url=reverse("health:medication")),
    ]


def todos(request, day) -> list[Todo]:
    user = request.user
    campus = request.campus
    result = []
    is_health = user_has_roles(user, [Role.HEALTH])
    if not user.has_perm("health.add_healthcheck"):
        return result
    classes = list(visible_classrooms(request).order_by("grade", "name"))
    for row in check_progress(campus, day, classes):
        if row["enrolled"] and not row["morning"]:
            result.append(Todo(
                title=_("Morning check: %(class)s") % {"class": row["classroom"].name},
                url=reverse("health:check_class", args=[row["classroom"].pk, CheckSession.MORNING]),
                detail=_("Not done yet"), level="warning",
            ))
    child_ids = visible_child_ids(request)
    doses = [d for d in services.doses_for_day(campus, day, child_ids=child_ids) if d.state in ("due", "overdue", "given")]
    overdue = [d for d in doses if d.state == "overdue"]
    if doses:
        result.append(Todo(
            title=_("Medicine: %(count)d doses to give or check today") % {"count": len(doses)},
            url=reverse("health:medication"),
            detail=(_("%(count)d overdue") % {"count": len(overdue)}) if overdue else doses[0].time,
            level="danger" if overdue else "warning",
        ))
    if is_health:
        flagged = services.flagged_follow_ups(campus).count()
        if flagged:
            result.append(Todo(title=_("Sick-absence follow-ups open: %(count)d") % {"count": flagged},
                               url=reverse("health:followups"), level="danger"))
        due = services.blood_pressure_due(campus, day)
        if due:
            result.append(Todo(title=_("Blood pressure due: %(count)d obese children") % {"count": len(due)},
                               url=reverse("health:bp_list"), level="warning"))
    return result
