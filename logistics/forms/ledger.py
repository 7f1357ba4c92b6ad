"""Forms of the ledger pages. Each move form is one line (what a keeper does standing at the shelf);
its choices are the current campus's stores, items and people only."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campus import dates
from campus.models import Classroom, Place, StaffMember

from ..choices import ItemCategory
from ..models import ChemicalCount, Item, LogisticsSettings, Lot, Store

QUANTITY = {"min": "0", "step": "any", "inputmode": "decimal"}


def _campus_staff(campus):
    return StaffMember.objects.filter(campuses=campus, is_active=True).order_by("name")


class SettingsForm(forms.ModelForm):
    """The stores' one settings page: the ledger, the chemicals keeper, purchases and requisitions."""

    witness_categories = forms.MultipleChoiceField(
        label=_("categories issued with a second person present"), required=False,
        choices=ItemCategory.choices, widget=forms.CheckboxSelectMultiple,
        help_text=LogisticsSettings._meta.get_field("witness_categories").help_text,
    )
    approval_categories = forms.MultipleChoiceField(
        label=_("categories whose requisitions need approval"), choices=ItemCategory.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=LogisticsSettings._meta.get_field("approval_categories").help_text,
    )

    class Meta:
        model = LogisticsSettings
        fields = ["near_expiry_days", "chemicals_keeper", "witness_categories", "chemical_check_days",
                  "purchase_second_approval_amount", "approval_categories", "over_receipt_percent"]
        formfield_callback = dates.formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chemicals_keeper"].queryset = _campus_staff(self.instance.campus)


class StoreForm(forms.ModelForm):
    class Meta:
        model = Store
        fields = ["place", "name", "kind", "allow_negative", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(campus=self.instance.campus, is_active=True)
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Blank: the place's name.")


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["name", "category", "specification", "unit", "minimum", "default_store", "price", "tracks_lots",
                  "expiry_required", "needs_witness", "max_per_issue", "is_active"]
        widgets = {"minimum": forms.NumberInput(attrs=QUANTITY), "max_per_issue": forms.NumberInput(attrs=QUANTITY),
                   "price": forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_store"].queryset = Store.objects.filter(campus=self.instance.campus, is_active=True)


class LotField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.item.name} · {obj}"


def _lots_in_stock(campus):
    return Lot.objects.filter(item__campus=campus, balances__quantity__gt=0).select_related("item").distinct().order_by(
        "item__name", "expires_on", "pk")


class _MoveForm(forms.Form):
    """Store, item and quantity, from the current campus."""

    store = forms.ModelChoiceField(label=_("store"), queryset=Store.objects.none())
    item = forms.ModelChoiceField(label=pgettext_lazy("stores", "item"), queryset=Item.objects.none())
    quantity = forms.DecimalField(label=_("quantity"), max_digits=12, decimal_places=3, widget=forms.NumberInput(attrs=QUANTITY))

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        self.campus = campus
        self.fields["store"].queryset = Store.objects.filter(campus=campus, is_active=True)
        self.fields["item"].queryset = Item.objects.filter(campus=campus, is_active=True)


class ReceiveForm(_MoveForm):
    unit_cost = forms.DecimalField(label=_("unit cost (yuan)"), required=False, max_digits=12, decimal_places=4, min_value=0,
                                   help_text=_("Blank: the item's reference price."),
                                   widget=forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}))
    lot_code = forms.CharField(label=_("lot"), max_length=40, required=False,
                               help_text=_("Items kept by lot: the batch number (blank: today's date)."))
    expires_on = dates.DateField(label=_("expiry date"), required=False)
    day = dates.DateField(label=_("date"), required=False, help_text=_("Blank: today."))
    reason = forms.CharField(label=_("reason"), max_length=200, initial=_("Purchase received"))


class IssueForm(_MoveForm):
    lot = LotField(label=_("lot"), queryset=Lot.objects.none(), required=False, help_text=_("Blank: the oldest lot first."))
    to_classroom = forms.ModelChoiceField(label=_("class"), queryset=Classroom.objects.none(), required=False)
    to_person = forms.ModelChoiceField(label=_("received by"), queryset=StaffMember.objects.none(), required=False)
    to_text = forms.CharField(label=_("to (other)"), max_length=60, required=False)
    reason = forms.CharField(label=_("reason"), max_length=200, initial=_("Requisition"))
    witness = forms.ModelChoiceField(label=_("second person present"), queryset=StaffMember.objects.none(), required=False,
                                     help_text=_("Chemicals and disinfectants: the second person present."))
    purpose = forms.CharField(label=_("purpose"), max_length=100, required=False)
    dilution = forms.CharField(label=_("dilution"), max_length=60, required=False)
    keeper_override = forms.CharField(
        label=_("issued in the keeper's absence because"), max_length=200, required=False,
        help_text=_("Chemicals and disinfectants are issued by their named keeper; a director or the logistics head "
                    "may issue them in the keeper's absence, with this reason (shown in the chemicals register)."),
    )

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, campus=campus, **kwargs)
        self.fields["lot"].queryset = _lots_in_stock(campus)
        self.fields["to_classroom"].queryset = Classroom.objects.filter(campus=campus).order_by("name")
        self.fields["to_person"].queryset = self.fields["witness"].queryset = _campus_staff(campus)


class WriteOffForm(_MoveForm):
    lot = LotField(label=_("lot"), queryset=Lot.objects.none(), required=False,
                   help_text=_("Blank: the oldest lot first (expired lots included)."))
    reason = forms.CharField(label=_("reason"), max_length=200, help_text=_("Expired, damaged, lost: say which."))

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, campus=campus, **kwargs)
        self.fields["lot"].queryset = _lots_in_stock(campus)


class TransferForm(_MoveForm):
    to_store = forms.ModelChoiceField(label=_("to store"), queryset=Store.objects.none())
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, campus, stores, **kwargs):
        super().__init__(*args, campus=campus, **kwargs)
        self.fields["to_store"].queryset = stores


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200, help_text=_("What was wrong with this move."))


class ChemicalCountForm(forms.ModelForm):
    class Meta:
        model = ChemicalCount
        fields = ["store", "item", "counted", "note"]
        widgets = {"counted": forms.NumberInput(attrs=QUANTITY)}

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        from ..choices import ItemCategory, StoreKind

        self.fields["store"].queryset = Store.objects.filter(campus=campus, is_active=True).order_by("name").exclude(kind=StoreKind.FOOD)
        self.fields["item"].queryset = Item.objects.filter(campus=campus, is_active=True, category=ItemCategory.CHEMICAL)
        self.fields["item"].label = pgettext_lazy("stores", "item")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Catalogue file (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Please upload an Excel .xlsx file (in Excel or WPS: Save as → .xlsx)."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class KitchenIssueForm(forms.Form):
    """One quantity per item the food store holds (blank: none today), proposed from the day's menu."""

    day = dates.DateField(label=_("date"), required=False, help_text=_("Blank: today."))

    def __init__(self, *args, items, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        lines = proposal.lines if proposal is not None else {}
        for item in items:
            stock = (_("%(qty)s %(unit)s in stock, %(expired)s expired (cannot be issued)") if item.expired_qty
                     else _("%(qty)s %(unit)s in stock")) % {
                "qty": f"{item.qty.normalize():f}", "unit": item.unit, "expired": f"{item.expired_qty.normalize():f}"}
            line = lines.get(item.pk)
            if line is not None:
                menu = (_("Menu: %(kg)s kg for %(dishes)s, more than can be issued") if line.short
                        else _("Menu: %(kg)s kg for %(dishes)s")) % {
                    "kg": f"{(line.need.grams / 1000).normalize():f}", "dishes": "、".join(line.need.dishes)}
                stock = f"{menu} · {stock}"
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=str(item), required=False, min_value=0, max_digits=12, decimal_places=3, help_text=stock,
                widget=forms.NumberInput(attrs=QUANTITY))
