"""Children in the site: add (director), edit (the director; a class teacher only their own classes'
children, and not their class), leave, move to another class or campus, link siblings; and the
kitchen's list of children with allergies or dietary needs."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services_setup
from .access import staff_required
from .errors import service_call
from .forms_setup import ChildForm, LeaveForm, MoveForm, SiblingForm
from .history import history_entries
from .models import Child, Classroom
from .scoping import get_child_for_user, in_current_campus, scoped


def _page(request, form, title, child=None, intro=""):
    return render(request, "campus/setup/form.html", {
        "form": form, "title": title, "obj": child, "intro": intro,
        "back": child.get_absolute_url() if child is not None and child.pk else reverse("campus:child_list"),
        "history": history_entries(child) if child is not None and child.pk else None,
    })


@staff_required(perm="campus.add_child")
def child_add(request):
    form = ChildForm(request.POST or None, request.FILES or None, campus=request.campus,
                     initial={"enrolled_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            child = services_setup.save_child(request.campus, None, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("Child added."))
            return redirect(child)
    return _page(request, form, _("Add a child"))


@staff_required(perm="campus.change_child")
def child_edit(request, pk):
    child = get_child_for_user(request, pk)  # a class teacher: only the children of their classes (else 404)
    full = request.user.has_perm("campus.add_child")
    form = ChildForm(request.POST or None, request.FILES or None, instance=child, campus=child.campus, full=full)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services_setup.save_child(child.campus, child, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("Saved."))
            return redirect(child)
    return _page(request, form, child.name, child)


@staff_required(perm="campus.add_child")
def child_leave(request, pk):
    child = get_child_for_user(request, pk)
    form = LeaveForm(request.POST or None, initial={"left_on": child.left_on or timezone.localdate(),
                                                     "leaving_reason": child.leaving_reason})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services_setup.leave_child(child, form.cleaned_data["left_on"], form.cleaned_data["leaving_reason"], request.user)
        if call.ok:
            messages.success(request, _("The child's leaving is recorded."))
            return redirect(child)
    return _page(request, form, _("%(name)s leaves") % {"name": child.name}, child)


@staff_required(perm="campus.add_child")
def child_move(request, pk):
    child = get_child_for_user(request, pk)
    rooms = scoped(request, Classroom).filter(is_active=True).exclude(pk=child.classroom_id).select_related("campus")
    form = MoveForm(request.POST or None, classrooms=rooms.order_by("campus__name", "grade", "name"),
                    initial={"first_day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            moved = services_setup.move_child(child, form.cleaned_data["classroom"], form.cleaned_data["first_day"], request.user)
        if call.ok:
            messages.success(request, _("Moved to %(class)s.") % {"class": moved.classroom.name})
            return redirect(moved if moved.campus_id in request.campus_ids else child)
    return _page(request, form, _("Move %(name)s to another class") % {"name": child.name}, child)


@staff_required(perm="campus.add_child")
def child_siblings(request, pk):
    child = get_child_for_user(request, pk)
    others = in_current_campus(request, Child).exclude(pk=child.pk).filter(left_on__isnull=True).select_related("classroom")
    form = SiblingForm(request.POST or None, children=others.order_by("name"))
    if request.method == "POST" and "unlink" in request.POST:
        value = request.POST["unlink"]
        other = child.siblings.filter(pk=int(value) if value.isdigit() else 0).first()
        if other is not None:
            services_setup.unlink_sibling(child, other, request.user)
        return redirect("campus:child_siblings", pk=child.pk)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services_setup.link_siblings(child, form.cleaned_data["sibling"], request.user)
        if call.ok:
            messages.success(request, _("Siblings linked."))
            return redirect(child)
    return render(request, "campus/setup/siblings.html", {"child": child, "form": form,
                                                          "siblings": child.siblings.select_related("classroom")})


@staff_required(perm="campus.view_child")
def special_diets(request):
    """What the kitchen must know today: every child of the campus with an allergy or dietary need, by class."""
    day = timezone.localdate()
    children = (in_current_campus(request, Child).enrolled_on(day)
                .exclude(Q(allergies="") & Q(dietary_needs=""))
                .select_related("classroom").order_by("classroom__grade", "classroom__name", "name"))
    return render(request, "campus/setup/special_diets.html", {"children": children, "day": day})
