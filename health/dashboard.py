"""Health cards for the director's dashboard and each role's to-dos on the home page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.access import user_has_roles
from campus.models import Classroom
from campus.roles import Role
from campus.scoping import visible_child_ids, visible_classrooms
from campus.ui import Card, Todo

from . import services
from .choices import CheckSession
from .models import OutbreakAlert
from .summary import check_progress


def _alert_todos(alerts) -> list[Todo]:
    now = timezone.now()
    return [
        Todo(
            title=_("Outbreak alert: %(class)s, %(symptom)s (%(cases)d cases)") % {
                "class": alert.classroom, "symptom": alert.get_symptom_group_display(), "cases": alert.cases},
            url=alert.get_absolute_url(),
            detail=_("Report overdue! Report to the CDC now.") if alert.report_due < now
            else _("Report to the CDC and disinfect the class."),
            due=timezone.localtime(alert.report_due).strftime("%m-%d %H:%M"),
            level="danger",
        )
        for alert in alerts
    ]


def cards(campus, day) -> list[Card]:
    classes = list(Classroom.objects.filter(campus=campus, is_active=True).order_by("grade", "name"))
    progress = check_progress(campus, day, classes)
    alerts = list(OutbreakAlert.objects.filter(campus=campus, reported_at__isnull=True).select_related("classroom"))
    follow_ups = services.flagged_follow_ups(campus).count()
    doses = services.doses_for_day(campus, day)
    open_doses = [d for d in doses if d.state in ("due", "overdue")]
    overdue = sum(1 for d in doses if d.state == "overdue")
    missing = [row["classroom"].name for row in progress if row["enrolled"] and not row["morning"]]
    sent_home = sum(row["sent_home"] for row in progress)
    result = []
    if alerts:
        result.append(Card(
            title=_("Outbreak alerts"), value=str(len(alerts)), level="danger", url=reverse("health:outbreaks"),
            detail=_("Not reported yet: report within 24 hours."),
            headers=[_("Class"), _("Kind of symptom"), _("Cases"), _("Report due by")],
            rows=[[a.classroom.name, a.get_symptom_group_display(), a.cases,
                   timezone.localtime(a.report_due).strftime("%m-%d %H:%M")] for a in alerts],
        ))
    result += [
        Card(
            title=_("Morning checks today"),
            value=f"{sum(1 for r in progress if r['morning'])} / {len([r for r in progress if r['enrolled']])}",
            detail=(_("Not checked yet: %(classes)s") % {"classes": "、".join(missing)}) if missing else _("All classes checked."),
            level="warning" if missing else "success", url=reverse("health:index"),
            headers=[_("Class"), _("Morning"), _("Afternoon"), _("Observed"), _("Sent home")],
            rows=[[r["classroom"].name, f"{r['morning']}/{r['enrolled']}", f"{r['afternoon']}", r["observe"], r["sent_home"]]
                  for r in progress],
        ),
        Card(title=_("Sent home today"), value=str(sent_home), level="warning" if sent_home else "success",
             url=reverse("health:register", args=["checks"])),
        Card(title=_("Open sick-absence follow-ups"), value=str(follow_ups), level="warning" if follow_ups else "success",
             url=reverse("health:followups")),
        Card(title=_("Medicine doses due today"), value=str(len(open_doses)),
             detail=(_("%(count)d overdue") % {"count": overdue}) if overdue else "",
             level="danger" if overdue else ("warning" if open_doses else "success"), url=reverse("health:medication")),
    ]
    return result


def todos(request, day) -> list[Todo]:
    user = request.user
    campus = request.campus
    result = []
    is_health = user_has_roles(user, [Role.HEALTH])
    if user_has_roles(user, [Role.DIRECTOR, Role.HEALTH]):
        result += _alert_todos(OutbreakAlert.objects.filter(campus=campus, reported_at__isnull=True).select_related("classroom"))
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
