"""Forms of the assets app (the register side; the repairs side appends its own or adds forms_repairs)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campus import dates
from campus.models import Place, StaffMember
from campus.uploads import upload_field

from .choices import AssetStatus
from .models import Asset, AssetSettings, Category

NUM = {"inputmode": "decimal"}


def campus_staff(campus):
    return StaffMember.objects.filter(is_active=True).filter(Q(campuses=campus) | Q(sees_all_campuses=True)).distinct().order_by("name")


def campus_places(campus):
    return Place.objects.filter(campus=campus, is_active=True).order_by("kind", "name")


class AssetForm(forms.ModelForm):
    purchased_on = dates.DateField(label=_("purchase date"))
    warranty_until = dates.DateField(label=_("warranty until"), required=False)

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


class PlaceChoiceField(forms.ModelChoiceField):
    """Places of every campus the user sees, named with their campus when there are several."""

    def label_from_instance(self, obj):
        return f"{obj.campus.name} · {obj.name}"


def places_for(request):
    from campus.scoping import campuses_for

    return Place.objects.filter(campus__in=campuses_for(request.user), is_active=True).select_related("campus").order_by("campus__name", "kind", "name")


class TransferForm(forms.Form):
    to_place = PlaceChoiceField(label=_("to place"), queryset=Place.objects.none())
    to_custodian = forms.ModelChoiceField(label=_("to custodian"), queryset=StaffMember.objects.none(), required=False)
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_place"].queryset = places_for(request)
        from campus.scoping import campuses_for

        self.fields["to_custodian"].queryset = StaffMember.objects.filter(is_active=True).filter(
            Q(campuses__in=campuses_for(request.user)) | Q(sees_all_campuses=True)).distinct().order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("to_place") is not None:
            data["to_campus"] = data["to_place"].campus
        return data


class AnswerForm(forms.Form):
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class LoanForm(forms.Form):
    borrower = forms.ModelChoiceField(label=_("borrower"), queryset=StaffMember.objects.none())
    due_on = dates.DateField(label=_("due back on"), required=False, help_text=_("Empty: the campus's usual loan length."))
    purpose = forms.CharField(label=_("purpose"), max_length=200, required=False)

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borrower"].queryset = campus_staff(campus)


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("condition on return"), max_length=200, required=False)


class CampusClosingForm(forms.Form):
    action = forms.ChoiceField(label=_("what happens to the assets"), choices=[
        ("move", _("Move every asset to another campus")), ("write_off", _("Write every asset off"))], widget=forms.RadioSelect)
    to_place = PlaceChoiceField(label=_("to place"), queryset=Place.objects.none(), required=False)
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_place"].queryset = places_for(request).exclude(campus=request.campus)

    def clean(self):
        data = super().clean()
        if data.get("action") == "move" and not data.get("to_place"):
            self.add_error("to_place", _("Choose where the assets go."))
        return data


class CountStartForm(forms.Form):
    place = forms.ModelChoiceField(label=_("place"), queryset=Place.objects.none(), required=False, empty_label=_("The whole campus"))

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = campus_places(campus)


class ScanForm(forms.Form):
    code = forms.CharField(label=_("Asset code"), max_length=300, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters"}))


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(label=_("resolution"), choices=[])
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class WriteOffForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=[])
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    photo = upload_field(label=_("photo"), required=False, capture=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .choices import WriteOffKind

        self.fields["kind"].choices = WriteOffKind.choices


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("why rejected"), max_length=200)
