"""Forms of the stores flows: purchase requests and receipts, requisitions and issues, class kits,
stocktakes and the flow settings. They validate what a person typed; the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campus import dates
from campus.models import Classroom

from .models.flows import ReceiptCondition
from .models.ledger import Item, Store

NUM = {"inputmode": "decimal"}


def quantity_field(label, required=True, **kwargs):
    return forms.DecimalField(label=label, max_digits=12, decimal_places=3, min_value=Decimal("0"), required=required,
                              widget=forms.NumberInput(attrs=NUM), **kwargs)


def price_field(label, required=True):
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=Decimal("0"), required=required,
                              widget=forms.NumberInput(attrs=NUM))


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj}（{obj.unit}）"


def items_of(campus):
    return Item.objects.filter(campus=campus, is_active=True).order_by("category", "name")


def stores_of(campus):
    return Store.objects.filter(campus=campus, is_active=True).order_by("kind", "name")


class BaseLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, campus=None, **kwargs):
        self.campus = campus
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "campus": self.campus}

    def filled(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.has_changed() and form.cleaned_data]


# --- purchase requests ----------------------------------------------------------------------------


class PurchaseRequestForm(forms.Form):
    title = forms.CharField(label=_("what for"), max_length=120)
    store = forms.ModelChoiceField(label=_("received into"), queryset=Store.objects.none())
    supplier = forms.CharField(label=_("supplier"), max_length=100, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, campus, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores_of(campus)
        first = self.fields["store"].queryset.first()
        if first is not None and not self.is_bound:
            self.initial.setdefault("store", first.pk)


class PurchaseLineForm(forms.Form):
    item = ItemChoiceField(label=pgettext_lazy("stores", "item"), queryset=Item.objects.none(), required=False)
    description = forms.CharField(label=_("or, not in the catalogue"), max_length=100, required=False)
    unit = forms.CharField(label=_("unit"), max_length=10, required=False)
    quantity = quantity_field(_("quantity"), required=False)
    estimated_price = price_field(_("estimated unit price (yuan)"), required=False)
    reason = forms.CharField(label=_("why it is needed"), max_length=200, required=False)

    def __init__(self, *args, campus=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items_of(campus)


PurchaseLineFormSet = forms.formset_factory(PurchaseLineForm, formset=BaseLineFormSet, extra=4, max_num=40)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)


class OrderForm(forms.Form):
    supplier = forms.CharField(label=_("supplier"), max_length=100, required=False)


class ReceiptLineForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    item = ItemChoiceField(label=_("goes into stock as"), queryset=Item.objects.none(), required=False)
    quantity = quantity_field(_("received"), required=False)
    returned = quantity_field(_("sent back"), required=False)
    condition = forms.ChoiceField(label=_("condition"), choices=ReceiptCondition.choices, initial=ReceiptCondition.GOOD)
    unit_price = price_field(_("unit price (yuan)"), required=False)
    over_reason = forms.CharField(label=_("why more than ordered"), max_length=200, required=False)
    lot = forms.CharField(label=_("lot"), max_length=40, required=False)
    expires_on = dates.DateField(label=_("expiry date"), required=False)

    def __init__(self, *args, campus=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items_of(campus)


ReceiptLineFormSet = forms.formset_factory(ReceiptLineForm, formset=BaseLineFormSet, extra=0, max_num=60)


class ReceiptForm(forms.Form):
    note = forms.CharField(label=_("note"), max_length=200, required=False)


# --- requisitions ---------------------------------------------------------------------------------


class RequisitionForm(forms.Form):
    classroom = forms.ModelChoiceField(label=_("for the class"), queryset=Classroom.objects.none(), required=False)
    department = forms.CharField(label=_("or for a department or person"), max_length=60, required=False)
    store = forms.ModelChoiceField(label=_("from the store"), queryset=Store.objects.none())
    needed_on = dates.DateField(label=_("needed by"), required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, campus, classrooms, *args, classes_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores_of(campus)
        self.fields["classroom"].queryset = classrooms
        first = self.fields["store"].queryset.first()
        if not self.is_bound:
            if first is not None:
                self.initial.setdefault("store", first.pk)
            if classes_only and len(classrooms) == 1:
                self.initial.setdefault("classroom", classrooms[0].pk)
        if classes_only:  # a class teacher asks for her own classes only
            del self.fields["department"]
            self.fields["classroom"].required = True


class RequisitionLineForm(forms.Form):
    item = ItemChoiceField(label=pgettext_lazy("stores", "item"), queryset=Item.objects.none(), required=False)
    quantity = quantity_field(_("quantity"), required=False)

    def __init__(self, *args, campus=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items_of(campus)


RequisitionLineFormSet = forms.formset_factory(RequisitionLineForm, formset=BaseLineFormSet, extra=4, max_num=40)


class KitForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=60)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class KitIssueForm(forms.Form):
    store = forms.ModelChoiceField(label=_("from the store"), queryset=Store.objects.none())
    classrooms = forms.ModelMultipleChoiceField(label=_("classes"), queryset=Classroom.objects.none(),
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, campus, classrooms, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores_of(campus)
        self.fields["classrooms"].queryset = classrooms
        if not self.is_bound:
            first = self.fields["store"].queryset.first()
            self.initial.setdefault("store", first.pk if first else None)
            self.initial.setdefault("classrooms", [c.pk for c in classrooms])


# --- stocktakes -----------------------------------------------------------------------------------


class StocktakeStartForm(forms.Form):
    store = forms.ModelChoiceField(label=_("store"), queryset=Store.objects.none())
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, campus, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores_of(campus)
