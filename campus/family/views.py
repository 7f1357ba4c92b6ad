"""Family pages: a parent's leave requests (请假) and today page for a child; the class teacher's
leave requests with the one-tap confirmation. A parent reaches only their own children (the
scoped loaders), a class teacher only their classes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import parent_required, staff_required
from ..choices import LeaveStatus
from ..errors import service_call
from ..models_family import FamilySettings, LeaveRequest
from ..scoping import get_child_for_user, get_scoped_object_or_404, in_current_campus
from . import services, today
from .forms import FamilySettingsForm, LeaveRequestForm

# --- the parent's side ---------------------------------------------------------------------------


@parent_required
def parent_today(request, pk):
    child = get_child_for_user(request, pk, queryset=today.child_queryset(timezone.localdate()))
    return render(request, "campus/family/today.html", {"child": child, "day": today.for_child(child, request.guardian)})


@parent_required
def parent_leave(request, pk):
    child = get_child_for_user(request, pk)
    day = timezone.localdate()
    form = LeaveRequestForm(request.POST or None, initial={"first_day": day, "last_day": day})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            leave = services.request_leave(child, user=request.user, **form.cleaned_data)
        if call.ok:
            if leave.in_time:
                messages.success(request, _("Leave request sent. It was made before the cut-off, so no meal is counted for %(child)s that day.")
                                 % {"child": child.name})
            else:
                messages.success(request, _("Leave request sent to the class teacher."))
            return redirect("campus:parent_leave", pk=child.pk)
    leaves = list(LeaveRequest.objects.filter(child=child).order_by("-first_day", "-pk")[:20])
    cutoff = FamilySettings.for_campus(child.campus).leave_cutoff
    return render(request, "campus/family/parent_leave.html", {"child": child, "form": form, "leaves": leaves, "cutoff": cutoff})


@parent_required
@require_POST
def parent_leave_cancel(request, pk):
    leave = get_object_or_404(LeaveRequest.objects.select_related("child"), pk=pk, child__guardians=request.guardian)
    with service_call(request=request) as call:
        services.cancel_leave(leave, user=request.user)
    if call.ok:
        messages.success(request, _("Leave request withdrawn."))
    return redirect("campus:parent_leave", pk=leave.child_id)


# --- the class teacher's side ---------------------------------------------------------------------


@staff_required(perm="campus.view_leaverequest")
def leave_list(request):
    rows = in_current_campus(request, LeaveRequest).select_related("child", "classroom")
    pending = list(rows.filter(status=LeaveStatus.PENDING).order_by("first_day", "pk"))
    recent = list(rows.exclude(status=LeaveStatus.PENDING).order_by("-first_day", "-pk")[:30])
    return render(request, "campus/family/leave_list.html", {
        "pending": pending, "recent": recent, "may_decide": request.user.has_perm("campus.change_leaverequest"),
    })


@staff_required(perm="campus.view_leaverequest")
def leave_detail(request, pk):
    leave = get_scoped_object_or_404(request, LeaveRequest.objects.select_related("child", "classroom", "requested_by"), pk=pk)
    return render(request, "campus/family/leave_detail.html", {
        "leave": leave, "may_decide": request.user.has_perm("campus.change_leaverequest")})


@staff_required(perm="campus.change_leaverequest")
@require_POST
def leave_decide(request, pk):
    leave = get_scoped_object_or_404(request, LeaveRequest.objects.select_related("child"), pk=pk)
    with service_call(request=request) as call:
        if request.POST.get("decision") == "decline":
            services.decline_leave(leave, user=request.user)
        else:
            services.confirm_leave(leave, user=request.user)
    if call.ok:
        messages.success(request, _("%(child)s: leave request answered.") % {"child": leave.child.name})
    return redirect("campus:family_leave_list")


@staff_required(perm="campus.change_familysettings")
def family_settings(request):
    row = FamilySettings.for_campus(request.campus)
    form = FamilySettingsForm(request.POST or None, initial={"leave_cutoff": row.leave_cutoff})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.save_family_settings(request.campus, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Family settings saved."))
            return redirect("campus:family_settings")
    return render(request, "campus/family/settings.html", {"form": form})
