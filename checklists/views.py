import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import roles_of, staff_required
from campus.actions import post_action
from campus.dates import date_param
from campus.errors import error_text, service_call, show_errors
from campus.history import history_entries
from campus.registers import register_view
from campus.roles import Role
from campus.scoping import get_scoped_object_or_404, in_current_campus

from . import registers, reports, services
from .access import MANAGERS, is_manager, may_close_follow_up, may_verify_follow_up, may_work_on_follow_up
from .choices import Department, FollowUpKind, FollowUpStatus, RunStatus
from .forms import (
    FollowUpCloseForm,
    FollowUpReopenForm,
    ItemFormSet,
    ItemFormSetNoExtra,
    RunForm,
    SettingsForm,
    TemplateForm,
)
from .models import ChecklistSettings, ChecklistTemplate, FollowUp, Plan, Run
from .recurrence import next_dates
from .targets import target_text, targets_of


def _with_roles(request) -> list[str]:
    """The user's role names, fetched once per request (cached on the user by campus.access)."""
    return sorted(roles_of(request.user))


# --- my checklists --------------------------------------------------------------------------------


@staff_required(perm="checklists.view_run")
def index(request):
    """My checklists: today's and overdue runs for my roles at this campus; done today below."""
    roles = _with_roles(request)
    today = timezone.localdate()
    mine = services.runs_for_user(request.user, request.campus).select_related("template")
    todo = list(
        mine.filter(Q(status=RunStatus.OVERDUE) | Q(status=RunStatus.OPEN, period_start__lte=today))
        .order_by("due_at", "id")[:200]
    )
    done = list(mine.filter(status=RunStatus.DONE, completed_at__date=today).order_by("-completed_at")[:50])
    my_follow_ups = in_current_campus(request, FollowUp).filter(status=FollowUpStatus.OPEN).filter(
        Q(assignee=request.user) | Q(assignee__isnull=True, assignee_role__in=roles)
    ).count()
    return render(request, "checklists/index.html", {
        "todo": todo, "done": done, "my_follow_ups": my_follow_ups, "now": timezone.now(),
        "is_manager": is_manager(request.user), "today": today,
    })


def _may_complete(user, run) -> bool:
    """Whether this run is the user's to do (whatever its status)."""
    if not user.has_perm("checklists.change_run"):
        return False
    if is_manager(user):
        return True
    return services.runs_for_user(user, run.campus).filter(pk=run.pk).exists()


@staff_required(perm="checklists.view_run")
def run_detail(request, pk):
    """One run is one screen: every item, answered in one submit."""
    _with_roles(request)
    run = get_scoped_object_or_404(
        request, Run.objects.select_related("template", "campus", "completed_by", "created_by"), pk=pk
    )
    record_kind = run.template.record_kind  # done by filing a department's record (checklists.hooks)
    items = [] if record_kind else list(run.template.items.filter(is_active=True))
    targets = targets_of(run.template) if run.status != RunStatus.DONE and not record_kind else []
    may_complete = _may_complete(request.user, run) and run.status != RunStatus.DONE and not record_kind
    start_url = ""
    if record_kind and run.status != RunStatus.DONE and request.user.has_perm(record_kind.permission):
        start_url = record_kind.start_url(run)
    form = None
    if request.method == "POST":
        if not _may_complete(request.user, run) or record_kind:
            raise PermissionDenied
        if run.status == RunStatus.DONE:
            messages.error(request, _("This checklist was already completed. Your answers were not saved."))
            return redirect(run)
        form = RunForm(request.POST, request.FILES, items=items, targets=targets)
        if form.is_valid():
            with service_call() as call:
                services.complete_run(run, user=request.user, answers=form.answers(), note=form.cleaned_data["note"])
            if not call.ok:
                run.refresh_from_db(fields=["status"])
                if run.status == RunStatus.DONE:  # someone else completed it meanwhile: nothing of ours was saved
                    messages.error(request, error_text(call.error))
                    return redirect(run)
                show_errors(form, call.error)
            else:
                if run.anomaly_count:
                    messages.warning(request, _("Saved. %(count)d problem(s) reported: a follow-up was opened for each.")
                                     % {"count": run.anomaly_count})
                else:
                    messages.success(request, _("Saved. All in order."))
                return redirect(run)
        messages.error(request, _("Please correct the answers marked in red."))
    elif may_complete:
        form = RunForm(items=items, targets=targets)
    order = ("id",) if run.template.target_kind else ("item__position", "id")  # per target, as answered
    results = list(run.results.select_related("item").prefetch_related("record").order_by(*order)) if run.status == RunStatus.DONE else []
    return render(request, "checklists/run_detail.html", {
        "run": run, "form": form, "results": results, "may_complete": may_complete, "now": timezone.now(),
        "record_kind": record_kind, "start_url": start_url, "record": run.record if run.record_id else None,
        "follow_ups": list(run.follow_ups.all()), "history": history_entries(run),
        "settings": services.checklist_settings(run.campus) if form is not None else None,
        "target_text": target_text(run.template),
    })


# --- the logistics head's views -------------------------------------------------------------------


@staff_required(roles=MANAGERS)
def run_list(request):
    _with_roles(request)
    first = date_param(request, "first")
    last = date_param(request, "last") if request.GET.get("last") else first
    if last < first:
        first, last = last, first
    qs = in_current_campus(request, Run).filter(period_start__range=(first, last)).select_related(
        "template", "completed_by__staff")
    department = request.GET.get("department", "")
    if department in Department.values:
        qs = qs.filter(template__department=department)
    status = request.GET.get("status", "")
    if status in RunStatus.values:
        qs = qs.filter(status=status)
    return render(request, "checklists/run_list.html", {
        "runs": qs.order_by("period_start", "template__department", "due_at", "id")[:500], "first": first, "last": last,
        "department": department, "status": status, "departments": Department.choices, "statuses": RunStatus.choices,
    })


@staff_required(roles=MANAGERS)
def rates(request):
    _with_roles(request)
    period = request.GET.get("period", "week")
    if period not in reports.PERIODS:
        period = "week"
    day = date_param(request)
    first, last = reports.period_bounds(period, day)
    return render(request, "checklists/rates.html", {
        "period": period, "day": day, "first": first, "last": last,
        "rates": reports.completion_rates(request.campus, first, last),
        "previous": reports.period_bounds(period, first - dt.timedelta(days=1))[0],
        "next": last + dt.timedelta(days=1),
    })


runs_register = register_view(registers.RUNS)


@staff_required(roles=MANAGERS)
def template_list(request):
    _with_roles(request)
    templates = in_current_campus(request, ChecklistTemplate).select_related("plan").order_by(
        "-is_active", "department", "title")
    return render(request, "checklists/template_list.html", {"templates": templates})


def _item_changes(formset) -> list[dict]:
    """The questions the user changed, added or ticked for deletion, as plain values for the service."""
    fields = formset.form._meta.fields
    return [
        {"pk": form.instance.pk, "delete": bool(form.cleaned_data.get("DELETE")),
         **{name: form.cleaned_data[name] for name in fields if name in form.cleaned_data}}
        for form in formset.forms if form.has_changed()
    ]


def _template_page(request, template):
    _with_roles(request)
    campus = request.campus
    initial = {} if template.pk else {"starts_on": timezone.localdate()}
    if not template.pk and request.GET.get("target"):  # "a check for this asset", from the asset's page
        initial["target"] = request.GET["target"]
    form = TemplateForm(request.POST or None, instance=template, campus=campus, initial=initial)
    formset_class = ItemFormSetNoExtra if template.pk and template.items.exists() else ItemFormSet
    formset = formset_class(request.POST or None, instance=template, prefix="items")
    preview, preview_warning = None, ""
    if request.method == "POST":
        wants_preview = "preview" in request.POST
        if wants_preview:
            if form.is_valid():
                candidate = form.save(commit=False)
                candidate.campus = campus
                preview, preview_warning = next_dates(candidate, campus, max(timezone.localdate(), candidate.starts_on))
        elif form.is_valid() and formset.is_valid():
            with service_call(form) as call:
                saved = services.save_template(template, form.cleaned_data, _item_changes(formset),
                                               campus=campus, user=request.user)
            if call.ok:
                messages.success(request, _("Template saved."))
                return redirect("checklists:template_edit", pk=saved.pk)
            messages.error(request, _("Please correct the fields marked in red. Nothing was saved."))
        else:
            messages.error(request, _("Please correct the fields marked in red. Nothing was saved."))
        if request.htmx and wants_preview:
            return render(request, "checklists/_preview.html", {"preview": preview, "preview_warning": preview_warning,
                                                                  "form": form})
    return render(request, "checklists/template_form.html", {
        "form": form, "formset": formset, "template": template, "preview": preview, "preview_warning": preview_warning,
    })


@staff_required(perm="checklists.add_checklisttemplate")
def template_create(request):
    return _template_page(request, ChecklistTemplate(campus=request.campus))


@staff_required(perm="checklists.change_checklisttemplate")
def template_edit(request, pk):
    return _template_page(request, get_scoped_object_or_404(request, ChecklistTemplate, pk=pk))


@staff_required(perm="checklists.view_plan")
def plan_list(request):
    _with_roles(request)
    plans = in_current_campus(request, Plan).order_by("code")
    return render(request, "checklists/plan_list.html", {
        "plans": plans, "may_load": request.user.has_perm("checklists.add_checklisttemplate"),
    })


@staff_required(perm="checklists.view_plan")
def plan_detail(request, pk):
    _with_roles(request)
    plan = get_scoped_object_or_404(request, Plan, pk=pk)
    templates = plan.templates.filter(campus=plan.campus).order_by("section", "title")
    return render(request, "checklists/plan_detail.html", {"plan": plan, "templates": templates})


@staff_required(perm="checklists.add_checklisttemplate")
@require_POST
def plan_load_standard(request):
    created, total = services.load_standard_plan(request.campus, user=request.user)
    if created:
        messages.success(request, _("Standard plan loaded: %(created)d of %(total)d templates added.")
                         % {"created": created, "total": total})
    else:
        messages.info(request, _("This campus already has every template of the standard plan."))
    return redirect("checklists:plan_list")


@staff_required(roles=[Role.DIRECTOR])
def settings_edit(request):
    _with_roles(request)
    row = ChecklistSettings.for_campus(request.campus)
    form = SettingsForm(request.POST or None, instance=row)
    if request.method == "POST":
        if form.is_valid():
            with service_call(form) as call:
                services.update_settings(row, form.cleaned_data, request.user)
            if call.ok:
                messages.success(request, _("Settings saved."))
                return redirect("checklists:settings")
        messages.error(request, _("Please correct the fields marked in red. Nothing was saved."))
    return render(request, "checklists/settings.html", {"form": form, "history": history_entries(row)})


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
    roles = _with_roles(request)
    if request.GET.get("mine"):
        qs = qs.filter(Q(assignee=request.user) | Q(assignee__isnull=True, assignee_role__in=roles))
    return render(request, "checklists/followup_list.html", {
        "follow_ups": qs.order_by("status", "due_on", "id")[:300], "status": status, "kind": kind,
        "statuses": FollowUpStatus.choices, "kinds": FollowUpKind.choices, "today": timezone.localdate(),
    })


@staff_required(perm="checklists.view_followup")
def followup_detail(request, pk):
    _with_roles(request)
    follow_up = get_scoped_object_or_404(
        request, FollowUp.objects.select_related("assignee", "closed_by", "verified_by", "created_by", "run__template",
                                                 "item_result"), pk=pk,
    )
    return render(request, "checklists/followup_detail.html", {
        "follow_up": follow_up, "history": history_entries(follow_up), "close_form": FollowUpCloseForm(follow_up=follow_up),
        "reopen_form": FollowUpReopenForm(), "may_close": may_close_follow_up(request.user, follow_up),
        "may_verify": may_verify_follow_up(request.user, follow_up), "today": timezone.localdate(),
    })


@staff_required(perm="checklists.change_followup")
@require_POST
def followup_close(request, pk):
    follow_up = get_scoped_object_or_404(request, FollowUp, pk=pk)
    if not may_work_on_follow_up(request.user, follow_up):
        raise PermissionDenied
    form = FollowUpCloseForm(request.POST, request.FILES, follow_up=follow_up)
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect(follow_up)
    return post_action(
        request,
        lambda: services.close_follow_up(follow_up, user=request.user, note=form.cleaned_data["note"],
                                         photo=form.cleaned_data.get("photo")),
        _("Closed. A second person now verifies it."), follow_up,
    )


@staff_required(perm="checklists.verify_followup")
@require_POST
def followup_verify(request, pk):
    follow_up = get_scoped_object_or_404(request, FollowUp, pk=pk)
    return post_action(request, lambda: services.verify_follow_up(follow_up, user=request.user), _("Verified."), follow_up)


@staff_required(perm="checklists.verify_followup")
@require_POST
def followup_reopen(request, pk):
    follow_up = get_scoped_object_or_404(request, FollowUp, pk=pk)
    form = FollowUpReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
        return redirect(follow_up)
    return post_action(request, lambda: services.reopen_follow_up(follow_up, user=request.user, note=form.cleaned_data["note"]),
                       _("Reopened."), follow_up)


