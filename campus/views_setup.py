"""园务设置: the director sets up the current campus (its classes, terms and places) and the group
director adds and edits campuses. Every write goes through ``services_setup``; history is shown."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import services_setup
from .access import staff_required
from .errors import service_call
from .forms_setup import CampusForm, ClassroomForm, PlaceForm, TermForm
from .history import history_entries
from .models import Campus, Classroom, Place, Term
from .roles import Role
from .scoping import campuses_for, get_scoped_object_or_404, in_current_campus

DIRECTOR = [Role.DIRECTOR]


def _form_page(request, form, title, obj=None, back=None, intro=""):
    return render(request, "campus/setup/form.html", {
        "form": form, "title": title, "obj": obj, "back": back, "intro": intro,
        "history": history_entries(obj) if obj is not None and obj.pk else None,
    })


@staff_required(perm="campus.change_campus", roles=DIRECTOR)
def setup_home(request):
    campus = request.campus
    context = {
        "campus": campus,
        "campuses": campuses_for(request.user).select_related("guided_by"),
        "may_add_campus": services_setup.may_manage_all_campuses(request.user),
        "classes": Classroom.objects.filter(campus=campus).by_grade().select_related("head_teacher"),
        "terms": Term.objects.filter(campus=campus).order_by("-starts_on"),
        "places": Place.objects.filter(campus=campus).select_related("classroom", "custodian"),
    }
    return render(request, "campus/setup/home.html", context)


# --- campuses --------------------------------------------------------------------------------------


@staff_required(perm="campus.add_campus", roles=DIRECTOR)
def campus_add(request):
    if not services_setup.may_manage_all_campuses(request.user):
        raise PermissionDenied
    return _campus_form(request, Campus())


@staff_required(perm="campus.change_campus", roles=DIRECTOR)
def campus_edit(request, pk):
    return _campus_form(request, get_scoped_object_or_404(request, Campus, pk=pk))


def _campus_form(request, campus):
    guides = campuses_for(request.user).exclude(pk=campus.pk) if campus.pk else campuses_for(request.user)
    form = CampusForm(request.POST or None, instance=campus, guides=guides)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            campus = services_setup.save_campus(campus if campus.pk else None, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("Campus saved."))
            return redirect("campus:setup")
    return _form_page(request, form, campus.name if campus.pk else _("Add a campus"), campus, reverse("campus:setup"))


# --- classes, terms, places of the current campus -----------------------------------------------------


@staff_required(perm="campus.add_classroom", roles=DIRECTOR)
def classroom_add(request):
    return _classroom_form(request, Classroom(campus=request.campus))


@staff_required(perm="campus.change_classroom", roles=DIRECTOR)
def classroom_edit(request, pk):
    return _classroom_form(request, get_scoped_object_or_404(request, in_current_campus(request, Classroom), pk=pk))


def _classroom_form(request, room):
    form = ClassroomForm(request.POST or None, instance=room, campus=request.campus)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services_setup.save_classroom(request.campus, room if room.pk else None, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("Class saved."))
            return redirect("campus:setup")
    return _form_page(request, form, room.name if room.pk else _("Add a class"), room, reverse("campus:setup"))


@staff_required(perm="campus.add_term", roles=DIRECTOR)
def term_add(request):
    return _term_form(request, Term(campus=request.campus))


@staff_required(perm="campus.change_term", roles=DIRECTOR)
def term_edit(request, pk):
    return _term_form(request, get_scoped_object_or_404(request, in_current_campus(request, Term), pk=pk))


def _term_form(request, term):
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services_setup.save_term(request.campus, term if term.pk else None, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("Term saved."))
            return redirect("campus:setup")
    return _form_page(request, form, term.name if term.pk else _("Add a term"), term, reverse("campus:setup"),
                      _("Days outside every term are breaks. Enter the year's holidays under School calendar."))


@staff_required(perm="campus.add_place", roles=DIRECTOR)
def place_add(request):
    return _place_form(request, Place(campus=request.campus))


@staff_required(perm="campus.change_place", roles=DIRECTOR)
def place_edit(request, pk):
    return _place_form(request, get_scoped_object_or_404(request, in_current_campus(request, Place), pk=pk))


def _place_form(request, place):
    form = PlaceForm(request.POST or None, instance=place, campus=request.campus)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services_setup.save_place(request.campus, place if place.pk else None, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("Place saved."))
            return redirect("campus:setup")
    return _form_page(request, form, place.name if place.pk else _("Add a place"), place, reverse("campus:setup"),
                      _("Rooms and areas: stores, assets, hazards and checklists name them."))
