import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus import dates
from campus.choices import Grade

from .choices import Canteen, DisinfectionMethod, DriEdition, Meal
from .models import Dish, DishIngredient, Ingredient, KitchenSettings, Supplier, SupplierCertificate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
NUM = {"inputmode": "decimal"}


def staff_users(campus):
    return (
        get_user_model()
        .objects.filter(staff__is_active=True)
        .filter(Q(staff__campuses=campus) | Q(staff__sees_all_campuses=True))
        .select_related("staff")
        .distinct()
        .order_by("staff__name")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.staff.name


class SettingsForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = KitchenSettings
        fields = [
            "sample_min_grams", "sample_keep_hours", "fridge_min_c", "fridge_max_c", "boiling_min_minutes", "steam_min_minutes",
            "infrared_min_c", "infrared_min_minutes", "dishwasher_min_c", "dishwasher_min_seconds", "chlorine_min_mg_l",
            "chlorine_min_minutes", "bulk_two_receivers", "expiry_alert_days", "serves_breakfast", "serves_lunch", "serves_snack",
            "serves_supper", "breakfast_due", "lunch_due", "snack_due", "supper_due", "acceptance_due", "dri_edition",
            "dri_target_pct", "dri_day_share_pct", "meal_split_tolerance_pct",
        ]
        widgets = {name: forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
                   for name in ["breakfast_due", "lunch_due", "snack_due", "supper_due", "acceptance_due"]}


class SupplierForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = Supplier
        fields = ["name", "licence_no", "licence_expires_on", "address", "contact", "phone", "is_active"]
        widgets = {"licence_expires_on": DATE}


class SupplierCertificateForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = SupplierCertificate
        fields = ["kind", "number", "expires_on", "scan"]
        widgets = {"expires_on": DATE}


class SupplierChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, today=None, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        if not obj.licence_valid_on(self.today):
            return _("%(name)s — licence expired %(day)s") % {"name": obj.name, "day": obj.licence_expires_on}
        return obj.name


class DeliveryForm(forms.Form):
    """A delivery's header: who brought it, when, who received it, and the papers checked."""

    date = dates.DateField(label=_("date received"), widget=DATE)
    received_at = forms.TimeField(label=_("time received"), required=False,
                                  widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    supplier = SupplierChoiceField(label=_("supplier"), queryset=Supplier.objects.none())
    canteen = forms.ChoiceField(label=_("canteen"), choices=Canteen.choices, initial=Canteen.CHILDREN)
    receiver = StaffChoiceField(label=_("receiver"), queryset=get_user_model().objects.none())
    second_receiver = StaffChoiceField(label=_("second receiver"), queryset=get_user_model().objects.none(), required=False)
    certificates_checked = forms.BooleanField(label=_("licence and certificates checked"), required=False)
    certificates_note = forms.CharField(label=_("certificates seen"), max_length=100, required=False,
                                        help_text=_("e.g. quarantine certificate, inspection report"))

    def __init__(self, campus, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.filter(campus=campus, is_active=True)
        self.fields["supplier"].today = timezone.localdate()
        self.fields["receiver"].queryset = self.fields["second_receiver"].queryset = staff_users(campus)


class DeliveryLineForm(forms.Form):
    """One product of a delivery, as short as a phone allows."""

    product = forms.CharField(label=_("product"), max_length=100)
    specification = forms.CharField(label=_("specification"), max_length=60, required=False)
    quantity = forms.DecimalField(label=_("quantity"), max_digits=10, decimal_places=2, widget=forms.NumberInput(attrs=NUM))
    unit = forms.CharField(label=_("unit"), max_length=10, initial="kg")
    unit_price = forms.DecimalField(label=_("unit price (yuan)"), max_digits=12, decimal_places=2, widget=forms.NumberInput(attrs=NUM))
    production_date = dates.DateField(label=_("production date"), required=False, widget=DATE)
    batch_no = forms.CharField(label=_("batch number"), max_length=60, required=False)
    shelf_life = forms.CharField(label=_("shelf life"), max_length=30, required=False)
    sensory_ok = forms.BooleanField(label=_("sensory check passed"), required=False, initial=True)
    chilled = forms.BooleanField(label=_("chilled or frozen"), required=False)
    temperature_c = forms.DecimalField(label=_("temperature (℃)"), max_digits=4, decimal_places=1, required=False,
                                       widget=forms.NumberInput(attrs=NUM))
    bulk = forms.BooleanField(label=_("bulk goods"), required=False)
    reject_reason = forms.CharField(label=_("sent back because"), max_length=200, required=False,
                                    help_text=_("Fill in only to reject this line."))


class BaseDeliveryLineFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list:
        """The forms of the lines the user filled in (an untouched extra line is skipped)."""
        return [form for form in self.forms if form.has_changed() and not self._should_delete_form(form)]


DeliveryLineFormSet = forms.formset_factory(DeliveryLineForm, formset=BaseDeliveryLineFormSet, extra=1, max_num=60,
                                            validate_max=True)


class OverrideForm(forms.Form):
    reason = forms.CharField(label=_("Why accept it anyway (shown in the register)"), max_length=200,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SampleMealForm(forms.Form):
    """One meal's samples in one go: a weight per dish, one fridge, one reviewer."""

    sampled_at = dates.DateTimeField(label=_("sampled at"), widget=DATETIME)
    fridge = forms.CharField(label=_("sample fridge"), max_length=40)
    fridge_temp_c = forms.DecimalField(label=_("fridge temperature (℃)"), max_digits=4, decimal_places=1,
                                       widget=forms.NumberInput(attrs=NUM))
    reviewer = StaffChoiceField(label=_("reviewed by"), queryset=get_user_model().objects.none())

    def __init__(self, campus, dishes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dishes = dishes
        self.fields["reviewer"].queryset = staff_users(campus)
        for dish in dishes:
            self.fields[f"weight_{dish.pk}"] = forms.DecimalField(
                label=dish.name, max_digits=6, decimal_places=1, widget=forms.NumberInput(attrs=NUM)
            )

    def weight_fields(self):
        return [(dish, self[f"weight_{dish.pk}"]) for dish in self.dishes]


class SampleCorrectionForm(forms.Form):
    weight_g = forms.DecimalField(label=_("weight (g)"), max_digits=6, decimal_places=1, widget=forms.NumberInput(attrs=NUM))
    fridge = forms.CharField(label=_("sample fridge"), max_length=40)
    fridge_temp_c = forms.DecimalField(label=_("fridge temperature (℃)"), max_digits=4, decimal_places=1,
                                       widget=forms.NumberInput(attrs=NUM))
    reviewer = StaffChoiceField(label=_("reviewed by"), queryset=get_user_model().objects.none())
    reason = forms.CharField(label=_("Why the change (kept in the history)"), max_length=200)

    def __init__(self, campus, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = staff_users(campus)


class DiscardForm(forms.Form):
    note = forms.CharField(label=_("discard note"), max_length=200, required=False)


class DisinfectionForm(forms.Form):
    date = dates.DateField(label=_("date"), widget=DATE)
    meal = forms.ChoiceField(label=_("meal"), choices=Meal.choices)
    method = forms.ChoiceField(label=_("method"), choices=DisinfectionMethod.choices, widget=forms.RadioSelect)
    items = forms.CharField(label=_("items"), max_length=100, initial=_("bowls, spoons, plates, cups"))
    item_count = forms.IntegerField(label=_("count"), min_value=1, max_value=10000)
    minutes = forms.DecimalField(label=_("minutes"), required=False, max_digits=5, decimal_places=1, min_value=0,
                                 widget=forms.NumberInput(attrs=NUM))
    seconds = forms.IntegerField(label=_("seconds"), required=False, min_value=0, widget=forms.NumberInput(attrs=NUM))
    temperature_c = forms.DecimalField(label=_("temperature (℃)"), required=False, max_digits=5, decimal_places=1,
                                       widget=forms.NumberInput(attrs=NUM))
    chlorine_mg_l = forms.IntegerField(label=_("available chlorine (mg/L)"), required=False, widget=forms.NumberInput(attrs=NUM))
    started_at = dates.DateTimeField(label=_("started at"), widget=DATETIME)
    operator = StaffChoiceField(label=_("operator"), queryset=get_user_model().objects.none())

    def __init__(self, campus, meals, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meal"].choices = [(m, Meal(m).label) for m in meals]
        self.fields["operator"].queryset = staff_users(campus)

    def duration_seconds(self):
        minutes, seconds = self.cleaned_data.get("minutes"), self.cleaned_data.get("seconds")
        if minutes is None and seconds is None:
            return None
        return int((minutes or 0) * 60) + (seconds or 0)


class StaffMealForm(forms.Form):
    meal = forms.ChoiceField(label=_("meal"), choices=Meal.choices)
    count = forms.IntegerField(label=_("staff meals"), min_value=0, max_value=1000)

    def __init__(self, meals, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meal"].choices = [(m, Meal(m).label) for m in meals]


class DishForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = Dish
        fields = ["name", "notes", "is_active"]


class IngredientChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name_zh} ({obj.code})"


class DishIngredientForm(forms.ModelForm):
    ingredient = IngredientChoiceField(label=_("ingredient"), queryset=Ingredient.objects.order_by("name_zh"))

    class Meta:
        formfield_callback = dates.formfield
        model = DishIngredient
        fields = ["ingredient", "grams_nursery", "grams_small", "grams_middle", "grams_large"]
        widgets = {f"grams_{g}": forms.NumberInput(attrs=NUM) for g in ["nursery", "small", "middle", "large"]}


DishIngredientFormSet = forms.formset_factory(DishIngredientForm, extra=3, can_delete=True)


class IngredientForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = Ingredient
        fields = [
            "code", "name_zh", "name_en", "category", "edible_pct", "energy_kcal", "protein_g", "fat_g", "carb_g", "calcium_mg",
            "iron_mg", "zinc_mg", "vit_a_ug_rae", "vit_c_mg", "quality_protein", "store_name", "source", "source_ref",
        ]


class IngredientImportForm(forms.Form):
    file = forms.FileField(label=_("table file (.xlsx or .csv)"))


class MenuWeekForm(forms.Form):
    """A week's menu: for each day and each meal served, the dishes."""

    notes = forms.CharField(label=_("notes"), max_length=200, required=False)

    def __init__(self, dishes, week_start: dt.date, meals, *args, initial_items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = [week_start + dt.timedelta(days=n) for n in range(7)]
        self.meals = meals
        choices = [(dish.pk, dish.name) for dish in dishes]
        initial_items = initial_items or {}
        for day in self.days:
            for meal in meals:
                self.fields[self.key(day, meal)] = forms.TypedMultipleChoiceField(
                    label=f"{day:%m-%d} {Meal(meal).label}", choices=choices, coerce=int, required=False,
                    initial=initial_items.get((day, meal), []),
                    widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 4}),
                )

    @staticmethod
    def key(day, meal):
        return f"d{day:%Y%m%d}_{meal}"

    def grid(self):
        return [(day, [self[self.key(day, meal)] for meal in self.meals]) for day in self.days]

    def entries(self) -> dict:
        return {
            (day, meal): self.cleaned_data[self.key(day, meal)]
            for day in self.days for meal in self.meals if self.cleaned_data.get(self.key(day, meal))
        }


class NutritionForm(forms.Form):
    PERIODS = [("day", _("Day")), ("week", _("Week")), ("month", _("Month"))]
    period = forms.ChoiceField(label=_("period"), choices=PERIODS, initial="week")
    date = dates.DateField(label=_("date"), widget=DATE)
    grade = forms.ChoiceField(label=_("age group"), choices=Grade.choices, initial=Grade.MIDDLE)
    edition = forms.ChoiceField(label=_("DRI edition"), choices=DriEdition.choices, required=False)


class WeighingForm(forms.Form):
    children = forms.IntegerField(label=_("children who ate"), min_value=1, max_value=2000)
    leftover_pct = forms.DecimalField(label=_("left over (%)"), min_value=0, max_value=90, max_digits=4, decimal_places=1,
                                      initial=0, widget=forms.NumberInput(attrs=NUM))


class WeighingLineForm(forms.Form):
    ingredient = IngredientChoiceField(label=_("ingredient"), queryset=Ingredient.objects.order_by("name_zh"))
    raw_grams = forms.DecimalField(label=_("raw weight used (g)"), max_digits=9, decimal_places=1, min_value=Decimal("0.1"),
                                   widget=forms.NumberInput(attrs=NUM))


WeighingLineFormSet = forms.formset_factory(WeighingLineForm, extra=3, can_delete=True)
