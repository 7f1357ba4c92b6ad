from django import forms
from django.utils.translation import gettext_lazy as _

from .. import dates
from ..choices import LeaveKind


class LeaveRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of leave"), choices=LeaveKind.choices, widget=forms.RadioSelect, initial=LeaveKind.SICK)
    first_day = dates.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = dates.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    symptoms = forms.CharField(label=_("Symptoms"), required=False, max_length=200,
                               help_text=_("For sick leave: fever, cough, diarrhoea, rash... the health teacher follows up."))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class FamilySettingsForm(forms.Form):
    leave_cutoff = forms.TimeField(label=_("leave request cut-off"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                   help_text=_("A leave request made before this time of its first day counts for that day's meal count at once."))
