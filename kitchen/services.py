"""Every write of the kitchen but food acceptance (``kitchen.deliveries``), and the reads other apps
use (``accepted_food_cost``, ``accepted_food_lines``). Each write is one transaction with history kept (who, why); bad input
raises ``KitchenError`` (a ``campus.errors.ServiceError``) with a message per field and saves nothing."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from campus.choices import CertificateKind, NoticeKind
from campus.errors import ServiceError, full_clean
from campus.history import save_tracked, update_tracked
from campus.models import Campus, StaffCertificate, StaffMember
from campus.roles import Role, roles_of
from checklists.choices import FollowUpKind
from checklists.services import open_follow_up

from .choices import DisinfectionMethod, Meal, MenuStatus
from .models import (
    CENT,
    Acceptance,
    Dish,
    DishIngredient,
    Disinfection,
    FoodSample,
    KitchenSettings,
    Menu,
    MenuItem,
    StaffMeal,
    Supplier,
    SupplierCertificate,
    Weighing,
    WeighingLine,
)
from .needs import MenuNeed, children_eating, menu_needs  # noqa: E402, F401 (read by logistics: the daily issue)

ABSURD_TEMPERATURE = (Decimal("-40"), Decimal("60"))  # for goods and fridges, ℃
MAX_QUANTITY = Decimal("100000")
MAX_PRICE = Decimal("100000")
MAX_SAMPLE_GRAMS = Decimal("2000")


class KitchenError(ServiceError):
    """Bad kitchen input: nothing saved; ``message_dict`` per field when the service knows it."""


def settings_for(campus) -> KitchenSettings:
    return KitchenSettings.for_campus(campus)


def _raise(errors: dict):
    errors = {key: value for key, value in errors.items() if value}
    if errors:
        raise KitchenError(errors)


def _is_staff_of(user, campus) -> bool:
    return StaffMember.objects.filter(user=user, is_active=True).filter(Q(campuses=campus) | Q(sees_all_campuses=True)).exists()


# --- food cost (read by finance) -----------------------------------------------------------------


def _children_lines(campus, first: dt.date, last: dt.date) -> QuerySet:
    return Acceptance.objects.accepted().for_children().filter(campus=campus, date__range=(first, last))


def accepted_food_cost(campus, first: dt.date, last: dt.date) -> Decimal:
    """The children's canteen food cost: accepted acceptance lines between two dates, in yuan.

    Staff-canteen deliveries and rejected lines are never counted (staff meals are not paid from
    the children's meal fees)."""
    total = _children_lines(campus, first, last).aggregate(total=Sum("amount"))["total"]
    return (total or Decimal("0")).quantize(CENT)


def accepted_food_lines(campus, first: dt.date, last: dt.date) -> QuerySet:
    """The accepted lines of the children's canteen for the monthly disclosure, oldest first.

    Each row is an ``Acceptance`` with ``item`` (product), ``quantity``, ``unit``, ``unit_price``,
    ``amount``, ``supplier_name`` and ``date``; ``supplier`` is selected too."""
    return (
        _children_lines(campus, first, last)
        .select_related("supplier")
        .annotate(item=F("product"), supplier_name=F("supplier__name"))
        .order_by("date", "id")
    )


# --- settings ------------------------------------------------------------------------------------


@transaction.atomic
def update_settings(obj: KitchenSettings, data: dict, user, reason="") -> KitchenSettings:
    """Change the campus's kitchen settings to ``data`` (field values), with who and why."""
    low, high = data.get("fridge_min_c", obj.fridge_min_c), data.get("fridge_max_c", obj.fridge_max_c)
    if low is not None and high is not None and low >= high:
        raise KitchenError({"fridge_max_c": _("The highest fridge temperature must be above the lowest.")})
    return update_tracked(obj, data, user, reason)


# --- suppliers -----------------------------------------------------------------------------------


@transaction.atomic
def save_supplier(supplier: Supplier, user, reason="") -> Supplier:
    return save_tracked(supplier, user, reason, clean=True)


@transaction.atomic
def add_supplier_certificate(certificate: SupplierCertificate, user, reason="") -> SupplierCertificate:
    return save_tracked(certificate, user, reason, clean=True)


def expiring_supplier_papers(campus, day: dt.date, rules=None) -> list[dict]:
    """Supplier licences and certificates expired or expiring within the alert window (two queries)."""
    horizon = day + dt.timedelta(days=(rules or settings_for(campus)).expiry_alert_days)
    rows = []
    for supplier in Supplier.objects.filter(campus=campus, is_active=True, licence_expires_on__lte=horizon):
        rows.append({"supplier": supplier, "certificate": None, "paper": _("Licence"), "expires_on": supplier.licence_expires_on,
                     "expired": supplier.licence_expires_on < day})
    certs = SupplierCertificate.objects.filter(
        supplier__campus=campus, supplier__is_active=True, expires_on__lte=horizon
    ).select_related("supplier")
    for cert in certs:
        rows.append({"supplier": cert.supplier, "certificate": cert, "paper": cert.kind, "expires_on": cert.expires_on,
                     "expired": cert.expires_on < day})
    rows.sort(key=lambda row: row["expires_on"])
    return rows


def send_expiry_alerts(day: dt.date | None = None) -> int:
    """Open a follow-up for the logistics head for each supplier licence or certificate that expires
    within the alert window (or has expired); the follow-up tells them through the notification
    service (kind "supplier papers", so each can choose e-mail for it). Idempotent: each expiry date is claimed once with a
    conditional update, so running it twice (or on two workers) alerts once."""
    day = day or timezone.localdate()
    opened = 0
    for campus in Campus.objects.filter(is_active=True):
        rules = settings_for(campus)
        for paper in expiring_supplier_papers(campus, day, rules):
            supplier, expires = paper["supplier"], paper["expires_on"]
            source = paper["certificate"] or supplier
            claim = type(source).objects.filter(pk=source.pk)
            with transaction.atomic():
                if not claim.exclude(alerted_expiry=expires).update(alerted_expiry=expires):
                    continue
                open_follow_up(
                    campus=campus,
                    title=_("Supplier %(supplier)s: %(paper)s expires on %(day)s") % {"supplier": supplier, "paper": paper["paper"], "day": expires},
                    description=_("Ask the supplier for the renewed document before it expires; do not receive goods after that day."),
                    source=source, assignee_role=Role.LOGISTICS, due=max(day, expires), kind=FollowUpKind.GENERAL,
                    notice_kind=NoticeKind.SUPPLIER_PAPERS,
                )
            opened += 1
    return opened


# --- food samples --------------------------------------------------------------------------------


@transaction.atomic
def record_sample(campus, *, user, date, meal, dish, weight_g, sampled_at, fridge, fridge_temp_c, sampler, reviewer,
                  reason="") -> FoodSample:
    ensure_food_handler(date, user=user, people={"sampler": sampler})
    rules = settings_for(campus)
    errors: dict[str, list] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    if dish.campus_id != campus.pk:
        err("dish", _("This dish belongs to another campus."))
    if weight_g is None or weight_g <= 0:
        err("weight_g", _("The weight must be more than zero."))
    elif weight_g > MAX_SAMPLE_GRAMS:
        err("weight_g", _("This weight is not plausible for a sample; check the unit (grams)."))
    elif weight_g < rules.sample_min_grams:
        err("weight_g", _("A sample must weigh at least %(min)d g (学校食品安全与营养健康管理规定 Art. 40).") % {"min": rules.sample_min_grams})
    if fridge_temp_c is None:
        err("fridge_temp_c", _("Enter the fridge temperature."))
    elif not rules.fridge_min_c <= fridge_temp_c <= rules.fridge_max_c:
        err("fridge_temp_c", _("Samples are kept refrigerated at %(low)s–%(high)s ℃; this fridge is at %(t)s ℃. Use a fridge that is cold enough.")
            % {"low": rules.fridge_min_c, "high": rules.fridge_max_c, "t": fridge_temp_c})
    if not fridge.strip():
        err("fridge", _("Name the dedicated sample fridge."))
    if sampler == reviewer:
        err("reviewer", _("The reviewer must be another person than the one who took the sample."))
    for field, person in (("sampler", sampler), ("reviewer", reviewer)):
        if person is not None and not _is_staff_of(person, campus):
            err(field, _("This person is not on the staff of this campus."))
    now = timezone.now()
    if sampled_at > now + dt.timedelta(minutes=10):
        err("sampled_at", _("The sampling time is in the future."))
    elif timezone.localtime(sampled_at).date() != date:
        err("sampled_at", _("The sampling time must be on the day of the meal."))
    if meal not in rules.served_meals():
        err("meal", _("This campus does not serve that meal."))
    if not errors and FoodSample.objects.filter(campus=campus, date=date, meal=meal, dish=dish).exists():
        err("dish", _("This dish already has a sample for this meal."))
    _raise(errors)
    sample = FoodSample(
        campus=campus, date=date, meal=meal, dish=dish, weight_g=weight_g, sampled_at=sampled_at, fridge=fridge.strip(),
        fridge_temp_c=fridge_temp_c, sampler=sampler, reviewer=reviewer,
        discard_not_before=sampled_at + dt.timedelta(hours=rules.sample_keep_hours),
    )
    try:
        with transaction.atomic():
            return save_tracked(sample, user, reason, clean=True)
    except IntegrityError:  # a second phone saved the same dish at the same moment
        raise KitchenError({"dish": _("This dish already has a sample for this meal.")}) from None


@transaction.atomic
def record_meal_samples(campus, *, user, date, meal, weights: dict, sampled_at, fridge, fridge_temp_c, sampler, reviewer) -> list:
    """All the samples of one meal in one go (``weights`` maps dish to grams). All or nothing: any
    error is reported per field (``weight_<dish id>`` for a dish's weight) and nothing is saved."""
    ensure_food_handler(date, user=user, people={"sampler": sampler})
    errors: dict[str, list] = {}
    saved = []
    for dish, weight in weights.items():
        try:
            with transaction.atomic():
                saved.append(record_sample(
                    campus, user=user, date=date, meal=meal, dish=dish, weight_g=weight, sampled_at=sampled_at,
                    fridge=fridge, fridge_temp_c=fridge_temp_c, sampler=sampler, reviewer=reviewer,
                ))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                key = f"weight_{dish.pk}" if field in ("weight_g", "dish") else field
                for message in messages:
                    if message not in errors.get(key, []):
                        errors.setdefault(key, []).append(message)
    if not weights:
        errors["__all__"] = [_("This meal has no dish to sample.")]
    _raise(errors)
    return saved


@transaction.atomic
def correct_sample(sample: FoodSample, *, user, reason, weight_g, fridge, fridge_temp_c, reviewer) -> FoodSample:
    """Correct a sample's weight, fridge or reviewer (a typo), with the same checks; reason required."""
    rules = settings_for(sample.campus)
    errors: dict[str, list] = {}
    if not reason.strip():
        errors["__all__"] = [_("Say why the record is corrected: the reason is kept in its history.")]
    if weight_g is None or weight_g <= 0 or weight_g > MAX_SAMPLE_GRAMS:
        errors["weight_g"] = [_("This weight is not plausible for a sample; check the unit (grams).")]
    elif weight_g < rules.sample_min_grams:
        errors["weight_g"] = [_("A sample must weigh at least %(min)d g (学校食品安全与营养健康管理规定 Art. 40).") % {"min": rules.sample_min_grams}]
    if fridge_temp_c is None or not rules.fridge_min_c <= fridge_temp_c <= rules.fridge_max_c:
        errors["fridge_temp_c"] = [
            _("Samples are kept refrigerated at %(low)s–%(high)s ℃; this fridge is at %(t)s ℃. Use a fridge that is cold enough.")
            % {"low": rules.fridge_min_c, "high": rules.fridge_max_c, "t": fridge_temp_c}
        ]
    if not fridge.strip():
        errors["fridge"] = [_("Name the dedicated sample fridge.")]
    if reviewer == sample.sampler:
        errors["reviewer"] = [_("The reviewer must be another person than the one who took the sample.")]
    elif not _is_staff_of(reviewer, sample.campus):
        errors["reviewer"] = [_("This person is not on the staff of this campus.")]
    _raise(errors)
    sample.weight_g, sample.fridge, sample.fridge_temp_c, sample.reviewer = weight_g, fridge.strip(), fridge_temp_c, reviewer
    return save_tracked(sample, user, reason, clean=True)


@transaction.atomic
def discard_sample(sample: FoodSample, *, user, when=None, note="") -> FoodSample:
    """Record that a sample was thrown away. Refused before the keep-until time, with the reason."""
    sample = FoodSample.objects.select_for_update().get(pk=sample.pk)
    when = when or timezone.now()
    if sample.discarded_at is not None:
        raise KitchenError(_("This sample was already discarded."))
    if when < sample.discard_not_before:
        rules = settings_for(sample.campus)
        raise KitchenError(
            _("Too early: samples are kept at least %(hours)d hours (学校食品安全与营养健康管理规定 Art. 40). "
              "This one may be discarded from %(when)s.")
            % {"hours": rules.sample_keep_hours, "when": date_format(timezone.localtime(sample.discard_not_before), "Y-m-d H:i")}
        )
    sample.discarded_at, sample.discarded_by, sample.discard_note = when, user, note
    return save_tracked(sample, user, _("Discarded"), clean=True)


# --- tableware disinfection ----------------------------------------------------------------------

# method -> which parameters prove it
REQUIRED_PARAMETERS = {
    DisinfectionMethod.BOILING: ("duration",),
    DisinfectionMethod.STEAM: ("duration",),
    DisinfectionMethod.INFRARED: ("temperature", "duration"),
    DisinfectionMethod.DISHWASHER: ("temperature", "duration"),
    DisinfectionMethod.CHLORINE: ("chlorine", "duration"),
}


def disinfection_rule(rules: KitchenSettings, method: str) -> dict:
    """The minimums for a method: {"seconds": .., "temperature": .., "chlorine": ..} (None when not checked)."""
    return {
        DisinfectionMethod.BOILING: {"seconds": rules.boiling_min_minutes * 60, "temperature": None, "chlorine": None},
        DisinfectionMethod.STEAM: {"seconds": rules.steam_min_minutes * 60, "temperature": None, "chlorine": None},
        DisinfectionMethod.INFRARED: {"seconds": rules.infrared_min_minutes * 60, "temperature": rules.infrared_min_c, "chlorine": None},
        DisinfectionMethod.DISHWASHER: {"seconds": rules.dishwasher_min_seconds, "temperature": rules.dishwasher_min_c, "chlorine": None},
        DisinfectionMethod.CHLORINE: {"seconds": rules.chlorine_min_minutes * 60, "temperature": None, "chlorine": rules.chlorine_min_mg_l},
    }[method]


def describe_rule(rules: KitchenSettings, method: str) -> str:
    rule = disinfection_rule(rules, method)
    parts = []
    if rule["temperature"] is not None:
        parts.append(_("≥%(t)s ℃") % {"t": rule["temperature"]})
    if rule["chlorine"] is not None:
        parts.append(_("≥%(c)s mg/L available chlorine") % {"c": rule["chlorine"]})
    seconds = rule["seconds"]
    parts.append(_("≥%(n)d s") % {"n": seconds} if seconds < 60 else _("≥%(n)d min") % {"n": seconds // 60})
    return ", ".join(parts)


def _anomaly(rules, method, seconds, temperature, chlorine) -> str:
    rule = disinfection_rule(rules, method)
    problems = []
    if rule["seconds"] is not None and seconds is not None and seconds < rule["seconds"]:
        problems.append(_("time below the rule"))
    if rule["temperature"] is not None and temperature is not None and temperature < rule["temperature"]:
        problems.append(_("temperature below the rule"))
    if rule["chlorine"] is not None and chlorine is not None and chlorine < rule["chlorine"]:
        problems.append(_("chlorine below the rule"))
    if not problems:
        return ""
    return _("%(problems)s (rule: %(rule)s)") % {"problems": "; ".join(problems), "rule": describe_rule(rules, method)}


@transaction.atomic
def record_disinfection(campus, *, user, date, meal, method, items, item_count, started_at, operator,
                        duration_seconds=None, temperature_c=None, chlorine_mg_l=None, reason="",
                        instance: Disinfection | None = None) -> Disinfection:
    """Record one disinfection, or correct one (``instance``, with the reason kept in its history).
    A missing parameter or an absurd value is refused; a value below the rule for the method is
    saved as an anomaly and opens a follow-up (a correction that clears the anomaly keeps the
    follow-up, which is closed the usual way, with a second person verifying)."""
    if instance is None:
        ensure_food_handler(date, user=user, people={"operator": operator})
    rules = settings_for(campus)
    errors: dict[str, list] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    if instance is not None and not reason.strip():
        err("__all__", _("Say why the record is corrected: the reason is kept in its history."))

    if method not in DisinfectionMethod.values:
        err("method", _("Choose a disinfection method."))
    else:
        needed = REQUIRED_PARAMETERS[method]
        if "duration" in needed and duration_seconds is None:
            err("duration_seconds", _("Enter how long it ran: this is what proves the disinfection."))
        if "temperature" in needed and temperature_c is None:
            err("temperature_c", _("Enter the temperature: this is what proves the disinfection."))
        if "chlorine" in needed and chlorine_mg_l is None:
            err("chlorine_mg_l", _("Enter the available chlorine (mg/L): this is what proves the disinfection."))
    if duration_seconds is not None and not 0 < duration_seconds <= 6 * 3600:
        err("duration_seconds", _("This duration is not plausible."))
    if temperature_c is not None and not Decimal("0") < temperature_c <= Decimal("300"):
        err("temperature_c", _("This temperature is not plausible."))
    if chlorine_mg_l is not None and not 0 < chlorine_mg_l <= 5000:
        err("chlorine_mg_l", _("This concentration is not plausible (1–5000 mg/L)."))
    if item_count is None or item_count <= 0:
        err("item_count", _("Enter how many items were disinfected."))
    if meal not in rules.served_meals():
        err("meal", _("This campus does not serve that meal."))
    if date > timezone.localdate():
        err("date", _("Disinfection cannot be recorded for a future day."))
    if operator is not None and not _is_staff_of(operator, campus):
        err("operator", _("This person is not on the staff of this campus."))
    _raise(errors)
    record = instance or Disinfection(campus=campus)
    record.date, record.meal, record.method, record.items, record.item_count = date, meal, method, items, item_count
    record.duration_seconds, record.temperature_c, record.chlorine_mg_l = duration_seconds, temperature_c, chlorine_mg_l
    record.started_at, record.operator = started_at, operator
    record.anomaly = _anomaly(rules, method, duration_seconds, temperature_c, chlorine_mg_l)
    save_tracked(record, user, reason, clean=True)
    if record.anomaly and record.follow_up_id is None:
        follow_up = _open_follow_up(record, user)
        record.follow_up = follow_up
        record.save(update_fields=["follow_up"])
    return record


def _open_follow_up(record: Disinfection, user):
    """Open a follow-up (checklists app) for a disinfection below the rule, in the same transaction."""
    return open_follow_up(
        campus=record.campus,
        title=_("Tableware disinfection below the rule: %(date)s %(meal)s") % {"date": record.date, "meal": record.get_meal_display()},
        description=_("%(method)s, %(items)s × %(count)d: %(anomaly)s. Disinfect again and check the equipment.")
        % {"method": record.get_method_display(), "items": record.items, "count": record.item_count, "anomaly": record.anomaly},
        source=record,
        assignee=record.operator,
        due=record.date,
        created_by=user,
        kind=FollowUpKind.GENERAL,
    )


# --- staff health certificates -------------------------------------------------------------------

# Food handling (食品安全法 Art. 45: staff without a valid health certificate may not do work that
# touches food eaten directly). These records are food handling, and each of their services calls
# ``ensure_food_handler``: receiving a delivery (acceptance, ``deliveries.record_delivery`` and
# ``record_acceptance``), taking food samples (``record_sample``, ``record_meal_samples``), tableware
# disinfection (``record_disinfection``, new records) and weighing a meal's ingredients
# (``record_weighing``). Not food handling: correcting a typo in a record, discarding a sample after
# its time, staff meal counts, dishes, menus, the nutrition analysis and the supplier register.
# Food handlers are the staff in the cook role; a health teacher or logistics head who co-signs a
# record is not one. A cook with no certificate on file is flagged on the kitchen page
# (``kitchen_staff_without_valid_certificate``) but not refused: a campus starting with Houqin may
# not have entered its certificates yet; an expired certificate is refused.


def health_certificate_expires_on(user) -> dt.date | None:
    """The latest expiry of the user's health certificates (None when there is none), one query."""
    return StaffCertificate.objects.filter(staff__user=user, kind=CertificateKind.HEALTH).aggregate(
        latest=Max("expires_on"))["latest"]


def is_food_handler(user) -> bool:
    return user is not None and Role.COOK.value in roles_of(user)


def own_certificate_problem(user, day: dt.date) -> str:
    """What a cook is told, in the second person, when their health certificate had expired on
    ``day`` (on their home page, the kitchen page, and when they try to record); "" otherwise."""
    if not is_food_handler(user):
        return ""
    expires = health_certificate_expires_on(user)
    if expires is not None and expires < day:
        return _("Your health certificate expired on %(day)s: until it is renewed you may not handle food, nor record "
                 "deliveries, food samples, tableware disinfection or weighed meals (食品安全法 Art. 45).") % {"day": expires}
    return ""


def ensure_food_handler(day: dt.date, *, user, people: dict | None = None) -> None:
    """Refuse (``KitchenError``) a food-handling record on ``day`` when the cook recording it, or a
    cook named on it (``people``: field name -> user, e.g. the receiver), has no valid health
    certificate on that day. The one who records is told in the second person."""
    errors: dict[str, list] = {}
    own = own_certificate_problem(user, day)
    if own:
        errors["__all__"] = [own]
    for field, person in (people or {}).items():
        if person is None or person == user or not is_food_handler(person):
            continue
        expires = health_certificate_expires_on(person)
        if expires is not None and expires < day:
            name = getattr(getattr(person, "staff", None), "name", None) or person.get_username()
            errors.setdefault(field, []).append(
                _("%(name)s has no valid health certificate and may not handle food (食品安全法 Art. 45).") % {"name": name}
            )
    _raise(errors)


def kitchen_staff_without_valid_certificate(campus, day: dt.date) -> list:
    """Cooks of the campus whose food-worker health certificate has expired (or who have none), one query.

    Each StaffMember gets ``health_expires_on`` (None when there is no certificate)."""
    staff = (
        StaffMember.objects.filter(campuses=campus, is_active=True, user__groups__name=Role.COOK.value)
        .annotate(health_expires_on=Max("certificates__expires_on", filter=Q(certificates__kind=CertificateKind.HEALTH)))
        .filter(Q(health_expires_on__isnull=True) | Q(health_expires_on__lt=day))
        .order_by("name")
        .distinct()
    )
    return list(staff)


def kitchen_certificates(campus) -> QuerySet:
    return StaffCertificate.objects.filter(
        staff__campuses=campus, staff__is_active=True, staff__user__groups__name=Role.COOK.value, kind=CertificateKind.HEALTH
    ).select_related("staff")


# --- dishes and menus ----------------------------------------------------------------------------


@transaction.atomic
def save_dish(dish: Dish, lines: list[dict], user, reason="") -> Dish:
    """Save a dish and replace its ingredient lines ({ingredient, grams_nursery, ...})."""
    seen = set()
    for line in lines:
        if line["ingredient"].pk in seen:
            raise KitchenError(_("%(ingredient)s is listed twice.") % {"ingredient": line["ingredient"]})
        seen.add(line["ingredient"].pk)
    save_tracked(dish, user, reason, clean=True)
    DishIngredient.objects.filter(dish=dish).delete()
    rows = [DishIngredient(dish=dish, **line) for line in lines]
    for row in rows:
        full_clean(row, exclude=["dish"])
    bulk_create_with_history(rows, DishIngredient, default_user=user, default_change_reason=reason)
    return dish


def week_start_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def save_menu(campus, week_start: dt.date, entries: dict, user, notes="", reason="") -> Menu:
    """Create or replace a week's menu. ``entries`` maps ``(date, meal)`` to a list of dish ids.

    A dish id that does not exist (or belongs to another campus), a day outside the week or a meal
    the campus does not serve is refused; nothing is saved then."""
    if week_start.weekday() != 0:
        raise KitchenError({"week_start": _("A weekly menu starts on a Monday.")})
    served = settings_for(campus).served_meals()
    wanted_ids = {dish_id for dish_ids in entries.values() for dish_id in dish_ids}
    dishes = {dish.pk: dish for dish in Dish.objects.filter(campus=campus, is_active=True, pk__in=wanted_ids)}
    missing = sorted(str(dish_id) for dish_id in wanted_ids - set(dishes))
    if missing:
        raise KitchenError(_("The menu refers to dishes that do not exist: %(ids)s.") % {"ids": ", ".join(missing)})
    for day, meal in entries:
        if not week_start <= day <= week_start + dt.timedelta(days=6):
            raise KitchenError(_("%(day)s is not in this week.") % {"day": day})
        if meal not in served:
            raise KitchenError(_("This campus does not serve %(meal)s.") % {"meal": Meal(meal).label})
    menu = Menu.objects.select_for_update().filter(campus=campus, week_start=week_start).first()
    if menu is None:
        menu = Menu(campus=campus, week_start=week_start)
    menu.notes = notes
    save_tracked(menu, user, reason, clean=True)
    MenuItem.objects.filter(menu=menu).delete()
    items = [
        MenuItem(menu=menu, date=day, meal=meal, dish=dishes[dish_id])
        for (day, meal), dish_ids in sorted(entries.items())
        for dish_id in dict.fromkeys(dish_ids)
    ]
    bulk_create_with_history(items, MenuItem, default_user=user, default_change_reason=reason)
    return menu


@transaction.atomic
def publish_menu(menu: Menu, user) -> Menu:
    menu = Menu.objects.select_for_update().get(pk=menu.pk)
    if not menu.items.exists():
        raise KitchenError(_("An empty menu cannot be published."))
    menu.status, menu.published_at, menu.published_by = MenuStatus.PUBLISHED, timezone.now(), user
    return save_tracked(menu, user, _("Published"), clean=True)


@transaction.atomic
def unpublish_menu(menu: Menu, user, reason) -> Menu:
    if not reason.strip():
        raise KitchenError(_("Say why the menu is taken back."))
    menu = Menu.objects.select_for_update().get(pk=menu.pk)
    menu.status = MenuStatus.DRAFT
    return save_tracked(menu, user, reason, clean=True)


# --- staff meals -----------------------------------------------------------------------------------


@transaction.atomic
def record_staff_meals(campus, *, date, meal, count, user, reason="") -> StaffMeal:
    if meal not in settings_for(campus).served_meals():
        raise KitchenError({"meal": _("This campus does not serve that meal.")})
    if count is None or count < 0 or count > 1000:
        raise KitchenError({"count": _("Enter a number of staff meals between 0 and 1000.")})
    row = StaffMeal.objects.select_for_update().filter(campus=campus, date=date, meal=meal).first()
    if row is None:
        row = StaffMeal(campus=campus, date=date, meal=meal, count=count, recorded_by=user)
    elif row.count == count:
        return row
    row.count, row.recorded_by = count, user
    return save_tracked(row, user, reason, clean=True)


def ensure_campus(obj, campus: Campus):
    if obj.campus_id != campus.pk:
        raise KitchenError(_("This record belongs to another campus."))


# --- ingredients -------------------------------------------------------------------------------------

REQUIRED_INGREDIENT_COLUMNS = ["code", "name_zh", "energy_kcal", "protein_g", "fat_g", "carb_g", "source"]
MAX_INGREDIENT_ROWS = 10000  # the national table has about 1,800 foods


def read_ingredient_table(content: bytes, filename: str):
    """A tablib Dataset from csv or xlsx bytes, headers normalised to our column names."""
    import tablib

    from campus.spreadsheets import read_xlsx_dataset

    from .resources import normalise_header

    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            dataset = read_xlsx_dataset(content, max_rows=MAX_INGREDIENT_ROWS + 1)  # zip-bomb checks, a parse with a memory and time ceiling
        elif name.endswith(".csv"):
            dataset = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
        else:
            raise KitchenError(_("Upload an .xlsx or .csv file."))
    except UnicodeDecodeError:
        raise KitchenError(_("The CSV file is not UTF-8 text; save it as “CSV UTF-8” and upload it again.")) from None
    except ServiceError:
        raise
    except ValidationError as exc:  # the spreadsheet reader's refusal (too big, not a workbook)
        raise KitchenError(exc.error_list) from None
    except Exception:  # noqa: BLE001 - any parser failure is a bad file for the user
        raise KitchenError(_("This file could not be read as a table.")) from None
    if len(dataset) > MAX_INGREDIENT_ROWS:
        raise KitchenError(_("The table has more than %(max)d rows; split it.") % {"max": MAX_INGREDIENT_ROWS})
    dataset.headers = [normalise_header(header) for header in dataset.headers or []]
    missing = [column for column in REQUIRED_INGREDIENT_COLUMNS if column not in dataset.headers]
    if missing:
        raise KitchenError(_("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
    return dataset


def import_ingredients(dataset, *, dry_run: bool, user=None, reason=""):
    """Import (or preview) ingredient rows, matched by code. All or nothing: when any row has an
    error, nothing is saved and the result lists the errors per row."""
    from .resources import IngredientResource

    resource = IngredientResource()
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True,
            user=user, reason=reason,
        )
        if result.has_errors() or result.has_validation_errors():
            transaction.set_rollback(True)
    return result


def import_errors(result) -> list[tuple[int, str]]:
    """[(row number as in the file, message)] of an import result."""
    rows = []
    for invalid in result.invalid_rows:
        for field_name, messages in invalid.error_dict.items():
            for message in messages:
                rows.append((invalid.number + 1, f"{field_name}: {message}" if field_name != "__all__" else str(message)))
    for number, errors in result.row_errors():
        for error in errors:
            rows.append((number + 1, str(error.error)))
    return sorted(rows)


@transaction.atomic
def save_ingredient(ingredient, user, reason=""):
    return save_tracked(ingredient, user, reason, clean=True)


# --- weighed meals (diet survey) ---------------------------------------------------------------------


@transaction.atomic
def record_weighing(campus, *, date, meal, children, leftover_pct, lines, user, reason="") -> Weighing:
    """Save (or replace) a weighed meal: ``lines`` is [(ingredient, raw grams used for all children)]."""
    ensure_food_handler(date, user=user)
    errors: dict[str, list] = {}
    if meal not in settings_for(campus).served_meals():
        errors["meal"] = [_("This campus does not serve that meal.")]
    if date > timezone.localdate():
        errors["date"] = [_("A meal cannot be weighed before it is served.")]
    if not children or children < 1:
        errors["children"] = [_("Enter how many children ate.")]
    if leftover_pct is None or not Decimal("0") <= leftover_pct <= Decimal("90"):
        errors["leftover_pct"] = [_("The share left over must be between 0 and 90 %.")]
    seen = set()
    for ingredient, grams in lines:
        if ingredient.pk in seen:
            errors.setdefault("__all__", []).append(_("%(ingredient)s is listed twice.") % {"ingredient": ingredient})
        seen.add(ingredient.pk)
        if grams is None or grams <= 0:
            errors.setdefault("__all__", []).append(_("%(ingredient)s: the weight must be more than zero.") % {"ingredient": ingredient})
    if not lines:
        errors.setdefault("__all__", []).append(_("Enter at least one ingredient."))
    _raise(errors)
    weighing = Weighing.objects.select_for_update().filter(campus=campus, date=date, meal=meal).first()
    if weighing is None:
        weighing = Weighing(campus=campus, date=date, meal=meal)
    weighing.children, weighing.leftover_pct, weighing.recorded_by = children, leftover_pct, user
    save_tracked(weighing, user, reason, clean=True)
    WeighingLine.objects.filter(weighing=weighing).delete()
    rows = [WeighingLine(weighing=weighing, ingredient=ingredient, raw_grams=grams) for ingredient, grams in lines]
    for row in rows:
        full_clean(row, exclude=["weighing"])
    bulk_create_with_history(rows, WeighingLine, default_user=user, default_change_reason=reason)
    return weighing
