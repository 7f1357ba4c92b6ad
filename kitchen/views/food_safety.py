"""Food-safety pages: kitchen today, settings, suppliers, food acceptance, samples, disinfection,
meal counts and purchase quantities."""

import datetime as dt
import json
from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import staff_required
from campus.actions import post_action
from campus.dates import date_param
from campus.errors import ServiceError, show_errors
from campus.history import history_entries
from campus.money import Yuan, format_yuan
from campus.scoping import get_scoped_object_or_404, in_current_campus

from .. import analysis, services
from ..choices import Meal
from ..forms import (
    AcceptanceForm,
    DiscardForm,
    DisinfectionForm,
    SampleCorrectionForm,
    SampleMealForm,
    SettingsForm,
    StaffMealForm,
    SupplierCertificateForm,
    SupplierForm,
)
from ..models import (
    Acceptance,
    Dish,
    Disinfection,
    FoodSample,
    MenuItem,
    Supplier,
)
from .common import VIEW, date_range, person_name, register_response, yes_no

# --- kitchen today -----------------------------------------------------------------------------------


@staff_required(perm=VIEW)
def index(request):
    day = date_param(request)
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
        except ServiceError as exc:
            show_errors(form, exc)
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
    rules = services.settings_for(request.campus)
    papers = services.expiring_supplier_papers(request.campus, day, rules)
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
    return register_response(
        request, title=_("Supplier register"), headers=headers, rows=rows, range_form=None, first=today, last=today,
        add_url=reverse("kitchen:supplier_add") if request.user.has_perm("kitchen.add_supplier") else None,
        add_label=_("Add supplier"), extra={"papers": papers, "alert_days": rules.expiry_alert_days},
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
        except ServiceError as exc:
            show_errors(form, exc)
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
            except ServiceError as exc:
                show_errors(form, exc)
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
    range_form, first, last = date_range(request)
    lines = in_current_campus(request, Acceptance).filter(date__range=(first, last)).select_related(
        "supplier", "receiver__staff", "second_receiver__staff").order_by("date", "id")
    headers = [_("Date"), _("Supplier"), _("Product"), _("Specification"), _("Quantity"), _("Unit price"), _("Amount"),
               _("Production date / batch"), _("Shelf life"), _("Certificates"), _("Sensory"), _("Temperature ℃"),
               _("Result"), _("Receivers"), _("Canteen")]
    rows = [
        (line.get_absolute_url(), [
            line.date, line.supplier.name + (" ⚠" if line.supplier_licence_expired else ""), line.product, line.specification,
            f"{line.quantity} {line.unit}", Yuan(line.unit_price), Yuan(line.amount),
            " / ".join(str(v) for v in (line.production_date, line.batch_no) if v), line.shelf_life,
            (yes_no(line.certificates_checked) + (f" {line.certificates_note}" if line.certificates_note else "")),
            _("passed") if line.sensory_ok else _("failed"), line.temperature_c if line.temperature_c is not None else "",
            line.get_result_display() + (f"：{line.reject_reason}" if line.reject_reason else ""),
            "、".join(p for p in (person_name(line.receiver), person_name(line.second_receiver)) if p), line.get_canteen_display(),
        ])
        for line in lines
    ]
    return register_response(
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
        except ServiceError as exc:
            show_errors(form, exc)
        else:
            if line.supplier_licence_expired:
                messages.warning(request, _("Saved, but %(supplier)s's licence had expired on %(day)s: do not buy from them until it is renewed.")
                                 % {"supplier": line.supplier, "day": line.supplier.licence_expires_on})
            else:
                messages.success(request, _("Delivery line saved: %(product)s %(amount)s yuan.") % {"product": line.product, "amount": format_yuan(line.amount, symbol=False)})
            return redirect(f"{reverse('kitchen:acceptance_add')}?copy={line.pk}")
    rules = services.settings_for(campus)
    expired = [s for s in form.fields["supplier"].queryset if not s.licence_valid_on(timezone.localdate())]
    return render(request, "kitchen/acceptance_form.html", {"form": form, "rules": rules, "expired_suppliers": expired})


@staff_required(perm="kitchen.change_acceptance")
def acceptance_edit(request, pk):
    """Correct a delivery line (a typo in the quantity or price): same checks, reason required."""
    campus = request.campus
    line = get_scoped_object_or_404(request, Acceptance, pk=pk, campus=campus)
    fields = ["date", "supplier", "canteen", "product", "specification", "quantity", "unit", "unit_price", "production_date",
              "batch_no", "shelf_life", "certificates_checked", "certificates_note", "sensory_ok", "chilled", "temperature_c",
              "bulk", "result", "reject_reason", "receiver", "second_receiver"]
    initial = {name: getattr(line, name) for name in fields}
    initial.update({"supplier": line.supplier_id, "receiver": line.receiver_id, "second_receiver": line.second_receiver_id})
    form = AcceptanceForm(campus, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_acceptance(campus, user=request.user, instance=line, reason=request.POST.get("reason", ""),
                                       **form.cleaned_data)
        except ServiceError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Correction saved."))
            return redirect(line)
    return render(request, "kitchen/acceptance_form.html", {"form": form, "rules": services.settings_for(campus), "line": line,
                                                            "expired_suppliers": []})


@staff_required(perm="kitchen.view_acceptance")
def acceptance_detail(request, pk):
    line = get_scoped_object_or_404(request, Acceptance.objects.select_related("supplier", "receiver__staff", "second_receiver__staff"), pk=pk)
    return render(request, "kitchen/acceptance_detail.html", {"line": line, "history": history_entries(line)})


# --- food samples ----------------------------------------------------------------------------------


@staff_required(perm="kitchen.view_foodsample")
def sample_list(request):
    range_form, first, last = date_range(request)
    samples = in_current_campus(request, FoodSample).filter(date__range=(first, last)).select_related(
        "dish", "sampler__staff", "reviewer__staff", "discarded_by__staff").order_by("date", "meal", "dish__name")
    headers = [_("Date"), _("Meal"), _("Dish"), _("Weight (g)"), _("Sampled at"), _("Fridge / ℃"), _("Sampled by"),
               _("Reviewed by"), _("Keep until"), _("Discarded")]
    rows = [
        (s.get_absolute_url(), [
            s.date, s.get_meal_display(), s.dish.name, s.weight_g, timezone.localtime(s.sampled_at).strftime("%H:%M"),
            f"{s.fridge} / {s.fridge_temp_c}", person_name(s.sampler), person_name(s.reviewer),
            timezone.localtime(s.discard_not_before).strftime("%m-%d %H:%M"),
            (f"{timezone.localtime(s.discarded_at):%m-%d %H:%M} {person_name(s.discarded_by)}" if s.discarded_at else ""),
        ])
        for s in samples
    ]
    missing = analysis.missing_samples(request.campus, first, last)
    return register_response(
        request, title=_("Food sample register"), headers=headers, rows=rows, range_form=range_form, first=first, last=last,
        filename="samples", extra={"missing": [(d, Meal(m).label, dish) for d, m, dish in missing],
                                   "rules": services.settings_for(request.campus)},
    )


@staff_required(perm="kitchen.add_foodsample")
def sample_meal(request):
    """Record every dish of one meal: the phone page a cook uses right after serving."""
    campus = request.campus
    rules = services.settings_for(campus)
    day = date_param(request)
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
        except ServiceError as exc:
            show_errors(form, exc)
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


@staff_required(perm="kitchen.change_foodsample")
def sample_edit(request, pk):
    sample = get_scoped_object_or_404(request, FoodSample.objects.select_related("dish"), pk=pk, campus=request.campus)
    initial = {"weight_g": sample.weight_g, "fridge": sample.fridge, "fridge_temp_c": sample.fridge_temp_c, "reviewer": sample.reviewer_id}
    form = SampleCorrectionForm(request.campus, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_sample(sample, user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Correction saved."))
            return redirect(sample)
    return render(request, "kitchen/form.html", {"form": form, "title": f"{sample.dish} · {sample.date} {sample.get_meal_display()}",
                                                 "back": sample.get_absolute_url()})


@require_POST
@staff_required(perm="kitchen.change_foodsample")
def sample_discard(request, pk):
    sample = get_scoped_object_or_404(request, FoodSample, pk=pk)
    form = DiscardForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return post_action(request, lambda: services.discard_sample(sample, user=request.user, note=note),
                       _("Discard recorded."), sample)


# --- tableware disinfection ------------------------------------------------------------------------


@staff_required(perm="kitchen.view_disinfection")
def disinfection_list(request):
    range_form, first, last = date_range(request)
    records = in_current_campus(request, Disinfection).filter(date__range=(first, last)).select_related("operator__staff").order_by("date", "meal", "id")
    headers = [_("Date"), _("Meal"), _("Method"), _("Items × count"), _("Duration"), _("Temperature ℃"), _("Chlorine mg/L"),
               _("Started at"), _("Operator"), _("Below the rule")]
    rows = [
        (r.get_absolute_url(), [
            r.date, r.get_meal_display(), r.get_method_display(), f"{r.items} × {r.item_count}",
            (_("%(n)d s") % {"n": r.duration_seconds} if r.duration_seconds and r.duration_seconds < 60
             else _("%(n)s min") % {"n": round(r.duration_seconds / 60, 1)} if r.duration_seconds else ""),
            r.temperature_c if r.temperature_c is not None else "", r.chlorine_mg_l or "",
            timezone.localtime(r.started_at).strftime("%H:%M"), person_name(r.operator), r.anomaly,
        ])
        for r in records
    ]
    return register_response(request, title=_("Tableware disinfection register"), headers=headers, rows=rows, range_form=range_form,
                     first=first, last=last, filename="disinfection",
                     add_url=reverse("kitchen:disinfection_add") if request.user.has_perm("kitchen.add_disinfection") else None,
                     add_label=_("Record disinfection"))


def _disinfection_form(request, form, rules, record=None):
    """Save the form's disinfection (new, or a correction of ``record``); the response."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.record_disinfection(
                request.campus, user=request.user, date=data["date"], meal=data["meal"], method=data["method"],
                items=data["items"], item_count=data["item_count"], started_at=data["started_at"], operator=data["operator"],
                duration_seconds=form.duration_seconds(), temperature_c=data["temperature_c"],
                chlorine_mg_l=data["chlorine_mg_l"], reason=request.POST.get("reason", ""), instance=record,
            )
        except ServiceError as exc:
            if hasattr(exc, "error_dict") and "duration_seconds" in exc.error_dict:
                exc.error_dict["minutes"] = exc.error_dict.pop("duration_seconds")
            show_errors(form, exc)
        else:
            if record is not None:
                messages.success(request, _("Correction saved."))
                return redirect("kitchen:disinfection_detail", pk=saved.pk)
            if saved.anomaly:
                messages.warning(request, _("Saved with an anomaly: %(anomaly)s. A follow-up was opened.") % {"anomaly": saved.anomaly})
            else:
                messages.success(request, _("Disinfection saved."))
            return redirect(f"{reverse('kitchen:index')}?date={saved.date.isoformat()}")
    method_rules = [(value, label, services.describe_rule(rules, value)) for value, label in form.fields["method"].choices]
    required = {method: list(params) for method, params in services.REQUIRED_PARAMETERS.items()}
    return render(request, "kitchen/disinfection_form.html", {"form": form, "method_rules": method_rules, "record": record,
                                                              "required_json": json.dumps(required)})


@staff_required(perm="kitchen.add_disinfection")
def disinfection_add(request):
    campus = request.campus
    rules = services.settings_for(campus)
    meals = rules.served_meals()
    meal = request.GET.get("meal") if request.GET.get("meal") in meals else (meals[0] if meals else Meal.LUNCH)
    last = Disinfection.objects.filter(campus=campus).order_by("-id").first()
    initial = {"date": date_param(request), "meal": meal, "operator": request.user.pk,
               "started_at": timezone.localtime().replace(second=0, microsecond=0)}
    if last:
        initial.update({"method": last.method, "items": last.items, "item_count": last.item_count})
    return _disinfection_form(request, DisinfectionForm(campus, meals, request.POST or None, initial=initial), rules)


@staff_required(perm="kitchen.change_disinfection")
def disinfection_edit(request, pk):
    """Correct a disinfection record (a typo in the minutes or the count): same checks, reason required."""
    campus = request.campus
    record = get_scoped_object_or_404(request, Disinfection, pk=pk, campus=campus)
    rules = services.settings_for(campus)
    seconds = record.duration_seconds
    initial = {"date": record.date, "meal": record.meal, "method": record.method, "items": record.items,
               "item_count": record.item_count, "minutes": None if seconds is None else Decimal(seconds // 60),
               "seconds": None if seconds is None else seconds % 60,
               "temperature_c": record.temperature_c, "chlorine_mg_l": record.chlorine_mg_l,
               "started_at": timezone.localtime(record.started_at) if record.started_at else None,
               "operator": record.operator_id}
    form = DisinfectionForm(campus, rules.served_meals(), request.POST or None, initial=initial)
    return _disinfection_form(request, form, rules, record)


@staff_required(perm="kitchen.view_disinfection")
def disinfection_detail(request, pk):
    record = get_scoped_object_or_404(request, Disinfection.objects.select_related("operator__staff", "follow_up"), pk=pk)
    rule = services.describe_rule(services.settings_for(record.campus), record.method)
    return render(request, "kitchen/disinfection_detail.html", {"record": record, "rule": rule, "history": history_entries(record)})


# --- meal counts and purchase ----------------------------------------------------------------------


@staff_required(perm="kitchen.view_staffmeal")
def meal_counts(request):
    campus = request.campus
    day = date_param(request)
    rules = services.settings_for(campus)
    form = None
    if request.user.has_perm("kitchen.add_staffmeal"):
        form = StaffMealForm(rules.served_meals(), request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_staff_meals(campus, date=day, meal=form.cleaned_data["meal"], count=form.cleaned_data["count"],
                                            user=request.user)
            except ServiceError as exc:
                show_errors(form, exc)
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
    week_start = services.week_start_of(date_param(request, "week"))
    lines, expected, days = analysis.purchase_plan(request.campus, week_start)
    headers = [_("Ingredient"), *[f"{d:%m-%d}" for d in days], _("Total (kg)")]
    rows = [(None, [line.ingredient.name_zh, *[line.per_day.get(d, "") for d in days], line.total_kg]) for line in lines]
    return register_response(request, title=_("Purchase quantities"), headers=headers, rows=rows, range_form=None, first=days[0],
                     last=days[-1], template="kitchen/purchase.html", filename="purchase",
                     extra={"expected": [(label, expected[value]) for value, label in analysis.Grade.choices],
                            "week_start": week_start, "prev": week_start - dt.timedelta(days=7),
                            "next": week_start + dt.timedelta(days=7)})


