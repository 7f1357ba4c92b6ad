from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import staff_required
from campus.history import history_entries
from campus.scoping import get_scoped_object_or_404, in_current_campus

from . import services
from .access import is_manager, may_close_follow_up, may_verify_follow_up
from .choices import FollowUpKind, FollowUpStatus
from .forms import FollowUpCloseForm, FollowUpReopenForm
from .models import FollowUp

# --- follow-ups ---------------------------------------------------------------------------------


@staff_required(perm="checklists.view_followup")
def followup_list(request):
    status = request.GET.get("status", "open")
    qs = in_current_campus(request, FollowUp).select_related("assignee", "assignee__staff", "run__template")
    if status == "open":
        qs = qs.filter(status__in=[FollowUpStatus.OPEN, FollowUpStatus.CLOSED])
    elif status in FollowUpStatus.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("kind", "")
    if kind in FollowUpKind.values:
        qs = qs.filter(kind=kind)
    if request.GET.get("mine"):
        roles = [group.name for group in request.user.groups.all()]
        qs = qs.filter(Q(assignee=request.user) | Q(assignee__isnull=True, assignee_role__in=roles))
    return render(request, "checklists/followup_list.html", {
        "follow_ups": qs.order_by("status", "due_on", "id")[:300], "status": status, "kind": kind,
        "statuses": FollowUpStatus.choices, "kinds": FollowUpKind.choices, "today": timezone.localdate(),
    })


@staff_required(perm="checklists.view_followup")
def followup_detail(request, pk):
    follow_up = get_scoped_object_or_404(
        request, FollowUp.objects.select_related("assignee", "closed_by", "verified_by", "created_by", "run__template",
                                                 "item_result"), pk=pk,
    )
    return render(request, "checklists/followup_detail.html", {
        "follow_up": follow_up, "history": history_entries(follow_up), "close_form": FollowUpCloseForm(),
        "reopen_form": FollowUpReopenForm(), "may_close": may_close_follow_up(request.user, follow_up),
        "may_verify": may_verify_follow_up(request.user, follow_up), "today": timezone.localdate(),
    })


@staff_required(perm="checklists.change_followup")
@require_POST
def followup_close(request, pk):
    follow_up = get_scoped_object_or_404(request, FollowUp, pk=pk)
    if follow_up.status == FollowUpStatus.OPEN and not may_close_follow_up(request.user, follow_up):
        raise PermissionDenied
    form = FollowUpCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
        return redirect(follow_up)
    try:
        services.close_follow_up(follow_up, user=request.user, note=form.cleaned_data["note"])
    except services.ChecklistError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Closed. A second person now verifies it."))
    return redirect(follow_up)


@staff_required(perm="checklists.verify_followup")
@require_POST
def followup_verify(request, pk):
    follow_up = get_scoped_object_or_404(request, FollowUp, pk=pk)
    try:
        services.verify_follow_up(follow_up, user=request.user)
    except services.ChecklistError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Verified."))
    return redirect(follow_up)


@staff_required(perm="checklists.verify_followup")
@require_POST
def followup_reopen(request, pk):
    follow_up = get_scoped_object_or_404(request, FollowUp, pk=pk)
    form = FollowUpReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
        return redirect(follow_up)
    try:
        services.reopen_follow_up(follow_up, user=request.user, note=form.cleaned_data["note"])
    except services.ChecklistError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Reopened."))
    return redirect(follow_up)


@staff_required(perm="checklists.view_run")
def index(request):
    return render(request, "checklists/index.html", {"is_manager": is_manager(request.user)})
