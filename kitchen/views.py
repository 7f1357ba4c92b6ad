"""Kitchen pages. Function views: check role and campus, load through campus.scoping, call a
service for every write, render a mobile-first template."""

import base64
import datetime as dt
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import parent_required, staff_required
from campus.exports import xlsx_register, xlsx_response
from campus.history import history_entries
from campus.pdf import pdf_response, render_pdf
from campus.scoping import get_child_for_user, get_scoped_object_or_404, in_current_campus

from . import analysis, services
from .choices import Meal, MenuStatus
from .forms import (
    AcceptanceForm,
    DiscardForm,
    DishForm,
    DishIngredientFormSet,
    DisinfectionForm,
    IngredientForm,
    IngredientImportForm,
    MenuWeekForm,
    NutritionForm,
    RangeForm,
    SampleMealForm,
    SettingsForm,
    StaffMealForm,
    SupplierCertificateForm,
    SupplierForm,
)
from .models import (
    Acceptance,
    Dish,
    DishIngredient,
    Disinfection,
    FoodSample,
    Ingredient,
    Menu,
    MenuItem,
    Supplier,
)

VIEW = "kitchen.view_acceptance"  # every kitchen role has view_* on the kitchen


def _apply_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _date_param(request, name="date", default=None) -> dt.date:
    raw = request.GET.get(name) or request.POST.get(name)
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    return default or timezone.localdate()


def _range(request):
    form = RangeForm(request.GET or None)
    today = timezone.localdate()
    first, last = today.replace(day=1), today
    if form.is_bound and form.is_valid():
        first = form.cleaned_data.get("first") or first
        last = form.cleaned_data.get("last") or last
        if first > last:
            first = last
    return form, first, last


def _register(request, *, title, headers, rows, range_form, first, last, add_url=None, add_label="", extra=None,
              template="kitchen/register.html", filename=""):
    """A register page; ?export=xlsx or ?export=pdf gives the paper layout for the date range."""
    export = request.GET.get("export")
    period = f"{first:%Y-%m-%d} – {last:%Y-%m-%d}"
    if export == "xlsx":
        content = xlsx_register(title, request.campus, period, headers, [cells for _url, cells in rows])
        return xlsx_response(content, f"{filename or title}_{first:%Y%m%d}-{last:%Y%m%d}.xlsx")
    if export == "pdf":
        content = render_pdf("kitchen/print_register.html", {
            "title": title, "campus": request.campus, "period": period, "headers": headers,
            "rows": [cells for _url, cells in rows], "printed": timezone.localtime(),
        })
        return pdf_response(content, f"{filename or title}_{first:%Y%m%d}-{last:%Y%m%d}.pdf")
    context = {"title": title, "headers": headers, "rows": rows, "range_form": range_form, "first": first, "last": last,
               "add_url": add_url, "add_label": add_label, "query": request.GET.urlencode()}
    context.update(extra or {})
    return render(request, template, context)


def _yes(value) -> str:
    return _("yes") if value else _("no")


def _person(user) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.name if staff else user.get_username()


# --- kitchen today -----------------------------------------------------------------------------------


@staff_required(perm=VIEW)
def index(request):
    day = _date_param(request)
    board = analysis.today_board(request.campus, day)
    return render(request, "kitchen/today.html", {"board": board, "day": day, "is_today": day == timezone.localdate(),
                                                  "prev": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1)})


@staff_required(perm="kitchen.change_kitchensettings")
def settings_edit(request):
    obj = services.settings_for(request.campus)
    form = SettingsForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(form.instance, request.user, request.POST.get("reason", ""))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Kitchen settings saved."))
            return redirect("kitchen:settings")
    return render(request, "kitchen/form.html", {"form": form, "title": _("Kitchen settings"), "obj": obj,
                                                 "history": history_entries(obj), "back": reverse("kitchen:index")})


# --- suppliers -------------------------------------------------------------------------------------


@staff_required(perm="kitchen.view_supplier")
def supplier_list(request):
    day = timezone.localdate()
    suppliers = list(in_current_campus(request, Supplier).prefetch_related("certificates").order_by("-is_active", "name"))
    papers = services.expiring_supplier_papers(request.campus, day)
    headers = [_("Supplier"), _("Licence number"), _("Licence expires on"), _("Certificates"), _("Contact"), _("Phone")]
    rows = [
        (supplier.get_absolute_url(), [
            supplier.name, supplier.licence_no, supplier.licence_expires_on,
            "；".join(f"{c.kind} {c.number} ({c.expires_on})" for c in supplier.certificates.all()),
            f"{supplier.contact} {supplier.address}".strip(), supplier.phone,
        ])
        for supplier in suppliers
    ]
    today = timezone.localdate()
    return _register(
        request, title=_("Supplier register"), headers=headers, rows=rows, range_form=None, first=today, last=today,
        add_url=reverse("kitchen:supplier_add") if request.user.has_perm("kitchen.add_supplier") else None,
        add_label=_("Add supplier"), extra={"papers": papers, "alert_days": services.settings_for(request.campus).expiry_alert_days},
        filename="suppliers",
    )


@staff_required(perm="kitchen.add_supplier")
def supplier_add(request):
    return _supplier_form(request, Supplier(campus=request.campus))


@staff_required(perm="kitchen.change_supplier")
def supplier_edit(request, pk):
    return _supplier_form(request, get_scoped_object_or_404(request, Supplier, pk=pk, campus=request.campus))


def _supplier_form(request, supplier):
    form = SupplierForm(request.POST or None, instance=supplier)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_supplier(form.instance, request.user, request.POST.get("reason", ""))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Supplier saved."))
            return redirect(supplier)
    return render(request, "kitchen/form.html", {"form": form, "title": _("Supplier"), "obj": supplier if supplier.pk else None,
                                                 "back": reverse("kitchen:supplier_list"), "ask_reason": bool(supplier.pk)})


@staff_required(perm="kitchen.view_supplier")
def supplier_detail(request, pk):
    supplier = get_scoped_object_or_404(request, Supplier, pk=pk)
    form = None
    if request.user.has_perm("kitchen.add_suppliercertificate"):
        form = SupplierCertificateForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            form.instance.supplier = supplier
            try:
                services.add_supplier_certificate(form.instance, request.user)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Certificate added."))
                return redirect(supplier)
    elif request.method == "POST":
        raise Http404
    day = timezone.localdate()
    return render(request, "kitchen/supplier_detail.html", {
        "supplier": supplier, "certificates": supplier.certificates.all(), "form": form, "today": day,
        "horizon": day + dt.timedelta(days=services.settings_for(supplier.campus).expiry_alert_days),
        "deliveries": supplier.deliveries.order_by("-date", "-id")[:20], "history": history_entries(supplier),
    })


# --- food acceptance -------------------------------------------------------------------------------


@staff_required(perm="kitchen.view_acceptance")
def acceptance_list(request):
    range_form, first, last = _range(request)
    lines = in_current_campus(request, Acceptance).filter(date__range=(first, last)).select_related(
        "supplier", "receiver__staff", "second_receiver__staff").order_by("date", "id")
    headers = [_("Date"), _("Supplier"), _("Product"), _("Specification"), _("Quantity"), _("Unit price"), _("Amount"),
               _("Production date / batch"), _("Shelf life"), _("Certificates"), _("Sensory"), _("Temperature ℃"),
               _("Result"), _("Receivers"), _("Canteen")]
    rows = [
        (line.get_absolute_url(), [
            line.date, line.supplier.name + (" ⚠" if line.supplier_licence_expired else ""), line.product, line.specification,
            f"{line.quantity} {line.unit}", line.unit_price, line.amount,
            " / ".join(str(v) for v in (line.production_date, line.batch_no) if v), line.shelf_life,
            (_yes(line.certificates_checked) + (f" {line.certificates_note}" if line.certificates_note else "")),
            _("passed") if line.sensory_ok else _("failed"), line.temperature_c if line.temperature_c is not None else "",
            line.get_result_display() + (f"：{line.reject_reason}" if line.reject_reason else ""),
            "、".join(p for p in (_person(line.receiver), _person(line.second_receiver)) if p), line.get_canteen_display(),
        ])
        for line in lines
    ]
    return _register(
        request, title=_("Food acceptance register"), headers=headers, rows=rows, range_form=range_form, first=first, last=last,
        add_url=reverse("kitchen:acceptance_add") if request.user.has_perm("kitchen.add_acceptance") else None,
        add_label=_("Record a delivery"), filename="acceptance",
        extra={"food_cost": services.accepted_food_cost(request.campus, first, last)},
    )


@staff_required(perm="kitchen.add_acceptance")
def acceptance_add(request):
    campus = request.campus
    initial = {"date": timezone.localdate(), "receiver": request.user.pk}
    copy_from = request.GET.get("copy")
    if copy_from and copy_from.isdigit():
        previous = in_current_campus(request, Acceptance).filter(pk=int(copy_from)).first()
        if previous:
            initial.update({"supplier": previous.supplier_id, "date": previous.date, "second_receiver": previous.second_receiver_id,
                            "canteen": previous.canteen})
    form = AcceptanceForm(campus, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            line = services.record_acceptance(campus, user=request.user, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if line.supplier_licence_expired:
                messages.warning(request, _("Saved, but %(supplier)s's licence had expired on %(day)s: do not buy from them until it is renewed.")
                                 % {"supplier": line.supplier, "day": line.supplier.licence_expires_on})
            else:
                messages.success(request, _("Delivery line saved: %(product)s %(amount)s yuan.") % {"product": line.product, "amount": line.amount})
            return redirect(f"{reverse('kitchen:acceptance_add')}?copy={line.pk}")
    rules = services.settings_for(campus)
    expired = [s for s in form.fields["supplier"].queryset if not s.licence_valid_on(timezone.localdate())]
    return render(request, "kitchen/acceptance_form.html", {"form": form, "rules": rules, "expired_suppliers": expired})


@staff_required(perm="kitchen.view_acceptance")
def acceptance_detail(request, pk):
    line = get_scoped_object_or_404(request, Acceptance.objects.select_related("supplier", "receiver__staff", "second_receiver__staff"), pk=pk)
    return render(request, "kitchen/acceptance_detail.html", {"line": line, "history": history_entries(line)})


# --- food samples ----------------------------------------------------------------------------------


@staff_required(perm="kitchen.view_foodsample")
def sample_list(request):
    range_form, first, last = _range(request)
    samples = in_current_campus(request, FoodSample).filter(date__range=(first, last)).select_related(
        "dish", "sampler__staff", "reviewer__staff", "discarded_by__staff").order_by("date", "meal", "dish__name")
    headers = [_("Date"), _("Meal"), _("Dish"), _("Weight (g)"), _("Sampled at"), _("Fridge / ℃"), _("Sampled by"),
               _("Reviewed by"), _("Keep until"), _("Discarded")]
    rows = [
        (s.get_absolute_url(), [
            s.date, s.get_meal_display(), s.dish.name, s.weight_g, timezone.localtime(s.sampled_at).strftime("%H:%M"),
            f"{s.fridge} / {s.fridge_temp_c}", _person(s.sampler), _person(s.reviewer),
            timezone.localtime(s.discard_not_before).strftime("%m-%d %H:%M"),
            (f"{timezone.localtime(s.discarded_at):%m-%d %H:%M} {_person(s.discarded_by)}" if s.discarded_at else ""),
        ])
        for s in samples
    ]
    missing = analysis.missing_samples(request.campus, first, last)
    return _register(
        request, title=_("Food sample register"), headers=headers, rows=rows, range_form=range_form, first=first, last=last,
        filename="samples", extra={"missing": [(d, Meal(m).label, dish) for d, m, dish in missing],
                                   "rules": services.settings_for(request.campus)},
    )


@staff_required(perm="kitchen.add_foodsample")
def sample_meal(request):
    """Record every dish of one meal: the phone page a cook uses right after serving."""
    campus = request.campus
    rules = services.settings_for(campus)
    day = _date_param(request)
    meal = request.GET.get("meal") or request.POST.get("meal") or Meal.LUNCH
    if meal not in rules.served_meals() or day > timezone.localdate():
        raise Http404
    items = MenuItem.objects.filter(menu__campus=campus, date=day, meal=meal).select_related("dish").order_by("dish__name")
    done = {s.dish_id: s for s in FoodSample.objects.filter(campus=campus, date=day, meal=meal).select_related("dish")}
    todo = [item.dish for item in items if item.dish_id not in done]
    extra_id = request.GET.get("dish") or request.POST.get("dish")
    if extra_id and extra_id.isdigit():  # a dish served that is not on the menu
        extra = Dish.objects.filter(campus=campus, pk=int(extra_id), is_active=True).first()
        if extra and extra.pk not in done and extra not in todo:
            todo.append(extra)
    initial = {"sampled_at": timezone.localtime().replace(second=0, microsecond=0), "fridge": _("Sample fridge")}
    last = FoodSample.objects.filter(campus=campus).order_by("-sampled_at").first()
    if last:
        initial.update({"fridge": last.fridge, "reviewer": last.reviewer_id if last.reviewer_id != request.user.pk else None})
    form = SampleMealForm(campus, todo, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        weights = {dish: form.cleaned_data[f"weight_{dish.pk}"] for dish in todo}
        try:
            saved = services.record_meal_samples(
                campus, user=request.user, date=day, meal=meal, weights=weights, sampled_at=form.cleaned_data["sampled_at"],
                fridge=form.cleaned_data["fridge"], fridge_temp_c=form.cleaned_data["fridge_temp_c"], sampler=request.user,
                reviewer=form.cleaned_data["reviewer"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("%(n)d samples saved for %(meal)s.") % {"n": len(saved), "meal": Meal(meal).label})
            return redirect(f"{reverse('kitchen:index')}?date={day.isoformat()}")
    other_dishes = Dish.objects.filter(campus=campus, is_active=True).exclude(pk__in=[d.pk for d in todo] + list(done))
    return render(request, "kitchen/sample_meal.html", {
        "form": form, "day": day, "meal": meal, "meal_label": Meal(meal).label, "done": list(done.values()), "todo": todo,
        "rules": rules, "other_dishes": other_dishes,
    })


@staff_required(perm="kitchen.view_foodsample")
def sample_detail(request, pk):
    sample = get_scoped_object_or_404(
        request, FoodSample.objects.select_related("dish", "sampler__staff", "reviewer__staff", "discarded_by__staff"), pk=pk)
    now = timezone.now()
    return render(request, "kitchen/sample_detail.html", {
        "sample": sample, "history": history_entries(sample), "form": DiscardForm(),
        "may_discard": sample.discarded_at is None and now >= sample.discard_not_before,
        "can_change": request.user.has_perm("kitchen.change_foodsample"),
    })


@require_POST
@staff_required(perm="kitchen.change_foodsample")
def sample_discard(request, pk):
    sample = get_scoped_object_or_404(request, FoodSample, pk=pk)
    form = DiscardForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.discard_sample(sample, user=request.user, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Discard recorded."))
    return redirect(sample)


# --- tableware disinfection ------------------------------------------------------------------------


@staff_required(perm="kitchen.view_disinfection")
def disinfection_list(request):
    range_form, first, last = _range(request)
    records = in_current_campus(request, Disinfection).filter(date__range=(first, last)).select_related("operator__staff").order_by("date", "meal", "id")
    headers = [_("Date"), _("Meal"), _("Method"), _("Items × count"), _("Time"), _("Temperature ℃"), _("Chlorine mg/L"),
               _("Started at"), _("Operator"), _("Below the rule")]
    rows = [
        (r.get_absolute_url(), [
            r.date, r.get_meal_display(), r.get_method_display(), f"{r.items} × {r.item_count}",
            (_("%(n)d s") % {"n": r.duration_seconds} if r.duration_seconds and r.duration_seconds < 60
             else _("%(n)s min") % {"n": round(r.duration_seconds / 60, 1)} if r.duration_seconds else ""),
            r.temperature_c if r.temperature_c is not None else "", r.chlorine_mg_l or "",
            timezone.localtime(r.started_at).strftime("%H:%M"), _person(r.operator), r.anomaly,
        ])
        for r in records
    ]
    return _register(request, title=_("Tableware disinfection register"), headers=headers, rows=rows, range_form=range_form,
                     first=first, last=last, filename="disinfection",
                     add_url=reverse("kitchen:disinfection_add") if request.user.has_perm("kitchen.add_disinfection") else None,
                     add_label=_("Record disinfection"))


@staff_required(perm="kitchen.add_disinfection")
def disinfection_add(request):
    campus = request.campus
    rules = services.settings_for(campus)
    meals = rules.served_meals()
    meal = request.GET.get("meal") if request.GET.get("meal") in meals else (meals[0] if meals else Meal.LUNCH)
    last = Disinfection.objects.filter(campus=campus).order_by("-id").first()
    initial = {"date": _date_param(request), "meal": meal, "operator": request.user.pk,
               "started_at": timezone.localtime().replace(second=0, microsecond=0)}
    if last:
        initial.update({"method": last.method, "items": last.items, "item_count": last.item_count})
    form = DisinfectionForm(campus, meals, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.record_disinfection(
                campus, user=request.user, date=data["date"], meal=data["meal"], method=data["method"], items=data["items"],
                item_count=data["item_count"], started_at=data["started_at"], operator=data["operator"],
                duration_seconds=form.duration_seconds(), temperature_c=data["temperature_c"], chlorine_mg_l=data["chlorine_mg_l"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "duration_seconds" in exc.error_dict:
                exc.error_dict["minutes"] = exc.error_dict.pop("duration_seconds")
            _apply_errors(form, exc)
        else:
            if record.anomaly:
                messages.warning(request, _("Saved with an anomaly: %(anomaly)s. A follow-up was opened.") % {"anomaly": record.anomaly})
            else:
                messages.success(request, _("Disinfection saved."))
            return redirect(f"{reverse('kitchen:index')}?date={record.date.isoformat()}")
    method_rules = [(value, label, services.describe_rule(rules, value)) for value, label in form.fields["method"].choices]
    required = {method: list(params) for method, params in services.REQUIRED_PARAMETERS.items()}
    return render(request, "kitchen/disinfection_form.html", {"form": form, "method_rules": method_rules,
                                                              "required_json": json.dumps(required)})


@staff_required(perm="kitchen.view_disinfection")
def disinfection_detail(request, pk):
    record = get_scoped_object_or_404(request, Disinfection.objects.select_related("operator__staff", "follow_up"), pk=pk)
    rule = services.describe_rule(services.settings_for(record.campus), record.method)
    return render(request, "kitchen/disinfection_detail.html", {"record": record, "rule": rule, "history": history_entries(record)})


# --- meal counts and purchase ----------------------------------------------------------------------


@staff_required(perm="kitchen.view_staffmeal")
def meal_counts(request):
    campus = request.campus
    day = _date_param(request)
    rules = services.settings_for(campus)
    form = None
    if request.user.has_perm("kitchen.add_staffmeal"):
        form = StaffMealForm(rules.served_meals(), request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_staff_meals(campus, date=day, meal=form.cleaned_data["meal"], count=form.cleaned_data["count"],
                                            user=request.user)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Staff meals saved."))
                return redirect(f"{reverse('kitchen:meal_counts')}?date={day.isoformat()}")
    elif request.method == "POST":
        raise Http404
    counts = analysis.meal_counts(campus, day)
    return render(request, "kitchen/meal_counts.html", {"counts": counts, "day": day, "form": form,
                                                        "meal_labels": [Meal(m).label for m in counts.meals]})


@staff_required(perm="kitchen.view_menu")
def purchase(request):
    week_start = services.week_start_of(_date_param(request, "week"))
    lines, expected, days = analysis.purchase_plan(request.campus, week_start)
    headers = [_("Ingredient"), *[f"{d:%m-%d}" for d in days], _("Total (kg)")]
    rows = [(None, [line.ingredient.name_zh, *[line.per_day.get(d, "") for d in days], line.total_kg]) for line in lines]
    return _register(request, title=_("Purchase quantities"), headers=headers, rows=rows, range_form=None, first=days[0],
                     last=days[-1], template="kitchen/purchase.html", filename="purchase",
                     extra={"expected": [(label, expected[value]) for value, label in analysis.Grade.choices],
                            "week_start": week_start, "prev": week_start - dt.timedelta(days=7),
                            "next": week_start + dt.timedelta(days=7)})


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
        try:
            services.save_dish(form.instance, lines, request.user, request.POST.get("reason", ""))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
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
        try:
            services.save_ingredient(form.instance, request.user, request.POST.get("reason", ""))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
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
        try:
            dataset = services.read_ingredient_table(content, filename)
        except ValidationError as exc:
            form.add_error(None, exc)
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
    week_start = services.week_start_of(_date_param(request, "week"))
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
        try:
            menu = services.save_menu(campus, week_start, form.entries(), request.user, notes=form.cleaned_data["notes"],
                                      reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
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
    return render(request, "kitchen/menu_detail.html", {
        "menu": menu, "grid": _menu_grid(menu, meals), "meal_labels": [Meal(m).label for m in meals],
        "history": history_entries(menu), "can_edit": request.user.has_perm("kitchen.change_menu"),
    })


@require_POST
@staff_required(perm="kitchen.change_menu")
def menu_publish(request, pk):
    menu = get_scoped_object_or_404(request, Menu, pk=pk)
    try:
        if request.POST.get("action") == "unpublish":
            services.unpublish_menu(menu, request.user, request.POST.get("reason", ""))
            messages.success(request, _("The menu was taken back to draft."))
        else:
            services.publish_menu(menu, request.user)
            messages.success(request, _("The menu is published to staff and parents."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(menu)


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
        if request.GET.get("export") == "pdf":
            content = render_pdf("kitchen/print_nutrition.html", {"report": report, "campus": request.campus,
                                                                 "printed": timezone.localtime(), "grade_label": _grade_label(report.grade)})
            return pdf_response(content, f"nutrition_{first:%Y%m%d}-{last:%Y%m%d}.pdf")
    return render(request, "kitchen/nutrition.html", {"form": form, "report": report, "rules": rules,
                                                      "grade_label": _grade_label(report.grade) if report else "",
                                                      "query": request.GET.urlencode()})


def _grade_label(grade):
    return dict(analysis.Grade.choices).get(grade, grade)
