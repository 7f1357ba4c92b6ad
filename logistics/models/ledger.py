"""The stores ledger: stores (a storage place of a campus), the item catalogue, lots with expiry
dates, the append-only stock moves and the current balance per store × item × lot.

A move is never changed or deleted (the model refuses, and the database refuses with triggers: see
migration 0002); a wrong move is corrected by a reversing move. The balance row of a store × item ×
lot is updated in the same transaction as each move, under a row lock (``services.ledger``), so a
page reads balances without summing the history."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from campus.models import Campus, CampusSettingsBase, Classroom, Place, StaffMember

from ..choices import ItemCategory, MoveKind, StoreKind
from ..errors import AppendOnly

ZERO = Decimal("0")


def quantity_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=3, **kwargs)


def money(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


def default_witness_categories():
    return [ItemCategory.CHEMICAL.value]


def default_approval_categories():
    return ["teaching", "bedding", "medical", "chemical"]


class LogisticsSettings(CampusSettingsBase):
    """The stores' one settings row per campus: the ledger (expiry, the chemicals keeper and their
    count), the purchase requests and the requisitions."""

    near_expiry_days = models.PositiveSmallIntegerField(
        _("near expiry: days before"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Lots expiring within this many days are flagged on the balance list and in the daily alert "
                    "(食品安全法 Art. 54: food past its date is checked and cleared regularly)."),
    )
    chemicals_keeper = models.ForeignKey(
        StaffMember, verbose_name=_("keeper of chemicals and disinfectants"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("One named person keeps disinfectants and hazardous chemicals "
                    "(中小学幼儿园安全管理办法 Art. 22; 专人管理)."),
    )
    witness_categories = models.JSONField(
        _("categories issued with a second person present"), default=default_witness_categories, blank=True,
        help_text=_("Issues of items in these categories name a second person present (双人双锁 practice for "
                    "hazardous chemicals). Items can also ask for it one by one."),
    )
    chemical_check_days = models.PositiveSmallIntegerField(
        _("chemicals count: every (days)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("How often the keeper counts the chemicals cabinet against the balance (weekly by default)."),
    )
    # purchase requests and requisitions
    purchase_second_approval_amount = money(
        _("second approver above (yuan)"), default=Decimal("2000.00"), validators=[MinValueValidator(ZERO)],
        help_text=_("Purchase requests whose estimated total is above this amount need a second approver, as "
                    "reimbursement claims do (the campus's financial rules: 申购 → 园长审批)."),
    )
    approval_categories = models.JSONField(
        _("categories whose requisitions need approval"), default=default_approval_categories, blank=True,
        help_text=_("A requisition with an item of these categories waits for the director's approval before it is "
                    "issued; others go straight to the store keeper (洗涤用品专人负责，领用时履行手续)."),
    )
    over_receipt_percent = models.PositiveSmallIntegerField(
        _("receipt above the order allowed (%)"), default=0, validators=[MaxValueValidator(100)],
        help_text=_("Receiving more than was ordered is refused unless the receiver says why; this margin is allowed "
                    "without a reason (goods sold by the pack)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stores settings")
        verbose_name_plural = _("stores settings")


class Store(models.Model):
    """A storage place of a campus (the general store, the food store, the chemicals cabinet)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="stores")
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=StoreKind.choices, default=StoreKind.GENERAL)
    allow_negative = models.BooleanField(
        _("allow negative stock"), default=False,
        help_text=_("Off: an issue of more than is in stock is refused. On only for a store whose receipts are "
                    "sometimes recorded after the goods are used."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        ordering = ["campus", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["campus", "name"], name="logistics_store_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("logistics:store", args=[self.pk])


class Item(models.Model):
    """One entry of a campus's catalogue."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    category = models.CharField(_("category"), max_length=10, choices=ItemCategory.choices)
    unit = models.CharField(_("unit"), max_length=10)
    specification = models.CharField(_("specification"), max_length=60, blank=True)
    minimum = quantity_field(_("minimum level"), default=ZERO, validators=[MinValueValidator(ZERO)],
                             help_text=_("Below this the item is flagged and the keeper is told."))
    default_store = models.ForeignKey(Store, verbose_name=_("store"), null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    tracks_lots = models.BooleanField(_("by lot"), default=False, help_text=_("Each receipt is a lot; the oldest is issued first."))
    expiry_required = models.BooleanField(_("expiry date required"), default=False,
                                          help_text=_("Each receipt states the expiry date (food, medicine, disinfectant)."))
    price = money(_("reference price"), null=True, blank=True, validators=[MinValueValidator(ZERO)])
    needs_witness = models.BooleanField(_("second person present"), default=False,
                                        help_text=_("Each issue names a second person present."))
    max_per_issue = quantity_field(_("most per issue"), null=True, blank=True, validators=[MinValueValidator(ZERO)],
                                   help_text=_("An issue of more than this is refused (disinfectants: a limited amount each time)."))
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = pgettext_lazy("stores", "item")  # 物品, not finance's fee item (项目)
        verbose_name_plural = pgettext_lazy("stores", "items")
        ordering = ["campus", "category", "name", "specification"]
        constraints = [
            models.UniqueConstraint(fields=["campus", "name", "specification"], name="logistics_item_unique_name"),
        ]
        indexes = [models.Index(fields=["campus", "category", "name"])]

    def __str__(self):
        return f"{self.name}（{self.specification}）" if self.specification else self.name

    def get_absolute_url(self):
        return reverse("logistics:item", args=[self.pk])

    @property
    def uses_lots(self) -> bool:
        return self.tracks_lots or self.expiry_required


class Lot(models.Model):
    item = models.ForeignKey(Item, verbose_name=pgettext_lazy("stores", "item"), on_delete=models.PROTECT, related_name="lots")
    code = models.CharField(_("lot"), max_length=40)
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    received_on = models.DateField(_("received on"), default=timezone.localdate)

    campus_path = "item__campus"

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["item", "expires_on", "received_on", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "code", "expires_on"], name="logistics_lot_unique")]

    def __str__(self):
        return f"{self.code} ({self.expires_on})" if self.expires_on else self.code


class StockMoveQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Stock moves are never changed; add a reversing move.")

    def delete(self):
        raise AppendOnly("Stock moves are never deleted; add a reversing move.")


class StockMove(models.Model):
    """One movement of stock, append-only. ``quantity`` and ``value`` are signed: positive into the
    store, negative out of it."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    store = models.ForeignKey(Store, verbose_name=_("store"), on_delete=models.PROTECT, related_name="moves")
    item = models.ForeignKey(Item, verbose_name=pgettext_lazy("stores", "item"), on_delete=models.PROTECT, related_name="moves")
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), null=True, blank=True, on_delete=models.PROTECT, related_name="moves")
    kind = models.CharField(_("kind"), max_length=12, choices=MoveKind.choices)
    day = models.DateField(_("date"), default=timezone.localdate)
    quantity = quantity_field(_("quantity"))
    unit_cost = models.DecimalField(_("unit cost"), max_digits=14, decimal_places=4, default=ZERO)
    value = money(_("value"))
    reason = models.CharField(_("reason"), max_length=200)
    # who took it (issues): a class, a person, or words
    to_classroom = models.ForeignKey(Classroom, verbose_name=_("class"), null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    to_person = models.ForeignKey(StaffMember, verbose_name=_("received by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    to_text = models.CharField(_("to"), max_length=60, blank=True)
    # hazardous chemicals and disinfectants
    witness = models.ForeignKey(StaffMember, verbose_name=_("second person present"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=100, blank=True)
    dilution = models.CharField(_("dilution"), max_length=60, blank=True)
    keeper_override = models.CharField(
        _("issued in the keeper's absence because"), max_length=200, blank=True,
        help_text=_("Chemicals and disinfectants are issued by their named keeper; a director or the logistics head "
                    "may issue them in the keeper's absence, with this reason (shown in the chemicals register)."),
    )
    # the document it belongs to (a receipt note, a requisition, a stocktake...)
    document_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    document_id = models.PositiveBigIntegerField(null=True, blank=True)
    document = GenericForeignKey("document_type", "document_id")
    pair = models.OneToOneField("self", verbose_name=_("other leg"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    reverses = models.OneToOneField("self", verbose_name=_("reverses"), null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = StockMoveQuerySet.as_manager()

    campus_path = "campus"

    class Meta:
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        ordering = ["-day", "-id"]
        permissions = [("issue_chemicals_for_keeper",
                        _("Can issue chemicals and disinfectants in the keeper's absence (with a reason)"))]
        indexes = [
            models.Index(fields=["campus", "day", "id"], name="logistics_move_campus_day"),
            models.Index(fields=["item", "day", "id"], name="logistics_move_item_day"),
            models.Index(fields=["store", "day", "id"], name="logistics_move_store_day"),
            models.Index(fields=["document_type", "document_id"], name="logistics_move_document"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="logistics_move_quantity_not_zero"),
            models.CheckConstraint(condition=~Q(reason=""), name="logistics_move_has_reason"),
            models.CheckConstraint(
                condition=~Q(kind=MoveKind.REVERSAL) | Q(reverses__isnull=False), name="logistics_reversal_has_original",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[MoveKind.RECEIPT, MoveKind.TRANSFER_IN]) | Q(quantity__gt=0),
                name="logistics_inbound_positive",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[MoveKind.ISSUE, MoveKind.TRANSFER_OUT, MoveKind.WRITE_OFF]) | Q(quantity__lt=0),
                name="logistics_outbound_negative",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.get_kind_display()} {self.item_id} {self.quantity}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("Stock moves are never changed; add a reversing move.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Stock moves are never deleted; add a reversing move.")

    @property
    def recipient(self) -> str:
        parts = [str(x) for x in (self.to_classroom, self.to_person) if x] + ([self.to_text] if self.to_text else [])
        return "、".join(parts)


class Balance(models.Model):
    """What a store holds of an item (and lot) now, and its value: kept by the services in the same
    transaction as each move, under a row lock."""

    store = models.ForeignKey(Store, verbose_name=_("store"), on_delete=models.PROTECT, related_name="balances")
    item = models.ForeignKey(Item, verbose_name=pgettext_lazy("stores", "item"), on_delete=models.PROTECT, related_name="balances")
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), null=True, blank=True, on_delete=models.PROTECT, related_name="balances")
    quantity = quantity_field(_("quantity"), default=ZERO)
    value = money(_("value"), default=ZERO)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    campus_path = "store__campus"

    class Meta:
        verbose_name = _("balance")
        verbose_name_plural = _("balances")
        ordering = ["store", "item", "lot"]
        constraints = [
            models.UniqueConstraint(fields=["store", "item", "lot"], condition=Q(lot__isnull=False),
                                    name="logistics_balance_unique_lot"),
            models.UniqueConstraint(fields=["store", "item"], condition=Q(lot__isnull=True),
                                    name="logistics_balance_unique_no_lot"),
        ]
        indexes = [models.Index(fields=["item", "store"], name="logistics_balance_item")]

    def __str__(self):
        return f"{self.store_id}/{self.item_id}/{self.lot_id}: {self.quantity}"

    @property
    def unit_cost(self) -> Decimal:
        return (self.value / self.quantity) if self.quantity else ZERO


class ChemicalCount(models.Model):
    """The keeper's regular count of a hazardous chemical or disinfectant against the balance at that
    moment; a difference is flagged (and settled by an adjustment with its reason)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    store = models.ForeignKey(Store, verbose_name=_("store"), on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, verbose_name=pgettext_lazy("stores", "item"), on_delete=models.PROTECT, related_name="chemical_counts")
    day = models.DateField(_("date"), default=timezone.localdate)
    counted = quantity_field(_("counted"), validators=[MinValueValidator(ZERO)])
    balance = quantity_field(_("balance on the books"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    counted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("counted by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("chemicals count")
        verbose_name_plural = _("chemicals counts")
        ordering = ["-day", "-id"]

    def __str__(self):
        return f"{self.day} {self.item_id} {self.counted}"

    @property
    def difference(self) -> Decimal:
        return self.counted - self.balance
