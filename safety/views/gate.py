"""Safety pages: the gate (visitors, do-not-admit list, pickers, dismissal handover) and the settings.
Every write is a service; objects are loaded only through campus.scoping."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.access import parent_required, staff_required
from campus.actions import post_action
from campus.dates import date_param
from campus.errors import service_call
from campus.history import history_entries
from campus.media import file_response
from campus.models import Child
from campus.registers import register_view
from campus.scoping import get_child_for_user, get_scoped_object_or_404, in_current_campus, visible_classrooms

from .. import registers, services
from ..forms import (
    ExpectedVisitorForm,
    PickerForm,
    RefuseForm,
    ResolveForm,
    RestrictedForm,
    SettingsForm,
    TemporaryPickerForm,
    VisitorForm,
)
from ..models import Handover, HandoverOutcome, Picker, RestrictedPerson, Visitor

VISIT_REASONS = [_("Delivery"), _("Parent meeting"), _("Repair"), _("Inspection"), _("Interview"), _("Meeting")]


def _can_see_ids(request) -> bool:
    return request.user.has_perm("safety.see_id_numbers")


# --- the gate's home -----------------------------------------------------------------------------


@staff_required(perm="safety.view_safetysettings")
def index(request):
    campus = request.campus
    now = timezone.now()
    day = timezone.localdate(now)
    closing = services.settings_for(campus).closing_time
    context = {"day": day, "closing": closing, "after_closing": timezone.localtime(now).time() >= closing}
    if request.user.has_perm("safety.view_visitor"):
        context["on_site"] = list(services.visitors_on_site(campus).order_by("arrived_at"))
        context["expected"] = list(services.expected_today(campus, day).order_by("name"))
    if request.user.has_perm("safety.view_handover"):
        context["waiting"] = len(in_current_campus(request, services.not_picked_up(campus, day)))
    return render(request, "safety/gate/index.html", context)


@staff_required(perm="safety.change_safetysettings")
def settings_edit(request):
    obj = services.settings_for(request.campus)
    form = SettingsForm(request.POST or None, instance=obj, campus=request.campus)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.update_settings(obj, form.cleaned_data, request.user, request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Safety settings saved."))
            return redirect("safety:settings")
    return render(request, "safety/gate/form.html", {"form": form, "title": _("Safety settings"), "obj": obj,
                                                    "history": history_entries(obj), "back": reverse("safety:index")})


# --- visitors ------------------------------------------------------------------------------------


@staff_required(perm="safety.admit_visitor")
def visitor_add(request):
    form = VisitorForm(request.POST or None, campus=request.campus)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            visitor = services.register_arrival(request.campus, form.cleaned_data, request.user)
        if call.ok:
            if visitor.refused_id:
                messages.error(request, _("Do not admit %(name)s: on the do-not-admit list. The director has been told.")
                               % {"name": visitor.name})
                return redirect(visitor)
            messages.success(request, _("%(name)s registered as arrived.") % {"name": visitor.name})
            return redirect("safety:index")
    return render(request, "safety/gate/visitor_form.html", {"form": form, "title": _("Register a visitor"),
                                                            "reasons": VISIT_REASONS})


@staff_required(perm="safety.add_visitor")
def visitor_expect(request):
    form = ExpectedVisitorForm(request.POST or None, campus=request.campus,
                               initial={"expected_on": timezone.localdate(), "host": request.user})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            visitor = services.pre_register(request.campus, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("%(name)s is expected on %(day)s: the gate will see it.")
                             % {"name": visitor.name, "day": visitor.expected_on})
            return redirect("safety:visitor_expect")
    mine = (in_current_campus(request, Visitor).filter(created_by=request.user, expected_on__gte=timezone.localdate())
            .order_by("expected_on", "name")[:30])
    return render(request, "safety/gate/visitor_form.html", {"form": form, "title": _("Expect a visitor"),
                                                            "reasons": VISIT_REASONS, "mine": mine})


@staff_required
def visitor_detail(request, pk):
    visitor = get_scoped_object_or_404(request, Visitor.objects.select_related("host", "created_by", "refused"), pk=pk)
    if not (request.user.has_perm("safety.view_visitor") or visitor.host_id == request.user.pk):
        raise Http404
    return render(request, "safety/gate/visitor_detail.html", {"visitor": visitor, "whole_id": _can_see_ids(request)})


@staff_required(perm="safety.admit_visitor")
def visitor_admit(request, pk):
    visitor = get_scoped_object_or_404(request, Visitor, pk=pk)
    return post_action(request, lambda: services.admit_expected(visitor, request.user, badge=request.POST.get("badge", "")),
                       lambda v: (_("Do not admit %(name)s: on the do-not-admit list. The director has been told.")
                                  if v.refused_id else _("%(name)s registered as arrived.")) % {"name": v.name},
                       "safety:index")


@staff_required(perm="safety.admit_visitor")
def visitor_sign_out(request, pk):
    visitor = get_scoped_object_or_404(request, Visitor, pk=pk)
    return post_action(request, lambda: services.sign_out(visitor, request.user),
                       _("%(name)s signed out.") % {"name": visitor.name}, "safety:index")


@staff_required
def visitor_confirm(request, pk):
    visitor = get_scoped_object_or_404(request, Visitor, pk=pk)
    if visitor.host_id != request.user.pk:
        raise Http404
    return post_action(request, lambda: services.confirm_visit(visitor, request.user), _("Visit confirmed."), visitor)


visitor_list = register_view(registers.VISITORS)


# --- the do-not-admit list -----------------------------------------------------------------------


@staff_required(perm="safety.view_restrictedperson")
def restricted_list(request):
    rows = in_current_campus(request, RestrictedPerson).prefetch_related("children")
    return render(request, "safety/gate/restricted_list.html", {"rows": rows, "whole_id": _can_see_ids(request),
                                                               "today": timezone.localdate()})


def _restricted_form(request, entry, title):
    form = RestrictedForm(request.POST or None, request.FILES or None, instance=entry, campus=request.campus)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "children"}
        with service_call(form) as call:
            entry = services.save_restricted(entry, data, form.cleaned_data["children"], request.user,
                                             request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Do-not-admit list saved."))
            return redirect("safety:restricted_list")
    return render(request, "safety/gate/form.html", {"form": form, "title": title, "obj": entry if entry.pk else None,
                                                    "history": history_entries(entry) if entry.pk else [],
                                                    "back": reverse("safety:restricted_list"), "ask_reason": bool(entry.pk)})


@staff_required(perm="safety.add_restrictedperson")
def restricted_add(request):
    return _restricted_form(request, RestrictedPerson(campus=request.campus), _("Add to the do-not-admit list"))


@staff_required(perm="safety.change_restrictedperson")
def restricted_edit(request, pk):
    return _restricted_form(request, get_scoped_object_or_404(request, RestrictedPerson, pk=pk), _("Do-not-admit entry"))


@staff_required(perm="safety.view_restrictedperson")
def restricted_photo(request, pk):
    entry = get_scoped_object_or_404(request, RestrictedPerson, pk=pk)
    return _photo(entry.photo)


def _photo(fieldfile):
    if not fieldfile:
        raise Http404
    target = (settings.MEDIA_ROOT / fieldfile.name).resolve()
    if settings.MEDIA_ROOT.resolve() not in target.parents or not target.is_file():
        raise Http404
    return file_response(target)


# --- pickers: staff ------------------------------------------------------------------------------


@staff_required(perm="safety.view_picker")
def child_pickers(request, pk):
    child = get_child_for_user(request, pk)
    pickers = list(child.pickers.filter(is_active=True).select_related("confirmed_by"))
    guardians = child.guardianships.filter(may_pick_up=True).select_related("guardian")
    return render(request, "safety/gate/child_pickers.html", {
        "child": child, "pickers": pickers, "guardians": guardians, "today": timezone.localdate(),
        "may_confirm": request.user.has_perm("safety.change_picker")})


@staff_required(perm="safety.change_picker")
def picker_confirm(request, pk):
    picker = get_scoped_object_or_404(request, Picker.objects.select_related("child"), pk=pk)
    return post_action(request, lambda: services.confirm_picker(picker, request.user), _("Temporary picker confirmed."),
                       reverse("safety:child_pickers", args=[picker.child_id]))


@staff_required(perm="safety.view_picker")
def picker_photo(request, pk):
    """A picker's photo, for staff who may see the child (a class teacher: their classes only)."""
    return _photo(get_scoped_object_or_404(request, Picker, pk=pk).photo)


# --- pickers: the parent portal ------------------------------------------------------------------


@parent_required
def parent_pickers(request, pk):
    child = get_child_for_user(request, pk)
    pickers = child.pickers.filter(is_active=True)
    guardians = child.guardianships.filter(may_pick_up=True).select_related("guardian")
    return render(request, "safety/gate/parent_pickers.html", {"child": child, "pickers": pickers,
                                                              "guardians": guardians, "today": timezone.localdate()})


def _parent_picker_form(request, child, picker, form_class, title):
    form = form_class(request.POST or None, request.FILES or None, instance=picker)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.save_picker(picker, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("Picker saved.") if not picker.temporary else
                             _("Temporary picker saved: valid once the class teacher confirms it."))
            return redirect("safety:parent_pickers", child.pk)
    return render(request, "safety/gate/form.html", {"form": form, "title": title,
                                                    "back": reverse("safety:parent_pickers", args=[child.pk])})


@parent_required
def parent_picker_add(request, pk):
    child = get_child_for_user(request, pk)
    return _parent_picker_form(request, child, Picker(child=child), PickerForm, _("Add a picker"))


@parent_required
def parent_picker_temporary(request, pk):
    child = get_child_for_user(request, pk)
    return _parent_picker_form(request, child, Picker(child=child), TemporaryPickerForm, _("Add a temporary picker"))


def _own_picker(request, pk):
    return get_object_or_404(Picker.objects.select_related("child"), pk=pk, is_active=True,
                             child__guardians=request.guardian)


@parent_required
def parent_picker_photo(request, pk):
    """A picker's photo, for the child's own guardians."""
    return _photo(get_object_or_404(Picker, pk=pk, child__guardians=request.guardian).photo)


@parent_required
def parent_picker_edit(request, pk):
    picker = _own_picker(request, pk)
    form_class = TemporaryPickerForm if picker.temporary else PickerForm
    return _parent_picker_form(request, picker.child, picker, form_class, _("Change a picker"))


@parent_required
def parent_picker_remove(request, pk):
    picker = _own_picker(request, pk)
    return post_action(request, lambda: services.remove_picker(picker, request.user), _("Picker removed."),
                       reverse("safety:parent_pickers", args=[picker.child_id]))


# --- dismissal handover --------------------------------------------------------------------------


@staff_required(perm="safety.view_handover")
def dismissal_overview(request):
    day = date_param(request, latest=timezone.localdate())
    classes = list(visible_classrooms(request).order_by("name"))
    waiting = {}
    for child in services.not_picked_up(request.campus, day):
        waiting.setdefault(child.classroom_id, []).append(child)
    for room in classes:
        room.waiting = waiting.get(room.pk, [])
    return render(request, "safety/gate/dismissal_overview.html", {"classes": classes, "day": day,
                                                                  "today": timezone.localdate()})


@staff_required(perm="safety.view_handover")
def dismissal(request, pk):
    classroom = get_scoped_object_or_404(request, visible_classrooms(request), pk=pk)
    day = date_param(request, latest=timezone.localdate())
    if request.method == "POST":
        return _dismissal_post(request, classroom, day)
    present = services.present_in_class(classroom, day)
    children = list(Child.objects.filter(pk__in=present).order_by("name"))
    options = services.authorised_pickers([c.pk for c in children], day)
    entries = {}
    for h in Handover.objects.filter(classroom=classroom, date=day).select_related("picker", "guardian", "released_by"):
        entries.setdefault(h.child_id, []).append(h)
    for child in children:
        child.options = options[child.pk]
        child.entries = entries.get(child.pk, [])
        child.done = next((h for h in child.entries if h.outcome != HandoverOutcome.REFUSED), None)
    return render(request, "safety/gate/dismissal.html", {
        "classroom": classroom, "day": day, "children": children, "is_today": day == timezone.localdate(),
        "may_hand": request.user.has_perm("safety.add_handover"),
        "handed": sum(1 for c in children if c.done), "refuse_form": RefuseForm(), "resolve_form": ResolveForm()})


def _posted_text(request, name: str) -> str:
    """A free-text field of the one-tap dismissal buttons (no form there): without NUL characters,
    which PostgreSQL refuses to store, and trimmed."""
    return request.POST.get(name, "").replace("\x00", "").strip()


def _dismissal_post(request, classroom, day):
    if not request.user.has_perm("safety.add_handover"):
        raise Http404
    raw = request.POST.get("child", "").strip()
    if not (raw.isascii() and raw.isdigit()):  # a child id; anything else names no child of the class
        raise Http404
    child = get_object_or_404(Child.objects.select_related("campus"), pk=int(raw), classroom=classroom)
    action = request.POST.get("action")
    back = f"{request.path}?date={day.isoformat()}#child-{child.pk}"
    if action == "refuse":
        return post_action(request, lambda: services.refuse_pickup(
            child, day, request.user, person_name=_posted_text(request, "person_name"), note=_posted_text(request, "note")),
            _("Refusal recorded: the class teacher and the director have been told."), back)
    if action == "resolve":
        return post_action(request, lambda: services.resolve_not_picked_up(
            child, day, request.user, note=_posted_text(request, "note")), _("Note recorded."), back)
    return post_action(request, lambda: services.hand_over(child, day, request.user, choice=_posted_text(request, "choice")),
                       lambda h: (_("%(child)s handed over to %(person)s.") if h.outcome == HandoverOutcome.HANDED else
                                  _("Refused: %(person)s is on the do-not-admit list. The director has been told."))
                       % {"child": child.name, "person": h.taken_by}, back)


@staff_required(perm="safety.view_handover")
def not_picked_up(request):
    day = timezone.localdate()
    children = list(in_current_campus(request, services.not_picked_up(request.campus, day)))
    return render(request, "safety/gate/not_picked_up.html", {"children": children, "day": day,
                                                             "closing": services.settings_for(request.campus).closing_time})


handover_list = register_view(registers.HANDOVERS)
