"""A new school year in one screen: the preview of every class moving up with its children (大班
graduate), new names and head teachers, the intake's new classes; one confirmation, one transaction."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import dates, promotion
from .access import staff_required
from .errors import service_call
from .forms_setup import PromotionForm
from .models import StaffMember
from .roles import Role


def _default_first_day(today: dt.date) -> dt.date:
    year = today.year if today.month < 9 else today.year + 1
    return dt.date(year, 9, 1)


@staff_required(perm="campus.change_classroom", roles=[Role.DIRECTOR])
def promotion_view(request):
    campus = request.campus
    value = request.POST.get("first_day") or request.GET.get("first_day") or ""
    first_day = dates.parse_date(value) or _default_first_day(timezone.localdate())
    moves = promotion.plan(campus, first_day)
    people = StaffMember.objects.filter(campuses=campus, is_active=True).order_by("name")
    form = PromotionForm(request.POST or None, moves=moves, people=people, initial={"first_day": first_day})
    if request.method == "POST" and "confirm" in request.POST and form.is_valid():
        data = form.cleaned_data
        for move in moves:
            if not move.graduates:
                move.new_name = data[f"name_{move.room.pk}"]
                move.head_teacher = data[f"head_{move.room.pk}"]
        intake = [promotion.NewClass(data[f"new_name_{i}"], data[f"new_grade_{i}"], data[f"new_head_{i}"])
                  for i in range(form.INTAKE_ROWS) if data[f"new_name_{i}"].strip()]
        with service_call(form) as call:
            counts = promotion.promote(campus, data["first_day"], moves, intake, request.user)
        if call.ok:
            messages.success(request, _("New school year: %(moved)d classes moved up, %(graduates)d children graduated, "
                                        "%(new)d new classes.") % counts)
            return redirect("campus:setup")
    return render(request, "campus/setup/promotion.html", {"form": form, "first_day": first_day})
