"""Forms of the repair pages: report (a phone, standing in front of the broken thing), assign, close,
reopen, hand the cost to finance."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campus.models import Place
from campus.people import display_name
from campus.uploads import IMAGE, UploadValidator, upload_field

from .choices import RepairUrgency


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class ReportForm(forms.Form):
    place = PlaceChoiceField(queryset=Place.objects.none(), label=_("Where"), required=False, empty_label=_("Choose the place"))
    problem = forms.CharField(
        label=pgettext_lazy("repair", "What is wrong"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the chair's back is loose, the tap drips, the light does not come on."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=RepairUrgency.choices, initial=RepairUrgency.NORMAL,
                                widget=forms.RadioSelect)
    photo = upload_field((IMAGE,), capture=True, required=False, label=_("Photo"),
                         help_text=_("A photo of what is broken helps the repairer bring the right parts."))

    def __init__(self, *args, campus, asset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.asset = asset
        self.fields["place"].queryset = Place.objects.filter(campus=campus, is_active=True).order_by("kind", "name")
        if asset is not None:
            del self.fields["place"]
        else:
            self.fields["place"].required = True


class AssignForm(forms.Form):
    assignee = StaffChoiceField(queryset=get_user_model().objects.none(), label=_("Staff member"), required=False,
                                empty_label=_("— nobody on the staff —"))
    contractor = forms.CharField(label=_("or a contractor"), max_length=100, required=False,
                                 help_text=_("The company or tradesman called in, with a phone number."))

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model().objects.filter(staff__campuses=campus, staff__is_active=True, is_active=True)
            .select_related("staff").order_by("staff__name")
        )


class CloseForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    parts = forms.CharField(label=_("Parts used"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    cost = forms.DecimalField(label=pgettext_lazy("repair", "Cost (yuan)"), max_digits=12, decimal_places=2, min_value=0, required=False,
                              help_text=_("Parts and labour; 0 when it cost nothing."))
    photo = upload_field((IMAGE,), capture=True, required=False, label=_("Photo after the repair"))


class ReopenForm(forms.Form):
    note = forms.CharField(label=_("What is still wrong"), max_length=300)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReceiptsField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("validators", [UploadValidator((IMAGE,))])
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)) and data:
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class FinanceForm(forms.Form):
    photos = ReceiptsField(label=_("Receipt photos"), help_text=_("Take a photo of each receipt or invoice."))
