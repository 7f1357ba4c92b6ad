"""The kitchen's registers (campus.registers): suppliers, food acceptance, food samples, tableware
disinfection and the week's purchase quantities."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campus.money import Yuan
from campus.people import display_name
from campus.registers import NONE, WEEK, AddLink, Column, Filter, Register

from . import analysis, services
from .choices import Meal
from .models import Acceptance, Disinfection, FoodSample, Supplier


def yes_no(value) -> str:
    return _("yes") if value else _("no")


def _hm(value, fmt="%H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""


def _blank_none(value):
    return "" if value is None else value


MEAL_FILTER = Filter("meal", gettext_lazy("Meal"), lambda request: Meal.choices, "meal")


# --- suppliers ------------------------------------------------------------------------------------


def _supplier_context(request, period, objects):
    rules = services.settings_for(request.campus)
    return {"papers": services.expiring_supplier_papers(request.campus, period.last, rules),
            "alert_days": rules.expiry_alert_days}


SUPPLIERS = Register(
    title=gettext_lazy("Supplier register"), model=Supplier, permission="kitchen.view_supplier", dated=NONE,
    prefetch_related=("certificates",), order_by=("-is_active", "name"),
    columns=[
        Column(gettext_lazy("Supplier"), lambda s: s.name),
        Column(gettext_lazy("Licence number"), lambda s: s.licence_no),
        Column(gettext_lazy("Licence expires on"), lambda s: s.licence_expires_on),
        Column(gettext_lazy("Certificates"),
               lambda s: "；".join(f"{c.kind} {c.number} ({c.expires_on})" for c in s.certificates.all())),
        Column(gettext_lazy("Contact"), lambda s: f"{s.contact} {s.address}".strip()),
        Column(gettext_lazy("Phone"), lambda s: s.phone),
    ],
    link=lambda s: s.get_absolute_url(), add=AddLink("kitchen:supplier_add", gettext_lazy("Add supplier"), "kitchen.add_supplier"),
    intro="kitchen/_register_suppliers.html", context=_supplier_context, filename="suppliers",
)


# --- food acceptance ------------------------------------------------------------------------------


def _acceptance_context(request, period, objects):
    return {"food_cost": services.accepted_food_cost(request.campus, period.first, period.last)}


def override_text(delivery) -> str:
    """A director's override of a refused delivery, for the register cell: who, when, why."""
    if delivery.override_by_id is None:
        return ""
    return _("%(who)s %(when)s: %(reason)s") % {
        "who": display_name(delivery.override_by), "when": f"{timezone.localtime(delivery.override_at):%Y-%m-%d %H:%M}",
        "reason": delivery.override_reason}


def _result(line) -> str:
    """验收结果 with the reason of a rejection (a refused delivery's reason already says 拒收)."""
    shown = line.get_result_display()
    if not line.reject_reason or line.reject_reason.startswith(shown):
        return line.reject_reason or shown
    return f"{shown}：{line.reject_reason}"


ACCEPTANCE = Register(
    title=gettext_lazy("Food acceptance register"), model=Acceptance, permission="kitchen.view_acceptance",
    date_field="date", order_by=("date", "id"),
    select_related=("supplier", "receiver__staff", "second_receiver__staff", "delivery__override_by__staff"),
    columns=[
        Column(gettext_lazy("Date"), lambda a: a.date),
        Column(gettext_lazy("Supplier"), lambda a: a.supplier.name + (" ⚠" if a.supplier_licence_expired else "")),
        Column(gettext_lazy("Product"), lambda a: a.product),
        Column(gettext_lazy("Specification"), lambda a: a.specification),
        Column(gettext_lazy("Quantity"), lambda a: f"{a.quantity} {a.unit}"),
        Column(gettext_lazy("Unit price"), lambda a: Yuan(a.unit_price)),
        Column(gettext_lazy("Amount"), lambda a: Yuan(a.amount)),
        Column(gettext_lazy("Production date / batch"),
               lambda a: " / ".join(str(v) for v in (a.production_date, a.batch_no) if v)),
        Column(gettext_lazy("Shelf life"), lambda a: a.shelf_life),
        Column(gettext_lazy("Certificates"),
               lambda a: yes_no(a.certificates_checked) + (f" {a.certificates_note}" if a.certificates_note else "")),
        Column(gettext_lazy("Sensory"), lambda a: _("passed") if a.sensory_ok else _("failed")),
        Column(gettext_lazy("Temperature ℃"), lambda a: _blank_none(a.temperature_c)),
        Column(gettext_lazy("Result"), _result),
        Column(gettext_lazy("Receivers"),
               lambda a: "、".join(p for p in (display_name(a.receiver), display_name(a.second_receiver)) if p)),
        Column(gettext_lazy("Canteen"), lambda a: a.get_canteen_display()),
        Column(gettext_lazy("Director's override"), lambda a: override_text(a.delivery)),
    ],
    link=lambda a: a.get_absolute_url(),
    add=AddLink("kitchen:acceptance_add", gettext_lazy("Record a delivery"), "kitchen.add_acceptance"),
    intro="kitchen/_register_acceptance.html", context=_acceptance_context, filename="acceptance",
)


# --- food samples ---------------------------------------------------------------------------------


def _sample_context(request, period, objects):
    missing = analysis.missing_samples(request.campus, period.first, period.last)
    return {"missing": [(d, Meal(m).label, dish) for d, m, dish in missing], "rules": services.settings_for(request.campus)}


SAMPLES = Register(
    title=gettext_lazy("Food sample register"), model=FoodSample, permission="kitchen.view_foodsample",
    date_field="date", select_related=("dish", "sampler__staff", "reviewer__staff", "discarded_by__staff"),
    order_by=("date", "meal", "dish__name"), filters=[MEAL_FILTER],
    columns=[
        Column(gettext_lazy("Date"), lambda s: s.date),
        Column(gettext_lazy("Meal"), lambda s: s.get_meal_display()),
        Column(gettext_lazy("Dish"), lambda s: s.dish.name),
        Column(gettext_lazy("Weight (g)"), lambda s: s.weight_g),
        Column(gettext_lazy("Sampled at"), lambda s: _hm(s.sampled_at)),
        Column(gettext_lazy("Fridge / ℃"), lambda s: f"{s.fridge} / {s.fridge_temp_c}"),
        Column(gettext_lazy("Sampled by"), lambda s: display_name(s.sampler)),
        Column(gettext_lazy("Reviewed by"), lambda s: display_name(s.reviewer)),
        Column(gettext_lazy("Keep until"), lambda s: _hm(s.discard_not_before, "%m-%d %H:%M")),
        Column(gettext_lazy("Discarded"),
               lambda s: f"{_hm(s.discarded_at, '%m-%d %H:%M')} {display_name(s.discarded_by)}" if s.discarded_at else ""),
    ],
    link=lambda s: s.get_absolute_url(), intro="kitchen/_register_samples.html", context=_sample_context,
    filename="samples",
)


# --- tableware disinfection -----------------------------------------------------------------------


def _duration(seconds) -> str:
    if not seconds:
        return ""
    if seconds < 60:
        return _("%(n)d s") % {"n": seconds}
    return _("%(n)s min") % {"n": round(seconds / 60, 1)}


DISINFECTION = Register(
    title=gettext_lazy("Tableware disinfection register"), model=Disinfection, permission="kitchen.view_disinfection",
    date_field="date", select_related=("operator__staff",), order_by=("date", "meal", "id"), filters=[MEAL_FILTER],
    columns=[
        Column(gettext_lazy("Date"), lambda r: r.date),
        Column(gettext_lazy("Meal"), lambda r: r.get_meal_display()),
        Column(gettext_lazy("Method"), lambda r: r.get_method_display()),
        Column(gettext_lazy("Items × count"), lambda r: f"{r.items} × {r.item_count}"),
        Column(gettext_lazy("Duration"), lambda r: _duration(r.duration_seconds)),
        Column(gettext_lazy("Temperature ℃"), lambda r: _blank_none(r.temperature_c)),
        Column(gettext_lazy("Chlorine mg/L"), lambda r: r.chlorine_mg_l or ""),
        Column(gettext_lazy("Started at"), lambda r: _hm(r.started_at)),
        Column(gettext_lazy("Operator"), lambda r: display_name(r.operator)),
        Column(gettext_lazy("Below the rule"), lambda r: r.anomaly),
    ],
    link=lambda r: r.get_absolute_url(),
    add=AddLink("kitchen:disinfection_add", gettext_lazy("Record disinfection"), "kitchen.add_disinfection"),
    filename="disinfection",
)


# --- purchase quantities (computed from the week's menu) ------------------------------------------


@dataclass
class _Plan:
    lines: list
    expected: dict


def _purchase_source(request, period):
    lines, expected, _days = analysis.purchase_plan(request.campus, period.first)
    return _Plan(lines, expected)


def _purchase_columns(period):
    days = [period.first + dt.timedelta(days=n) for n in range((period.last - period.first).days + 1)]
    return [
        Column(gettext_lazy("Ingredient"), lambda line: line.ingredient.name_zh),
        *[Column(f"{day:%m-%d}", lambda line, day=day: line.per_day.get(day, "")) for day in days],
        Column(gettext_lazy("Total (kg)"), lambda line: line.total_kg),
    ]


def _purchase_context(request, period, plan):
    return {"expected": [(label, plan.expected[value]) for value, label in analysis.Grade.choices]}


PURCHASE = Register(
    title=gettext_lazy("Purchase quantities"), permission="kitchen.view_menu", dated=WEEK, source=_purchase_source,
    rows=lambda plan: plan.lines, columns=_purchase_columns, intro="kitchen/_register_purchase.html",
    context=_purchase_context, filename="purchase",
)
