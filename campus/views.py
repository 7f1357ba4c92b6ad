import datetime as dt
import logging
from dataclasses import replace

from celery import current_app as celery_app  # the project's app (config/celery.py), without importing config
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import attendance
from . import calendar as school_calendar
from .access import may_open, parent_required, staff_required, user_has_roles
from .choices import AttendanceStatus, LeaveKind, LeaveStatus
from .dashboard import side_by_side
from .dates import date_param
from .errors import service_call
from .family import today as family_today
from .forms import AttendanceDayForm
from .history import history_entries
from .media import file_response, owner_of
from .middleware import SESSION_KEY
from .models import Child, StaffMember, StaffSettings
from .roles import Role, role_label
from .scoping import (
    get_child_for_user,
    get_scoped_object_or_404,
    guardian_of,
    in_current_campus,
    staff_of,
    visible_classrooms,
)
from .services import record_class_attendance
from .ui import collect

log = logging.getLogger(__name__)

# --- health ---------------------------------------------------------------------------


def _unreachable(exc: Exception) -> str:
    return f"unreachable ({type(exc).__name__})"


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """JSON: is the database reachable, is the broker reachable. 200 when both are, 503 otherwise."""
    result = {"database": False, "broker": False}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            result["database"] = cursor.fetchone()[0] == 1
    except Exception as exc:  # noqa: BLE001 - the answer is the point
        # The error's text names hosts, ports and users: it goes to the log, the page says what failed.
        log.warning("healthz: database unreachable: %s", exc)
        result["database_error"] = _unreachable(exc)
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            result["broker"] = True
    except Exception as exc:  # noqa: BLE001
        log.warning("healthz: broker unreachable: %s", exc)
        result["broker_error"] = _unreachable(exc)
    result["status"] = "ok" if result["database"] and result["broker"] else "error"
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)


# --- home, dashboard, campus switch ----------------------------------------------------------


def home(request):
    """Each role lands on what it must do today; a parent on their children."""
    if guardian_of(request.user) and not staff_of(request.user):
        return redirect("campus:parent_home")
    if not (staff_of(request.user) or request.user.is_superuser):
        raise PermissionDenied
    if request.campus is None:
        return render(request, "campus/no_campus.html", status=403)
    day = timezone.localdate()
    alerts = _unlinked_where_refused(request.user, collect("dashboard", "home_alerts", request, day))
    todos = [todo for todo in collect("dashboard", "todos", request, day) if may_open(request.user, todo.url)]
    return render(request, "campus/home.html", {
        "alerts": alerts, "todos": todos, "day": day, "show_dashboard": may_open(request.user, reverse("campus:dashboard")),
        "several_campuses": len(request.campuses_list) > 1,
    })


def _unlinked_where_refused(user, items: list) -> list:
    """Cards and alerts link to their page only for a role that may open it: the logistics head sees
    the finance and health cards and the outbreak banner, not their pages."""
    return [item if not item.url or may_open(user, item.url) else replace(item, url="") for item in items]


@staff_required(roles=[Role.DIRECTOR, Role.LOGISTICS])
def dashboard(request):
    day = timezone.localdate()
    alerts = _unlinked_where_refused(request.user, collect("dashboard", "alerts", [request.campus], day))
    cards = _unlinked_where_refused(request.user, collect("dashboard", "cards", request.campus, day))
    return render(request, "campus/dashboard.html", {
        "alerts": alerts, "cards": cards, "day": day, "several_campuses": len(request.campuses_list) > 1,
    })


@staff_required(roles=[Role.DIRECTOR, Role.LOGISTICS])
def dashboard_campuses(request):
    """The group director's view: every campus the user works at side by side, one column each,
    each department's card state and figure, the open outbreak alerts of all of them on top."""
    day = timezone.localdate()
    campuses = request.campuses_list
    alerts = _unlinked_where_refused(request.user, collect("dashboard", "alerts", campuses, day))
    return render(request, "campus/dashboard_campuses.html", {
        "alerts": alerts, "campuses": campuses, "rows": side_by_side(campuses, day), "day": day,
    })


@staff_required
@require_POST
def switch_campus(request):
    try:
        wanted = int(request.POST.get("campus", ""))
    except ValueError:
        raise Http404 from None
    if wanted not in request.campus_ids:
        raise Http404
    request.session[SESSION_KEY] = wanted
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


# --- attendance ------------------------------------------------------------------------------


@staff_required(perm="campus.view_attendance")
def attendance_overview(request):
    day = date_param(request, latest=timezone.localdate())
    classes = list(
        attendance.with_counts(visible_classrooms(request).by_grade(), day, day)
    )
    enrolled = dict(
        Child.objects.enrolled_on(day).filter(classroom__in=classes).values_list("classroom").annotate(n=Count("id"))
    )
    for room in classes:
        room.enrolled = enrolled.get(room.pk, 0)
        room.absent = room.recorded - room.present
    return render(request, "campus/attendance_overview.html", {"classes": classes, "day": day})


@staff_required(perm="campus.add_attendance")
def attendance_take(request, pk):
    classroom = get_scoped_object_or_404(request, visible_classrooms(request).select_related("campus"), pk=pk)
    day = date_param(request, latest=timezone.localdate())
    children = list(classroom.children_on(day).order_by("name"))
    existing = attendance.class_day_records(classroom, day)
    form = AttendanceDayForm(children, existing, data=request.POST or None)
    not_school_day = None
    try:
        if not school_calendar.is_school_day(classroom.campus, day):
            not_school_day = _("%(day)s is not a school day for this campus.") % {"day": day}
    except school_calendar.CalendarUnknown as exc:
        not_school_day = str(exc)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            record_class_attendance(classroom, day, form.exceptions(), request.user)
        if call.ok:
            absent = len(form.exceptions())
            messages.success(
                request,
                _("Attendance for %(class)s on %(day)s saved: %(present)d present, %(absent)d absent.")
                % {"class": classroom, "day": day, "present": len(children) - absent, "absent": absent},
            )
            return redirect(f"{request.path}?date={day.isoformat()}")
    return render(
        request,
        "campus/attendance_take.html",
        {"classroom": classroom, "day": day, "form": form, "rows": form.rows(), "saved": bool(existing),
         "not_school_day": not_school_day},
    )


# --- staff -----------------------------------------------------------------------------------


@staff_required(perm="campus.view_staffcertificate")
def staff_list(request):
    today = timezone.localdate()
    soon = today + dt.timedelta(days=StaffSettings.for_campus(request.campus).certificate_alert_days)
    staff = (
        in_current_campus(request, StaffMember)
        .filter(is_active=True)
        .select_related("user")
        .prefetch_related("user__groups", "certificates")
        .order_by("name")
    )
    for member in staff:
        member.role_labels = sorted(role_label(group.name) for group in member.user.groups.all())
    may_manage = user_has_roles(request.user, [Role.DIRECTOR]) and request.user.has_perm("campus.change_staffmember")
    return render(request, "campus/staff_list.html", {"staff": staff, "today": today, "soon": soon, "may_manage": may_manage})


# --- children --------------------------------------------------------------------------------


@staff_required(perm="campus.view_child")
def child_list(request):
    day = timezone.localdate()
    children = in_current_campus(request, Child).enrolled_on(day).select_related("classroom")
    classroom = request.GET.get("classroom")
    if classroom and classroom.isdigit():
        children = children.filter(classroom_id=int(classroom))
    query = request.GET.get("q", "").strip()
    if query:
        children = children.filter(name__icontains=query)
    classes = visible_classrooms(request)
    return render(request, "campus/child_list.html", {"children": children[:500], "classes": classes, "query": query})


@staff_required(perm="campus.view_child")
def child_detail(request, pk):
    child = get_child_for_user(request, pk)
    # Guardians' names and phones only for the roles that hold view_guardian (not the kitchen, assets, logistics, gate).
    guardianships = child.guardianships.select_related("guardian") if request.user.has_perm("campus.view_guardian") else None
    records = attendance.recent_records(child)
    return render(
        request,
        "campus/child_detail.html",
        {"child": child, "guardianships": guardianships, "attendance": records, "history": history_entries(child),
         "may_edit": request.user.has_perm("campus.change_child"), "may_manage": request.user.has_perm("campus.add_child"),
         "links": collect("nav", "child_links", request, child)},
    )


# --- parent portal home ------------------------------------------------------------------------


@parent_required
def parent_home(request):
    """Each child with today's attendance on top (as recorded, or the leave asked for), then the pages."""
    day = timezone.localdate()
    children = list(family_today.child_queryset(day).filter(guardians=request.guardian).order_by("name"))
    for child in children:
        child.links = collect("nav", "parent_links", request, child)
        child.leave_label = LeaveKind(child.leave_kind).label if child.leave_kind else ""
        child.leave_state = LeaveStatus(child.leave_status).label if child.leave_status else ""
        child.status_label = AttendanceStatus(child.day_status).label if child.day_status else ""
    return render(request, "campus/parent_home.html", {"children": children, "day": day})


@parent_required
def parent_child(request, pk):
    child = get_child_for_user(request, pk)
    links = collect("nav", "parent_links", request, child)
    return render(request, "campus/parent_child.html", {"child": child, "links": links})


# --- uploaded files ----------------------------------------------------------------------------


@staff_required
def media(request, path):
    """An uploaded file (certificate scan, photo, statement), for staff who may see its record."""
    root = settings.MEDIA_ROOT.resolve()
    target = (root / path).resolve()
    if root not in target.parents or not target.is_file() or owner_of(request, path) is None:
        raise Http404
    return file_response(target)
