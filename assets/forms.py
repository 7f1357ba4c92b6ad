"""Forms of the assets app (the register side; the repairs side appends its own or adds forms_repairs)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campus import dates
from campus.models import Place, StaffMember
from campus.uploads import upload_field

from .choices import AssetStatus
from .models import Asset, AssetSettings, Category

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUM = {"inputmode": "decimal"}


def campus_staff(campus):
    return StaffMember.objects.filter(is_active=True).filter(Q(campuses=campus) | Q(sees_all_campuses=True)).distinct().order_by("name")


def campus_places(campus):
    return Place.objects.filter(campus=campus, is_active=True).order_by("kind", "name")


class AssetForm(forms.ModelForm):
    purchased_on = forms.DateField(label=_("purchase date"), widget=DATE)
    warranty_until = forms.DateField(label=_("warranty until"), widget=DATE, required=False)

    class Meta:
        model = Asset
        fields = [
            "name", "category", "specification", "quantity", "unit", "value", "purchased_on", "supplier", "funding_source",
            "warranty_until", "place", "custodian", "note",
        ]
        widgets = {"value": forms.NumberInput(attrs=NUM), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(campus=campus)
        self.fields["place"].queryset = campus_places(campus)
        self.fields["custodian"].queryset = campus_staff(campus)


class AssetAddForm(AssetForm):
    status = forms.ChoiceField(label=_("status"), choices=[(s.value, s.label) for s in (AssetStatus.IN_USE, AssetStatus.IDLE)])
    photo = upload_field(label=_("photo"), required=False, capture=True)


class PhotoForm(forms.Form):
    image = upload_field(label=_("photo"), capture=True)
    caption = forms.CharField(label=_("caption"), max_length=100, required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=[(s.value, s.label) for s in (AssetStatus.IN_USE, AssetStatus.IDLE, AssetStatus.UNDER_REPAIR)])
    reason = forms.CharField(label=_("reason"), max_length=200)


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["top", "name", "life_class", "life_years"]


class SettingsForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = AssetSettings
        fields = [
            "code_prefix", "threshold_general", "threshold_special", "life_office", "life_vehicle", "life_mechanical",
            "life_electrical", "life_audiovisual", "life_instrument", "life_archive", "life_furniture", "life_fittings",
            "life_building", "write_off_second_approval_amount", "repairs_go_to", "repair_hours_urgent",
            "repair_hours_normal", "repair_hours_low", "loan_days",
        ]
