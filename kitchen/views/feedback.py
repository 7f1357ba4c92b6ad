"""Meal feedback pages: the parent rates this week's menu; the kitchen reads and answers; the
monthly meal committee's summary."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campus.access import parent_required, staff_required
from campus.dates import date_param, month_param
from campus.errors import service_call
from campus.scoping import get_child_for_user, get_scoped_object_or_404, in_current_campus

from .. import feedback, services
from ..choices import MenuStatus
from ..models import Menu
from ..models_feedback import MealFeedback

STARS = [(n, "★" * n) for n in range(5, 0, -1)]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(label=gettext_lazy("How were this week's meals?"), choices=STARS, coerce=int,
                                    widget=forms.RadioSelect)
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, max_length=300,
                              widget=forms.Textarea(attrs={"rows": 3}))


@parent_required
def parent_feedback(request, pk):
    child = get_child_for_user(request, pk)
    week = services.week_start_of(timezone.localdate())
    menu = Menu.objects.filter(campus=child.campus, status=MenuStatus.PUBLISHED, week_start=week).first()
    mine = MealFeedback.objects.filter(menu=menu, author=request.user, child=child).first() if menu else None
    form = FeedbackForm(request.POST or None, initial={"rating": mine.rating, "comment": mine.comment} if mine else None)
    if menu and request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            feedback.give_feedback(menu, child, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Thank you: the kitchen will read it."))
            return redirect("kitchen:parent_feedback", pk=child.pk)
    past = list(MealFeedback.objects.filter(author=request.user, child=child).select_related("menu").order_by("-menu__week_start")[:8])
    return render(request, "kitchen/feedback/parent.html", {"child": child, "menu": menu, "form": form, "past": past})


@staff_required(perm="kitchen.view_mealfeedback")
def feedback_list(request):
    week = services.week_start_of(date_param(request, "week"))
    rows = list(in_current_campus(request, MealFeedback).filter(menu__week_start=week)
                .select_related("child__classroom", "answered_by").order_by("answer", "-created_at"))
    return render(request, "kitchen/feedback/list.html", {
        "rows": rows, "week": week, "prev": week - dt.timedelta(days=7), "next": week + dt.timedelta(days=7),
        "may_answer": request.user.has_perm("kitchen.change_mealfeedback"),
    })


@staff_required(perm="kitchen.change_mealfeedback")
@require_POST
def feedback_answer(request, pk):
    row = get_scoped_object_or_404(request, MealFeedback.objects.select_related("menu"), pk=pk)
    with service_call(request=request) as call:
        feedback.answer_feedback(row, user=request.user, answer=request.POST.get("answer", ""))
    if call.ok:
        messages.success(request, _("Answer saved: the family sees it."))
    return redirect(f"{reverse('kitchen:feedback_list')}?week={row.menu.week_start.isoformat()}")


@staff_required(perm="kitchen.view_mealfeedback")
def feedback_summary(request):
    month = month_param(request)
    summary = feedback.month_summary(request.campus, month)
    return render(request, "kitchen/feedback/summary.html", {"summary": summary})
