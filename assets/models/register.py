"""The asset register: per-campus settings, the campus's categories, the assets and their photos."""

from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.models import Campus, CampusSettingsBase, Place, StaffMember
from campus.uploads import IMAGE, UploadValidator

from ..choices import AssetStatus, FundingSource, LifeClass, RepairRoute, RepairUrgency, TopCategory

CENT = Decimal("0.01")
LIFE_RULE = _("Straight-line monthly depreciation, no residual value: minimum life per 财会〔2017〕4号 表1.")


def money(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


def life_years(verbose_name, default, help_text=LIFE_RULE):
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, validators=[MinValueValidator(1), MaxValueValidator(100)], help_text=help_text,
    )


class AssetSettings(CampusSettingsBase):
    """Per-campus rules of the asset register, the repairs, the moves and the write-offs."""

    code_prefix = models.CharField(
        _("asset code prefix"), max_length=10, blank=True,
        help_text=_("Printed before the sequence number on every label (e.g. ZX for 中心园). Empty: the campus code in capitals."),
    )
    threshold_general = money(
        _("fixed asset from (general equipment, yuan)"), default=Decimal("1000.00"), validators=[MinValueValidator(0)],
        help_text=_("Items used more than a year worth at least this much each are fixed assets; cheaper ones are low-value "
                    "consumables (事业单位财务规则, 财政部令第68号, Art. 39: ¥1,000; the competent department may set another)."),
    )
    threshold_special = money(
        _("fixed asset from (special equipment, yuan)"), default=Decimal("1500.00"), validators=[MinValueValidator(0)],
        help_text=_("The same threshold for special equipment (事业单位财务规则 Art. 39: ¥1,500)."),
    )
    life_office = life_years(_("life of computers and office equipment (years)"), 6)
    life_vehicle = life_years(_("life of vehicles (years)"), 8)
    life_mechanical = life_years(_("life of mechanical equipment (years)"), 10)
    life_electrical = life_years(_("life of electrical equipment (years)"), 5)
    life_audiovisual = life_years(_("life of communication and audio-visual equipment (years)"), 5)
    life_instrument = life_years(_("life of instruments and meters (years)"), 5)
    life_archive = life_years(_("life of book and archive equipment (years)"), 5)
    life_furniture = life_years(_("life of furniture (years)"), 15)
    life_fittings = life_years(_("life of fittings (years)"), 5)
    life_building = life_years(
        _("life of buildings and structures (years)"), 30,
        help_text=_("财会〔2017〕4号 表1 gives 30 to 50 years by structure (brick and concrete 30)."),
    )
    write_off_second_approval_amount = money(
        _("second approver for write-offs above (yuan)"), default=Decimal("5000.00"), validators=[MinValueValidator(0)],
        help_text=_("A write-off whose original value is above this amount needs a second approver after the director "
                    "(the campus's asset rules)."),
    )
    repairs_go_to = models.CharField(
        _("repair requests go to"), max_length=20, choices=RepairRoute.choices, default=RepairRoute.ASSET_MANAGER,
        help_text=_("Who receives a new repair request and assigns it."),
    )
    repair_hours_urgent = models.PositiveSmallIntegerField(
        _("urgent repairs done within (hours)"), default=24, validators=[MinValueValidator(1), MaxValueValidator(720)],
        help_text=_("Broken beds, chairs and glass are fixed at once (the logistics plans): an urgent request is overdue after this."),
    )
    repair_hours_normal = models.PositiveSmallIntegerField(
        _("normal repairs done within (hours)"), default=72, validators=[MinValueValidator(1), MaxValueValidator(2160)],
        help_text=_("A normal request is overdue after this many hours."),
    )
    repair_hours_low = models.PositiveSmallIntegerField(
        _("repairs that can wait done within (hours)"), default=336, validators=[MinValueValidator(1), MaxValueValidator(8760)],
        help_text=_("A request that can wait is overdue after this many hours (two weeks by default)."),
    )
    loan_days = models.PositiveSmallIntegerField(
        _("default loan length (days)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("A portable item lent (camera, projector, tablet) is due back after this many days unless another date is given."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("asset settings")
        verbose_name_plural = _("asset settings")

    def threshold_for(self, top: str) -> Decimal:
        return self.threshold_special if top == TopCategory.SPECIAL else self.threshold_general

    def life_for(self, life_class: str) -> int:
        """Years of depreciation of ``life_class``; 0 when it is not depreciated."""
        if life_class == LifeClass.NONE:
            return 0
        return getattr(self, f"life_{life_class}")

    def repair_hours(self, urgency: str) -> int:
        return {RepairUrgency.URGENT: self.repair_hours_urgent, RepairUrgency.NORMAL: self.repair_hours_normal}.get(
            urgency, self.repair_hours_low,
        )

    def prefix(self) -> str:
        return self.code_prefix or self.campus.code.upper().replace("-", "")[:10]


class Category(models.Model):
    """The campus's own category under a GB/T 14885 top level (空调 under general equipment)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="asset_categories")
    top = models.CharField(_("GB/T 14885 category"), max_length=12, choices=TopCategory.choices)
    name = models.CharField(_("name"), max_length=50)
    life_class = models.CharField(
        _("depreciation class"), max_length=12, choices=LifeClass.choices, default=LifeClass.OFFICE,
        help_text=_("Which row of the depreciation lives applies (campus settings)."),
    )
    life_years = models.PositiveSmallIntegerField(
        _("life (years)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Only when this category's life differs from its depreciation class."),
    )
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("asset category")
        verbose_name_plural = _("asset categories")
        ordering = ["top", "name"]
        constraints = [models.UniqueConstraint(fields=["campus", "name"], name="asset_category_unique_name")]

    def __str__(self):
        return self.name

    def years(self, asset_settings: AssetSettings) -> int:
        if self.life_class == LifeClass.NONE:
            return 0
        return self.life_years or asset_settings.life_for(self.life_class)


class AssetQuerySet(models.QuerySet):
    def on_register(self):
        """Everything not written off."""
        return self.exclude(status=AssetStatus.DISPOSED)

    def for_lists(self):
        return self.select_related("category", "place", "custodian")


class Asset(models.Model):
    """One line of the fixed-asset book: one item, or a batch of identical durable items (30 beds of
    a class) with a quantity. Its code (campus prefix + sequence) is printed on its label."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="assets")
    sequence = models.PositiveIntegerField(_("sequence number"), editable=False)
    code = models.CharField(_("asset code"), max_length=30, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="assets")
    specification = models.CharField(_("model / specification"), max_length=100, blank=True)
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    purchased_on = models.DateField(_("purchase date"))
    value = money(_("original value (yuan)"), validators=[MinValueValidator(0)],
                  help_text=_("What the whole record cost (all items of a batch)."))
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=10, blank=True, help_text=_("台, 张, 套…"))
    funding_source = models.CharField(_("funding source"), max_length=10, choices=FundingSource.choices, default=FundingSource.FISCAL)
    warranty_until = models.DateField(_("warranty until"), null=True, blank=True)
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="assets")
    custodian = models.ForeignKey(
        StaffMember, verbose_name=_("custodian"), null=True, blank=True, on_delete=models.PROTECT, related_name="assets",
    )
    status = models.CharField(_("status"), max_length=10, choices=AssetStatus.choices, default=AssetStatus.IN_USE)
    is_low_value = models.BooleanField(
        _("low-value consumable"), default=False, editable=False,
        help_text=_("Worth less each than the campus's fixed-asset threshold (a batch of durable furniture or books stays a fixed asset)."),
    )
    disposed_on = models.DateField(_("written off on"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = AssetQuerySet.as_manager()

    campus_path = "campus"

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["campus", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["campus", "sequence"], name="asset_unique_sequence"),
            models.CheckConstraint(condition=Q(value__gte=0), name="asset_value_not_negative"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="asset_quantity_positive"),
            models.CheckConstraint(
                condition=Q(status=AssetStatus.DISPOSED, disposed_on__isnull=False) | (~Q(status=AssetStatus.DISPOSED) & Q(disposed_on__isnull=True)),
                name="asset_disposed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["campus", "status"], name="asset_campus_status"),
            models.Index(fields=["place", "status"], name="asset_place_status"),
            models.Index(fields=["campus", "created_at"], name="asset_campus_created"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return f"{_detail_prefix(get_script_prefix())}{self.pk}/"

    @property
    def unit_value(self) -> Decimal:
        return (self.value / self.quantity).quantize(CENT)

    @property
    def is_disposed(self) -> bool:
        return self.status == AssetStatus.DISPOSED


@lru_cache(maxsize=16)
def _detail_prefix(script_prefix: str) -> str:
    """``/assets/`` of ``/assets/<pk>/``, reversed once per script prefix: lists of hundreds of assets
    (a room, a count) spent a tenth of their time reversing the same pattern row by row."""
    url = reverse("assets:asset_detail", args=[0])
    assert url.endswith("/0/"), url
    return url[:-2]


class AssetPhoto(models.Model):
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="assets/photos/%Y/", validators=[UploadValidator((IMAGE,))])
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    campus_path = "asset__campus"

    class Meta:
        verbose_name = _("asset photo")
        verbose_name_plural = _("asset photos")
        ordering = ["asset", "added_at", "id"]

    def __str__(self):
        return self.caption or self.image.name
