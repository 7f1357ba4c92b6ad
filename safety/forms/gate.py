"""Forms of the gate: a visitor on a phone in seconds, the do-not-admit list, pickers, the handover."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from campus import dates
from campus.people import display_name
from campus.uploads import IMAGE, upload_field

from ..models import PHOTO_MB, Picker, RestrictedPerson, Visitor

__all__ = ["VisitorForm", "ExpectedVisitorForm", "RestrictedForm", "PickerForm", "TemporaryPickerForm",
           "RefuseForm", "ResolveForm"]

PHONE_INPUT = {"inputmode": "tel", "autocomplete": "off"}


def _staff_of(campus):
    return (get_user_model().objects.filter(staff__campuses=campus, is_active=True, staff__is_active=True)
            .select_related("staff").order_by("staff__name").distinct())


class VisitorForm(forms.ModelForm):
    """At the gate: the essentials first (name, ID number, reason, person visited), the rest below."""

    class Meta:
        model = Visitor
        fields = ["name", "id_number", "phone", "reason", "visiting", "host", "organisation", "people", "plate", "badge"]
        widgets = {"id_number": forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                       "maxlength": 18}),
                   "phone": forms.TextInput(attrs=PHONE_INPUT),
                   "people": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"})}

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True  # blank only once erased after the retention period
        self.fields["host"].queryset = _staff_of(campus)
        self.fields["host"].label_from_instance = display_name
        self.fields["reason"].widget.attrs["list"] = "visit-reasons"


class ExpectedVisitorForm(VisitorForm):
    class Meta(VisitorForm.Meta):
        formfield_callback = dates.formfield
        fields = ["expected_on", *VisitorForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_on"].required = True


class RestrictedForm(forms.ModelForm):
    photo = upload_field((IMAGE,), max_mb=PHOTO_MB, required=False, label=_("photo"))

    class Meta:
        formfield_callback = dates.formfield
        model = RestrictedPerson
        fields = ["name", "id_number", "photo", "reason", "children", "valid_until", "is_active"]
        widgets = {"children": forms.CheckboxSelectMultiple}

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = campus.children.filter(left_on__isnull=True).select_related("classroom").order_by(
            "classroom__name", "name")
        self.fields["children"].label_from_instance = lambda c: f"{c.name}（{c.classroom.name}）"


class PickerForm(forms.ModelForm):
    photo = upload_field((IMAGE,), max_mb=PHOTO_MB, capture=False, label=_("photo"),
                         help_text=_("A clear photo of the face: the teacher compares it at the gate."))

    class Meta:
        model = Picker
        fields = ["name", "relation", "phone", "photo"]
        widgets = {"phone": forms.TextInput(attrs=PHONE_INPUT)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.photo:
            self.fields["photo"].required = False


class TemporaryPickerForm(PickerForm):
    class Meta(PickerForm.Meta):
        formfield_callback = dates.formfield
        fields = ["name", "relation", "phone", "photo", "valid_from", "valid_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].required = self.fields["valid_until"].required = True


class RefuseForm(forms.Form):
    person_name = forms.CharField(label=_("adult who came"), max_length=50)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("what happened"), max_length=200)
