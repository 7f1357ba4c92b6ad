"""Menu pages: dishes, ingredients (and their import), weekly menus, the parent menu, the nutrition
analysis and weighed meals."""

import base64
import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import parent_required, staff_required
from campus.actions import post_action
from campus.dates import date_param
from campus.errors import service_call
from campus.history import history_entries
from campus.pdf import pdf_response, render_pdf
from campus.scoping import get_child_for_user, get_scoped_object_or_404, in_current_campus

from .. import analysis, services
from ..choices import Meal, MenuStatus
from ..forms import (
    DishForm,
    DishIngredientFormSet,
    IngredientForm,
    IngredientImportForm,
    MenuWeekForm,
    NutritionForm,
    WeighingForm,
    WeighingLineFormSet,
)
from ..models import (
    Dish,
    DishIngredient,
    Ingredient,
    Menu,
    MenuItem,
    Weighing,
)

# --- dishes and ingredients -------------------------------------------------------------------------


@staff_required(perm="kitchen.view_dish")
def dish_list(request):
    dishes = in_current_campus(request, Dish).prefetch_related(
        Prefetch("ingredients", queryset=DishIngredient.objects.select_related("ingredient"))).order_by("-is_active", "name")
    return render(request, "kitchen/dish_list.html", {"dishes": dishes})


@staff_required(perm="kitchen.view_dish")
def dish_detail(request, pk):
    dish = get_scoped_object_or_404(request, Dish, pk=pk)
    lines = dish.ingredients.select_related("ingredient")
    return render(request, "kitchen/dish_detail.html", {"dish": dish, "lines": lines, "history": history_entries(dish)})


@staff_required(perm="kitchen.add_dish")
def dish_add(request):
    return _dish_form(request, Dish(campus=request.campus))


@staff_required(perm="kitchen.change_dish")
def dish_edit(request, pk):
    return _dish_form(request, get_scoped_object_or_404(request, Dish, pk=pk, campus=request.campus))


def _dish_form(request, dish):
    form = DishForm(request.POST or None, instance=dish)
    initial = [
        {"ingredient": line.ingredient_id, "grams_nursery": line.grams_nursery, "grams_small": line.grams_small,
         "grams_middle": line.grams_middle, "grams_large": line.grams_large}
        for line in (dish.ingredients.all() if dish.pk else [])
    ]
    formset = DishIngredientFormSet(request.POST or None, initial=initial, prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = [
            {key: f.cleaned_data[key] for key in ("ingredient", "grams_nursery", "grams_small", "grams_middle", "grams_large")}
            for f in formset.forms if f.cleaned_data and f.cleaned_data.get("ingredient") and not f.cleaned_data.get("DELETE")
        ]
        with service_call(form) as call:
            services.save_dish(form.instance, lines, request.user, request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Dish saved."))
            return redirect(form.instance)
    return render(request, "kitchen/dish_form.html", {"form": form, "formset": formset, "dish": dish})


@staff_required(perm="kitchen.view_ingredient")
def ingredient_list(request):
    query = request.GET.get("q", "").strip()
    ingredients = Ingredient.objects.order_by("code")
    if query:
        ingredients = ingredients.filter(name_zh__icontains=query) | ingredients.filter(code__icontains=query)
    return render(request, "kitchen/ingredient_list.html", {"ingredients": ingredients[:400], "query": query,
                                                            "total": Ingredient.objects.count()})


@staff_required(perm="kitchen.change_ingredient")
def ingredient_edit(request, pk):
    ingredient = get_or_404(Ingredient, pk)
    form = IngredientForm(request.POST or None, instance=ingredient)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.save_ingredient(form.instance, request.user, request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Ingredient saved."))
            return redirect("kitchen:ingredient_list")
    return render(request, "kitchen/form.html", {"form": form, "title": ingredient.name_zh, "obj": ingredient, "ask_reason": True,
                                                 "history": history_entries(ingredient), "back": reverse("kitchen:ingredient_list")})


def get_or_404(model, pk):
    """Shared reference data (ingredients) have no campus: a plain lookup, 404 when missing."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


MAX_IMPORT_BYTES = 2 * 1024 * 1024


@staff_required(perm="kitchen.add_ingredient")
def ingredient_import(request):
    """Upload -> dry-run preview with the errors per row -> confirm. All or nothing."""
    form = IngredientImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST":
        if request.POST.get("confirm") and request.POST.get("payload"):
            content = base64.b64decode(request.POST["payload"].encode())
            filename = request.POST.get("filename", "table.csv")
            dry_run = False
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_IMPORT_BYTES:
                form.add_error("file", _("The file is larger than 2 MB."))
                return render(request, "kitchen/ingredient_import.html", context)
            content, filename, dry_run = upload.read(), upload.name, True
        else:
            return render(request, "kitchen/ingredient_import.html", context)
        with service_call(form, field=NON_FIELD_ERRORS) as call:
            dataset = services.read_ingredient_table(content, filename)
        if not call.ok:
            return render(request, "kitchen/ingredient_import.html", context)
        result = services.import_ingredients(dataset, dry_run=dry_run, user=request.user, reason=_("Import of %(file)s") % {"file": filename})
        errors = services.import_errors(result)
        if not dry_run and not errors:
            totals = result.totals
            messages.success(request, _("Imported: %(new)d new, %(update)d updated, %(skip)d unchanged.")
                             % {"new": totals.get("new", 0), "update": totals.get("update", 0), "skip": totals.get("skip", 0)})
            return redirect("kitchen:ingredient_list")
        context.update({
            "preview": True, "errors": errors, "totals": result.totals, "filename": filename,
            "payload": base64.b64encode(content).decode() if not errors else "",
            "rows": [(row.number if hasattr(row, "number") else "", row.import_type, row.object_repr) for row in result.rows[:300]],
        })
    return render(request, "kitchen/ingredient_import.html", context)


# --- menus -------------------------------------------------------------------------------------------


@staff_required(perm="kitchen.view_menu")
def menu_list(request):
    menus = in_current_campus(request, Menu).select_related("published_by__staff")[:60]
    this_week = services.week_start_of(timezone.localdate())
    return render(request, "kitchen/menu_list.html", {"menus": menus, "this_week": this_week,
                                                      "next_week": this_week + dt.timedelta(days=7)})


@staff_required(perm="kitchen.add_menu")
def menu_edit(request):
    campus = request.campus
    week_start = services.week_start_of(date_param(request, "week"))
    menu = Menu.objects.filter(campus=campus, week_start=week_start).first()
    existing = {}
    if menu:
        for item in menu.items.all():
            existing.setdefault((item.date, item.meal), []).append(item.dish_id)
    dishes = list(Dish.objects.filter(campus=campus, is_active=True).order_by("name"))
    meals = services.settings_for(campus).served_meals()
    form = MenuWeekForm(dishes, week_start, meals, request.POST or None, initial_items=existing,
                        initial={"notes": menu.notes if menu else ""})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            menu = services.save_menu(campus, week_start, form.entries(), request.user, notes=form.cleaned_data["notes"],
                                      reason=request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Menu saved."))
            return redirect(menu)
    return render(request, "kitchen/menu_form.html", {"form": form, "week_start": week_start, "menu": menu,
                                                      "meal_labels": [Meal(m).label for m in meals]})


def _menu_grid(menu, meals):
    items = list(menu.items.select_related("dish").order_by("date", "meal", "dish__name"))
    days = [menu.week_start + dt.timedelta(days=n) for n in range(7)]
    grid = []
    for day in days:
        cells = [[item.dish for item in items if item.date == day and item.meal == meal] for meal in meals]
        if any(cells):
            grid.append((day, cells))
    return grid


@staff_required(perm="kitchen.view_menu")
def menu_detail(request, pk):
    menu = get_scoped_object_or_404(request, Menu.objects.select_related("published_by__staff"), pk=pk)
    meals = services.settings_for(menu.campus).served_meals()
    if request.GET.get("format") == "pdf":
        content = render_pdf("kitchen/print_menu.html", {
            "menu": menu, "grid": _menu_grid(menu, meals), "meal_labels": [Meal(m).label for m in meals], "campus": menu.campus,
        })
        return pdf_response(content, f"menu_{menu.week_start:%Y%m%d}.pdf")
    return render(request, "kitchen/menu_detail.html", {
        "menu": menu, "grid": _menu_grid(menu, meals), "meal_labels": [Meal(m).label for m in meals],
        "history": history_entries(menu), "can_edit": request.user.has_perm("kitchen.change_menu"),
    })


@require_POST
@staff_required(perm="kitchen.change_menu")
def menu_publish(request, pk):
    menu = get_scoped_object_or_404(request, Menu, pk=pk)
    if request.POST.get("action") == "unpublish":
        return post_action(request, lambda: services.unpublish_menu(menu, request.user, request.POST.get("reason", "")),
                           _("The menu was taken back to draft."), menu)
    return post_action(request, lambda: services.publish_menu(menu, request.user),
                       _("The menu is published to staff and parents."), menu)


@parent_required
def parent_menu(request, pk):
    """The published menu of this week (and next week's when published) for a parent's child."""
    child = get_child_for_user(request, pk)
    this_week = services.week_start_of(timezone.localdate())
    menus = Menu.objects.filter(campus=child.campus, status=MenuStatus.PUBLISHED,
                                week_start__in=[this_week, this_week + dt.timedelta(days=7)]).order_by("week_start")
    meals = services.settings_for(child.campus).served_meals()
    return render(request, "kitchen/parent_menu.html", {
        "child": child, "menus": [(menu, _menu_grid(menu, meals)) for menu in menus],
        "meal_labels": [Meal(m).label for m in meals],
    })


# --- nutrition ---------------------------------------------------------------------------------------


def _period(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if period == "day":
        return day, day
    if period == "month":
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return first, last
    first = services.week_start_of(day)
    return first, first + dt.timedelta(days=6)


@staff_required(perm="kitchen.view_menu")
def nutrition(request):
    rules = services.settings_for(request.campus)
    data = request.GET.copy()
    data.setdefault("period", "week")
    data.setdefault("date", timezone.localdate().isoformat())
    data.setdefault("grade", "middle")
    form = NutritionForm(data)
    report = None
    if form.is_valid():
        first, last = _period(form.cleaned_data["period"], form.cleaned_data["date"])
        report = analysis.nutrition_analysis(request.campus, first, last, form.cleaned_data["grade"],
                                             form.cleaned_data.get("edition") or rules.dri_edition)
        if request.GET.get("format") == "pdf":
            content = render_pdf("kitchen/print_nutrition.html", {"report": report, "campus": request.campus,
                                                                 "printed": timezone.localtime(), "grade_label": _grade_label(report.grade)})
            return pdf_response(content, f"nutrition_{first:%Y%m%d}-{last:%Y%m%d}.pdf")
    return render(request, "kitchen/nutrition.html", {"form": form, "report": report, "rules": rules,
                                                      "grade_label": _grade_label(report.grade) if report else "",
                                                      "query": request.GET.urlencode()})


def _grade_label(grade):
    return dict(analysis.Grade.choices).get(grade, grade)


@staff_required(perm="kitchen.add_weighing")
def weighing(request):
    """Weigh a meal for the diet survey: raw grams used and the share left over. Prefilled from the
    menu × the children present, to be corrected with the scale's numbers."""
    campus = request.campus
    rules = services.settings_for(campus)
    day = date_param(request)
    meal = request.GET.get("meal") or request.POST.get("meal") or Meal.LUNCH
    if meal not in rules.served_meals() or day > timezone.localdate():
        raise Http404
    existing = Weighing.objects.filter(campus=campus, date=day, meal=meal).first()
    if existing:
        initial = {"children": existing.children, "leftover_pct": existing.leftover_pct}
        lines = [{"ingredient": line.ingredient_id, "raw_grams": line.raw_grams} for line in existing.lines.all()]
    else:
        counts = analysis.meal_counts(campus, day)
        initial = {"children": counts.children_total or None, "leftover_pct": 0}
        dish_ids = MenuItem.objects.filter(menu__campus=campus, date=day, meal=meal).values_list("dish_id", flat=True)
        planned = {}
        for line in DishIngredient.objects.filter(dish_id__in=list(dish_ids)):
            grams = sum((line.grams_for(room.grade) * (present or 0) for room, present in counts.classes), Decimal("0"))
            planned[line.ingredient_id] = planned.get(line.ingredient_id, Decimal("0")) + grams
        lines = [{"ingredient": pk, "raw_grams": grams} for pk, grams in planned.items() if grams > 0]
    form = WeighingForm(request.POST or None, initial=initial)
    formset = WeighingLineFormSet(request.POST or None, initial=lines, prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [(f.cleaned_data["ingredient"], f.cleaned_data["raw_grams"]) for f in formset.forms
                if f.cleaned_data and f.cleaned_data.get("ingredient") and not f.cleaned_data.get("DELETE")]
        with service_call(form) as call:
            services.record_weighing(campus, date=day, meal=meal, children=form.cleaned_data["children"],
                                     leftover_pct=form.cleaned_data["leftover_pct"], lines=rows, user=request.user)
        if call.ok:
            messages.success(request, _("Weighed meal saved: the nutrition analysis now uses it."))
            return redirect(f"{reverse('kitchen:nutrition')}?period=day&date={day.isoformat()}")
    return render(request, "kitchen/weighing_form.html", {
        "form": form, "formset": formset, "day": day, "meal": meal, "meal_label": Meal(meal).label, "existing": existing,
        "history": history_entries(existing) if existing else [], "meals": [(m, Meal(m).label) for m in rules.served_meals()],
    })

