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
from campus.errors import ServiceError, service_call, show_errors
from campus.history import history_entries
from campus.registers import register_view
from campus.scoping import get_scoped_object_or_404

from .. import analysis, deliveries, registers, services
from ..choices import Meal
from ..forms import (
    DeliveryForm,
    DeliveryLineForm,
    DeliveryLineFormSet,
    DiscardForm,
    DisinfectionForm,
    OverrideForm,
    SampleCorrectionForm,
    SampleMealForm,
    SettingsForm,
    StaffMealForm,
    SupplierCertificateForm,
    SupplierForm,
)
from ..models import (
    Acceptance,
    Delivery,
    Dish,
    Disinfection,
    FoodSample,
    MenuItem,
    Supplier,
)
from .common import VIEW

# --- kitchen today -----------------------------------------------------------------------------------


@staff_required(perm=VIEW)
def index(request):
    day = date_param(request)
    board = analysis.today_board(request.campus, day)
    return render(request, "kitchen/today.html", {"board": board, "day": day, "is_today": day == timezone.localdate(),
                                                  "own_certificate": services.own_certificate_problem(request.user, day),
                                                  "prev": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1)})


@staff_required(perm="kitchen.change_kitchensettings")
def settings_edit(request):
    obj = services.settings_for(request.campus)
    form = SettingsForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.update_settings(obj, form.cleaned_data, request.user, request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Kitchen settings saved."))
            return redirect("kitchen:settings")
    return render(request, "kitchen/form.html", {"form": form, "title": _("Kitchen settings"), "obj": obj,
                                                 "history": history_entries(obj), "back": reverse("kitchen:index")})


# --- suppliers -------------------------------------------------------------------------------------


supplier_list = register_view(registers.SUPPLIERS)


@staff_required(perm="kitchen.add_supplier")
def supplier_add(request):
    return _supplier_form(request, Supplier(campus=request.campus))


@staff_required(perm="kitchen.change_supplier")
def supplier_edit(request, pk):
    return _supplier_form(request, get_scoped_object_or_404(request, Supplier, pk=pk, campus=request.campus))


def _supplier_form(request, supplier):
    form = SupplierForm(request.POST or None, instance=supplier)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.save_supplier(form.instance, request.user, request.POST.get("reason", ""))
        if call.ok:
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
            with service_call(form) as call:
                services.add_supplier_certificate(form.instance, request.user)
            if call.ok:
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


acceptance_list = register_view(registers.ACCEPTANCE)



@staff_required(perm="kitchen.add_acceptance")
def acceptance_add(request):
    """Record one delivery (supplier, time, receivers) with all its lines on one phone screen."""
    campus = request.campus
    now = timezone.localtime()
    initial = {"date": now.date(), "received_at": now.time().replace(second=0, microsecond=0), "receiver": request.user.pk}
    form = DeliveryForm(campus, request.POST or None, initial=initial)
    formset = DeliveryLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        filled = formset.filled_forms()
        with service_call() as call:
            delivery = deliveries.record_delivery(campus, user=request.user, lines=[f.cleaned_data for f in filled], **form.cleaned_data)
        if not call.ok:
            _show_delivery_errors(form, filled, call.error)
        else:
            if delivery.refused:
                messages.error(request, _("%(reason)s Nothing is counted as food cost; only the director may accept it, with a reason.") % {"reason": delivery.refusal_reason})
            else:
                messages.success(request, _("Delivery saved: %(n)d lines.") % {"n": len(filled)})
            return redirect(delivery)
    day = timezone.localdate()
    expired = [s for s in form.fields["supplier"].queryset if not s.licence_valid_on(day)]
    return render(request, "kitchen/acceptance_form.html", {"form": form, "formset": formset, "rules": services.settings_for(campus),
                                                            "expired_suppliers": expired})


def _show_delivery_errors(form, line_forms, exc):
    """Header errors on the delivery form, ``lines-<n>-<field>`` errors next to that line's field."""
    if not hasattr(exc, "error_dict"):
        show_errors(form, exc)
        return
    header = {}
    for key, errors in exc.error_dict.items():
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit() and int(parts[1]) < len(line_forms):
            line_form, field = line_forms[int(parts[1])], parts[2]
            line_form.add_error(field if field in line_form.fields else None, errors)
        else:
            header[key] = errors
    if header:
        show_errors(form, ServiceError(header))


@staff_required(perm="kitchen.change_acceptance")
def acceptance_edit(request, pk):
    """Correct a delivery line's own values (a typo in the quantity or price): same checks, reason required."""
    campus = request.campus
    line = get_scoped_object_or_404(request, Acceptance, pk=pk, campus=campus)
    initial = {name: getattr(line, name) for name in deliveries.LINE_FIELDS}
    form = DeliveryLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            deliveries.record_acceptance(campus, user=request.user, instance=line, reason=request.POST.get("reason", ""),
                                         supplier=line.supplier, date=line.date, receiver=line.receiver, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Correction saved."))
            return redirect(line)
    return render(request, "kitchen/form.html", {"form": form, "title": _("Correct a delivery line"), "obj": line,
                                                 "back": line.get_absolute_url(), "ask_reason": True})


@staff_required(perm="kitchen.view_acceptance")
def acceptance_detail(request, pk):
    line = get_scoped_object_or_404(request, Acceptance.objects.select_related(
        "supplier", "receiver__staff", "second_receiver__staff", "delivery__override_by__staff"), pk=pk)
    return render(request, "kitchen/acceptance_detail.html", {"line": line, "delivery": line.delivery, "history": history_entries(line)})


@staff_required(perm="kitchen.view_acceptance")
def delivery_detail(request, pk):
    delivery = get_scoped_object_or_404(request, Delivery.objects.select_related(
        "supplier", "receiver__staff", "second_receiver__staff", "override_by__staff"), pk=pk)
    may_override = delivery.refused and request.user.has_perm(deliveries.OVERRIDE_PERMISSION)
    return render(request, "kitchen/delivery_detail.html", {
        "delivery": delivery, "lines": delivery.lines.order_by("id"), "history": history_entries(delivery),
        "override_form": OverrideForm() if may_override else None,
    })


@require_POST
@staff_required(perm=deliveries.OVERRIDE_PERMISSION)
def delivery_override(request, pk):
    delivery = get_scoped_object_or_404(request, Delivery, pk=pk, campus=request.campus)
    form = OverrideForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return post_action(request, lambda: deliveries.override_refused_delivery(delivery, user=request.user, reason=reason),
                       _("Accepted by your override; the reason is shown in the register."), delivery)


# --- food samples ----------------------------------------------------------------------------------


sample_list = register_view(registers.SAMPLES)


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
        with service_call(form) as call:
            saved = services.record_meal_samples(
                campus, user=request.user, date=day, meal=meal, weights=weights, sampled_at=form.cleaned_data["sampled_at"],
                fridge=form.cleaned_data["fridge"], fridge_temp_c=form.cleaned_data["fridge_temp_c"], sampler=request.user,
                reviewer=form.cleaned_data["reviewer"],
            )
        if call.ok:
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
        with service_call(form) as call:
            services.correct_sample(sample, user=request.user, **form.cleaned_data)
        if call.ok:
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


disinfection_list = register_view(registers.DISINFECTION)


def _disinfection_form(request, form, rules, record=None):
    """Save the form's disinfection (new, or a correction of ``record``); the response."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form, fields={"duration_seconds": "minutes"}) as call:
            saved = services.record_disinfection(
                request.campus, user=request.user, date=data["date"], meal=data["meal"], method=data["method"],
                items=data["items"], item_count=data["item_count"], started_at=data["started_at"], operator=data["operator"],
                duration_seconds=form.duration_seconds(), temperature_c=data["temperature_c"],
                chlorine_mg_l=data["chlorine_mg_l"], reason=request.POST.get("reason", ""), instance=record,
            )
        if call.ok:
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
            with service_call(form) as call:
                services.record_staff_meals(campus, date=day, meal=form.cleaned_data["meal"], count=form.cleaned_data["count"],
                                            user=request.user)
            if call.ok:
                messages.success(request, _("Staff meals saved."))
                return redirect(f"{reverse('kitchen:meal_counts')}?date={day.isoformat()}")
    elif request.method == "POST":
        raise Http404
    counts = analysis.meal_counts(campus, day)
    return render(request, "kitchen/meal_counts.html", {"counts": counts, "day": day, "form": form,
                                                        "meal_labels": [Meal(m).label for m in counts.meals]})


purchase = register_view(registers.PURCHASE)
