"""The canteen: suppliers and their certificates, food acceptance (进货查验), food samples (留样),
tableware disinfection, ingredients, dishes, weekly menus, staff meals and the kitchen's settings.

Regulation numbers come from ``/work/shared/domain-facts.md`` sections 1-3 and 6 and live on
``KitchenSettings`` (one row per campus), each with the rule it follows in its help text.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.models import Campus, CampusSettingsBase
from campus.uploads import IMAGE, PDF, UploadValidator

from .choices import (
    AcceptanceResult,
    Canteen,
    DeliveryStatus,
    DisinfectionMethod,
    DriEdition,
    Meal,
    MenuStatus,
)

CENT = Decimal("0.01")


class KitchenSettings(CampusSettingsBase):
    sample_min_grams = models.PositiveSmallIntegerField(
        _("minimum sample weight (g)"), default=125, validators=[MinValueValidator(125), MaxValueValidator(1000)],
        help_text=_("At least 125 g of every dish at every meal, per 学校食品安全与营养健康管理规定 (2019) Art. 40; a site may raise it."),
    )
    sample_keep_hours = models.PositiveSmallIntegerField(
        _("keep samples for (hours)"), default=48, validators=[MinValueValidator(48), MaxValueValidator(720)],
        help_text=_("Samples are kept at least 48 h, per 学校食品安全与营养健康管理规定 (2019) Art. 40."),
    )
    fridge_min_c = models.DecimalField(
        _("sample fridge lowest ℃"), max_digits=4, decimal_places=1, default=Decimal("0"),
        help_text=_("Cold storage 0–8 ℃ (冷藏; GB 31654-2021 says ≤8 ℃; some local rules say 0–4 ℃ or 0–10 ℃)."),
    )
    fridge_max_c = models.DecimalField(
        _("sample fridge highest ℃"), max_digits=4, decimal_places=1, default=Decimal("8"),
        help_text=_("Cold storage 0–8 ℃ (冷藏; GB 31654-2021 says ≤8 ℃; some local rules say 0–4 ℃ or 0–10 ℃)."),
    )
    boiling_min_minutes = models.PositiveSmallIntegerField(
        _("boiling: minimum minutes"), default=15,
        help_text=_("Boil 15 min from when the water boils, per 托儿所幼儿园卫生保健工作规范 (2012) 附件3."),
    )
    steam_min_minutes = models.PositiveSmallIntegerField(
        _("steam: minimum minutes"), default=10,
        help_text=_("Steam 10 min, per 托儿所幼儿园卫生保健工作规范 (2012) 附件3."),
    )
    infrared_min_c = models.PositiveSmallIntegerField(
        _("infrared cabinet: minimum ℃"), default=120, help_text=_("120 ℃ for ≥10 min, per 餐饮服务食品安全操作规范 (2018)."),
    )
    infrared_min_minutes = models.PositiveSmallIntegerField(
        _("infrared cabinet: minimum minutes"), default=10, help_text=_("120 ℃ for ≥10 min, per 餐饮服务食品安全操作规范 (2018)."),
    )
    dishwasher_min_c = models.PositiveSmallIntegerField(
        _("dishwasher: minimum ℃"), default=85, help_text=_("85 ℃ for ≥40 s (older and local rules; the 2018 规范 refers to the national standard)."),
    )
    dishwasher_min_seconds = models.PositiveSmallIntegerField(
        _("dishwasher: minimum seconds"), default=40, help_text=_("85 ℃ for ≥40 s (older and local rules; the 2018 规范 refers to the national standard)."),
    )
    chlorine_min_mg_l = models.PositiveSmallIntegerField(
        _("chlorine: minimum mg/L"), default=250, help_text=_("250 mg/L available chlorine, fully immersed, ≥5 min, per 餐饮服务食品安全操作规范 (2018)."),
    )
    chlorine_min_minutes = models.PositiveSmallIntegerField(
        _("chlorine: minimum minutes"), default=5, help_text=_("250 mg/L available chlorine, fully immersed, ≥5 min, per 餐饮服务食品安全操作规范 (2018)."),
    )
    bulk_two_receivers = models.BooleanField(
        _("two receivers for bulk goods"), default=True,
        help_text=_("Bulk ingredients are checked by two or more people together (双人或多人联检), per the 大宗食材采购验收指引."),
    )
    expiry_alert_days = models.PositiveSmallIntegerField(
        _("alert days before a licence expires"), default=30, validators=[MaxValueValidator(365)],
        help_text=_("Supplier licences and certificates are flagged this many days before they expire."),
    )
    serves_breakfast = models.BooleanField(_("serves breakfast"), default=True)
    serves_lunch = models.BooleanField(_("serves lunch"), default=True)
    serves_snack = models.BooleanField(_("serves afternoon snack"), default=True)
    serves_supper = models.BooleanField(_("serves supper"), default=False)
    breakfast_due = models.TimeField(_("breakfast records due by"), default=dt.time(9, 0))
    lunch_due = models.TimeField(_("lunch records due by"), default=dt.time(12, 30))
    snack_due = models.TimeField(_("snack records due by"), default=dt.time(15, 30))
    supper_due = models.TimeField(_("supper records due by"), default=dt.time(18, 0))
    acceptance_due = models.TimeField(
        _("deliveries recorded by"), default=dt.time(10, 0), help_text=_("Deliveries of the day should be recorded by this time."),
    )
    dri_edition = models.CharField(
        _("DRI edition"), max_length=4, choices=DriEdition.choices, default=DriEdition.DRI_2013,
        help_text=_("Reference intakes used by the nutrition analysis: the 2013 Chinese DRIs by default."),
    )
    dri_target_pct = models.PositiveSmallIntegerField(
        _("energy and protein target (percent of the DRIs)"), default=80, validators=[MinValueValidator(50), MaxValueValidator(100)],
        help_text=_("Day-care kindergartens: energy and protein at least 80 percent of the DRIs (boarding: 90 percent)."),
    )
    dri_day_share_pct = models.PositiveSmallIntegerField(
        _("share of the day's intake the meals cover (%)"), default=100, validators=[MinValueValidator(30), MaxValueValidator(100)],
        help_text=_("100: the menu is compared with the full-day DRIs. Some local rules compare a day-care menu with 70 percent of the "
                    "full-day standard; set that here if your bureau asks for it."),
    )
    meal_split_tolerance_pct = models.PositiveSmallIntegerField(
        _("meal split tolerance (± percentage points)"), default=5, validators=[MaxValueValidator(15)],
        help_text=_("Energy between meals: breakfast 30 %, lunch 40 %, afternoon snack and supper 30 %; a meal within "
                    "this many points of its share passes."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kitchen settings")
        verbose_name_plural = _("kitchen settings")

    def served_meals(self) -> list[str]:
        return [meal for meal in Meal.values if getattr(self, f"serves_{meal}")]

    def due_time(self, meal: str) -> dt.time:
        return getattr(self, f"{meal}_due")


class Supplier(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    licence_no = models.CharField(_("licence number"), max_length=60, help_text=_("Food business licence (食品经营许可证) or production licence."))
    licence_expires_on = models.DateField(_("licence expires on"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    alerted_expiry = models.DateField(_("expiry alert sent for"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["campus", "name"], name="kitchen_supplier_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("kitchen:supplier_detail", args=[self.pk])

    def licence_valid_on(self, day) -> bool:
        return self.licence_expires_on >= day


class SupplierCertificate(models.Model):
    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("certificate"), max_length=60, help_text=_("e.g. business licence, quarantine certificate, inspection report"))
    number = models.CharField(_("number"), max_length=60, blank=True)
    expires_on = models.DateField(_("expires on"))
    scan = models.FileField(_("scan"), upload_to="kitchen/certificates/%Y/", blank=True,
                            validators=[UploadValidator((IMAGE, PDF))])
    alerted_expiry = models.DateField(_("expiry alert sent for"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    campus_path = "supplier__campus"

    class Meta:
        verbose_name = _("supplier certificate")
        verbose_name_plural = _("supplier certificates")
        ordering = ["expires_on"]

    def __str__(self):
        return f"{self.supplier} {self.kind}"


class Delivery(models.Model):
    """One delivery at the kitchen door (进货查验): a supplier, a time, the receivers, and its lines
    (``Acceptance`` rows, one per product). ``status`` is derived from the lines by the service.

    A delivery from a supplier whose licence had expired on the day received is refused (拒收) with
    the reason, every line rejected and no cost to the canteen account; only a director
    (``kitchen.override_acceptance``) may accept it afterwards, with a reason kept here and shown in
    the register (``override_by``, ``override_at``, ``override_reason``)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date received"))
    received_at = models.TimeField(_("time received"), null=True, blank=True)
    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="+")
    canteen = models.CharField(_("canteen"), max_length=10, choices=Canteen.choices, default=Canteen.CHILDREN)
    receiver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("receiver"), on_delete=models.PROTECT, related_name="+")
    second_receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("second receiver"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    certificates_checked = models.BooleanField(_("certificates checked"), default=False)
    certificates_note = models.CharField(_("certificates seen"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.ACCEPTED)
    refusal_reason = models.CharField(_("refused because"), max_length=200, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by override of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    override_at = models.DateTimeField(_("override at"), null=True, blank=True)
    override_reason = models.CharField(_("override reason"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["campus", "date"])]
        permissions = [("override_acceptance", _("Can accept a refused delivery (director's override)"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(override_by__isnull=True) | (~Q(override_reason="") & Q(override_at__isnull=False)),
                name="kitchen_delivery_override_reason",
            ),
            models.CheckConstraint(
                condition=Q(second_receiver__isnull=True) | ~Q(second_receiver=F("receiver")), name="kitchen_delivery_two_people"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.supplier}"

    def get_absolute_url(self):
        return reverse("kitchen:delivery_detail", args=[self.pk])

    @property
    def refused(self) -> bool:
        """Refused for the supplier's licence and not (yet) accepted by a director."""
        return bool(self.refusal_reason) and self.override_by_id is None

    @staticmethod
    def derive_status(results) -> str:
        results = set(results)
        if results == {AcceptanceResult.ACCEPTED}:
            return DeliveryStatus.ACCEPTED
        if AcceptanceResult.ACCEPTED in results:
            return DeliveryStatus.PARTLY
        return DeliveryStatus.REJECTED


class AcceptanceQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(result=AcceptanceResult.ACCEPTED)

    def for_children(self):
        return self.filter(canteen=Canteen.CHILDREN)


class Acceptance(models.Model):
    """One line of a delivery checked at the kitchen door (进货查验记录), per 食品安全法 Art. 50 and 53.

    Date, supplier, canteen, receivers and certificates are the delivery's, copied onto each line by
    the service so the registers and the canteen account read one table."""

    delivery = models.ForeignKey(Delivery, verbose_name=_("delivery"), on_delete=models.PROTECT, related_name="lines")
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date received"))
    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="deliveries")
    canteen = models.CharField(_("canteen"), max_length=10, choices=Canteen.choices, default=Canteen.CHILDREN)
    product = models.CharField(_("product"), max_length=100)
    specification = models.CharField(_("specification"), max_length=60, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, default="kg")
    unit_price = models.DecimalField(_("unit price (yuan)"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    production_date = models.DateField(_("production date"), null=True, blank=True)
    batch_no = models.CharField(_("batch number"), max_length=60, blank=True)
    shelf_life = models.CharField(_("shelf life"), max_length=30, blank=True, help_text=_("e.g. 3 days, 12 months"))
    certificates_checked = models.BooleanField(_("certificates checked"), default=False)
    certificates_note = models.CharField(_("certificates seen"), max_length=100, blank=True, help_text=_("e.g. quarantine certificate, inspection report"))
    sensory_ok = models.BooleanField(_("sensory check passed"), default=True)
    chilled = models.BooleanField(_("chilled or frozen goods"), default=False)
    temperature_c = models.DecimalField(_("temperature (℃)"), max_digits=4, decimal_places=1, null=True, blank=True)
    bulk = models.BooleanField(_("bulk goods"), default=False)
    result = models.CharField(_("result"), max_length=10, choices=AcceptanceResult.choices, default=AcceptanceResult.ACCEPTED)
    reject_reason = models.CharField(_("reason for rejection"), max_length=200, blank=True)
    receiver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("receiver"), on_delete=models.PROTECT, related_name="+")
    second_receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("second receiver"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supplier_licence_expired = models.BooleanField(
        _("supplier licence had expired"), default=False, help_text=_("Set when the supplier's licence had expired on the day received.")
    )
    licence_refused = models.BooleanField(
        _("refused for the supplier's licence"), default=False, editable=False,
        help_text=_("Rejected only because the supplier's licence had expired: a director's override accepts it."),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = AcceptanceQuerySet.as_manager()

    campus_path = "campus"

    class Meta:
        verbose_name = _("food acceptance")
        verbose_name_plural = _("food acceptance")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["campus", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="kitchen_acceptance_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="kitchen_acceptance_price_not_negative"),
            models.CheckConstraint(
                condition=Q(result=AcceptanceResult.ACCEPTED) | ~Q(reject_reason=""), name="kitchen_acceptance_reject_reason"
            ),
            models.CheckConstraint(
                condition=Q(second_receiver__isnull=True) | ~Q(second_receiver=F("receiver")), name="kitchen_acceptance_two_people"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.product}"

    def get_absolute_url(self):
        return reverse("kitchen:acceptance_detail", args=[self.pk])

    @staticmethod
    def compute_amount(quantity, unit_price) -> Decimal:
        return (Decimal(quantity) * Decimal(unit_price)).quantize(CENT, rounding=ROUND_HALF_UP)


class Dish(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("dish")
        verbose_name_plural = _("dishes")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["campus", "name"], name="kitchen_dish_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("kitchen:dish_detail", args=[self.pk])


class Ingredient(models.Model):
    """A food with its composition per 100 g edible portion. One table shared by the campuses of a
    group (reference data, not a campus record); every row names its source. An empty
    micronutrient means "not analysed in the source", not zero."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    category = models.CharField(_("category"), max_length=30, blank=True)
    edible_pct = models.DecimalField(
        _("edible portion (%)"), max_digits=5, decimal_places=1, default=Decimal("100"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
    )
    energy_kcal = models.DecimalField(_("energy (kcal)"), max_digits=7, decimal_places=1, validators=[MinValueValidator(0)])
    protein_g = models.DecimalField(_("protein (g)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    fat_g = models.DecimalField(_("fat (g)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    carb_g = models.DecimalField(_("carbohydrate (g)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    calcium_mg = models.DecimalField(_("calcium (mg)"), max_digits=7, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)])
    iron_mg = models.DecimalField(_("iron (mg)"), max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)])
    zinc_mg = models.DecimalField(_("zinc (mg)"), max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)])
    vit_a_ug_rae = models.DecimalField(_("vitamin A (µg RAE)"), max_digits=7, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)])
    vit_c_mg = models.DecimalField(_("vitamin C (mg)"), max_digits=6, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)])
    quality_protein = models.BooleanField(_("high-quality protein"), default=False, help_text=_("Animal or soy protein."))
    store_name = models.CharField(
        _("name in the food store"), max_length=60, blank=True,
        help_text=_("The food store's item for this ingredient, when its name differs (e.g. 面粉 for 小麦粉(标准粉)): "
                    "the kitchen's daily issue is proposed from the menu through it."),
    )
    source = models.CharField(_("source"), max_length=100)
    source_ref = models.CharField(_("source reference"), max_length=400, blank=True)
    history = HistoricalRecords()

    campus_path = None  # shared reference data of the whole group

    class Meta:
        verbose_name = _("ingredient")
        verbose_name_plural = _("ingredients")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(edible_pct__gt=0) & Q(edible_pct__lte=100), name="kitchen_ingredient_edible_pct"),
        ]

    def __str__(self):
        return self.name_zh


class DishIngredient(models.Model):
    """Raw weight (as bought, 生重) of an ingredient per child per serving, by age group."""

    dish = models.ForeignKey(Dish, verbose_name=_("dish"), on_delete=models.CASCADE, related_name="ingredients")
    ingredient = models.ForeignKey(Ingredient, verbose_name=_("ingredient"), on_delete=models.PROTECT, related_name="+")
    grams_nursery = models.DecimalField(_("g, nursery"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(500)])
    grams_small = models.DecimalField(_("g, small class"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(500)])
    grams_middle = models.DecimalField(_("g, middle class"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(500)])
    grams_large = models.DecimalField(_("g, large class"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(500)])
    history = HistoricalRecords()

    campus_path = "dish__campus"

    class Meta:
        verbose_name = _("dish ingredient")
        verbose_name_plural = _("dish ingredients")
        ordering = ["dish", "id"]
        constraints = [models.UniqueConstraint(fields=["dish", "ingredient"], name="kitchen_dish_ingredient_unique")]

    def __str__(self):
        return f"{self.dish} {self.ingredient}"

    def grams_for(self, grade: str) -> Decimal:
        return getattr(self, f"grams_{grade}")


class Menu(models.Model):
    """A week's menu (带量食谱), Monday to Sunday, published to staff and parents."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    week_start = models.DateField(_("week starting (Monday)"))
    status = models.CharField(_("status"), max_length=10, choices=MenuStatus.choices, default=MenuStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("weekly menu")
        verbose_name_plural = _("weekly menus")
        ordering = ["-week_start"]
        constraints = [models.UniqueConstraint(fields=["campus", "week_start"], name="kitchen_menu_one_per_week")]

    def __str__(self):
        return str(_("Menu of the week of %(day)s") % {"day": self.week_start.isoformat()})

    def get_absolute_url(self):
        return reverse("kitchen:menu_detail", args=[self.pk])

    @property
    def week_end(self):
        return self.week_start + dt.timedelta(days=6)


class MenuItem(models.Model):
    menu = models.ForeignKey(Menu, verbose_name=_("menu"), on_delete=models.CASCADE, related_name="items")
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    dish = models.ForeignKey(Dish, verbose_name=_("dish"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    campus_path = "menu__campus"

    class Meta:
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")
        ordering = ["date", "meal", "id"]
        constraints = [models.UniqueConstraint(fields=["menu", "date", "meal", "dish"], name="kitchen_menu_item_unique")]

    def __str__(self):
        return f"{self.date} {self.get_meal_display()} {self.dish}"


class FoodSample(models.Model):
    """One sample (留样) of one dish at one meal, per 学校食品安全与营养健康管理规定 Art. 40."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    dish = models.ForeignKey(Dish, verbose_name=_("dish"), on_delete=models.PROTECT, related_name="+")
    weight_g = models.DecimalField(_("weight (g)"), max_digits=6, decimal_places=1)
    sampled_at = models.DateTimeField(_("sampled at"))
    fridge = models.CharField(_("sample fridge"), max_length=40)
    fridge_temp_c = models.DecimalField(_("fridge temperature (℃)"), max_digits=4, decimal_places=1)
    sampler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sampled by"), on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT, related_name="+")
    discard_not_before = models.DateTimeField(_("keep until"))
    discarded_at = models.DateTimeField(_("discarded at"), null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("discarded by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    discard_note = models.CharField(_("discard note"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("food sample")
        verbose_name_plural = _("food samples")
        ordering = ["-date", "meal", "dish__name"]
        indexes = [models.Index(fields=["campus", "date"])]
        constraints = [
            models.UniqueConstraint(fields=["campus", "date", "meal", "dish"], name="kitchen_sample_one_per_dish_meal"),
            models.CheckConstraint(condition=Q(weight_g__gt=0), name="kitchen_sample_weight_positive"),
            models.CheckConstraint(condition=~Q(sampler=F("reviewer")), name="kitchen_sample_two_people"),
            models.CheckConstraint(
                condition=Q(discarded_at__isnull=True) | Q(discarded_at__gte=F("discard_not_before")), name="kitchen_sample_kept_long_enough"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.get_meal_display()} {self.dish}"

    def get_absolute_url(self):
        return reverse("kitchen:sample_detail", args=[self.pk])


class Disinfection(models.Model):
    """Tableware disinfection for one meal, with the parameter that proves it."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    method = models.CharField(_("method"), max_length=12, choices=DisinfectionMethod.choices)
    items = models.CharField(_("items"), max_length=100, help_text=_("e.g. bowls, spoons, plates"))
    item_count = models.PositiveIntegerField(_("count"), validators=[MinValueValidator(1), MaxValueValidator(10000)])
    duration_seconds = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True)
    temperature_c = models.DecimalField(_("temperature (℃)"), max_digits=5, decimal_places=1, null=True, blank=True)
    chlorine_mg_l = models.PositiveIntegerField(_("available chlorine (mg/L)"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"))
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="+")
    anomaly = models.CharField(_("below the rule"), max_length=200, blank=True)
    follow_up = models.ForeignKey(
        "checklists.FollowUp", verbose_name=_("follow-up"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("tableware disinfection")
        verbose_name_plural = _("tableware disinfection")
        ordering = ["-date", "meal", "-id"]
        indexes = [models.Index(fields=["campus", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_seconds__isnull=False) | Q(temperature_c__isnull=False) | Q(chlorine_mg_l__isnull=False),
                name="kitchen_disinfection_has_parameter",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.get_meal_display()} {self.get_method_display()}"

    def get_absolute_url(self):
        return reverse("kitchen:disinfection_detail", args=[self.pk])

    @property
    def duration_minutes(self):
        if self.duration_seconds is None:
            return None
        return Decimal(self.duration_seconds) / 60


class StaffMeal(models.Model):
    """Staff meals counted apart from the children's (never paid from the children's meal fees)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    count = models.PositiveSmallIntegerField(_("staff meals"), validators=[MaxValueValidator(1000)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("staff meal count")
        verbose_name_plural = _("staff meal counts")
        ordering = ["-date", "meal"]
        constraints = [models.UniqueConstraint(fields=["campus", "date", "meal"], name="kitchen_staff_meal_unique")]

    def __str__(self):
        return f"{self.date} {self.get_meal_display()} {self.count}"


class Weighing(models.Model):
    """A meal weighed for the diet survey (称重法): raw ingredients used for all the children who
    ate, and the share left over. When entered, the nutrition analysis uses it instead of the menu."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    children = models.PositiveSmallIntegerField(_("children who ate"), validators=[MinValueValidator(1), MaxValueValidator(2000)])
    leftover_pct = models.DecimalField(
        _("left over (%)"), max_digits=4, decimal_places=1, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("90"))],
        help_text=_("Cooked food left over, weighed, as a share of what was served."),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("weighed meal")
        verbose_name_plural = _("weighed meals")
        ordering = ["-date", "meal"]
        constraints = [models.UniqueConstraint(fields=["campus", "date", "meal"], name="kitchen_weighing_unique")]

    def __str__(self):
        return f"{self.date} {self.get_meal_display()}"


class WeighingLine(models.Model):
    weighing = models.ForeignKey(Weighing, verbose_name=_("weighed meal"), on_delete=models.CASCADE, related_name="lines")
    ingredient = models.ForeignKey(Ingredient, verbose_name=_("ingredient"), on_delete=models.PROTECT, related_name="+")
    raw_grams = models.DecimalField(_("raw weight used (g)"), max_digits=9, decimal_places=1,
                                    validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("500000"))])
    history = HistoricalRecords()

    campus_path = "weighing__campus"

    class Meta:
        verbose_name = _("weighed ingredient")
        verbose_name_plural = _("weighed ingredients")
        constraints = [models.UniqueConstraint(fields=["weighing", "ingredient"], name="kitchen_weighing_line_unique")]

    def __str__(self):
        return f"{self.weighing} {self.ingredient}"
from .models_feedback import MealFeedback  # noqa: E402, F401
from .models_photos import MealPhoto  # noqa: E402, F401
