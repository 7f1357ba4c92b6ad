from django import forms
from django.utils.translation import gettext_lazy as _

from .. import dates
from ..choices import LeaveKind


class LeaveRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of leave"), choices=LeaveKind.choices, widget=forms.RadioSelect, initial=LeaveKind.SICK)
    first_day = dates.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    last_day = dates.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    symptoms = forms.CharField(label=_("Symptoms"), required=False, max_length=200,
                               help_text=_("For sick leave: fever, cough, diarrhoea, rash... the health teacher follows up."))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class FamilySettingsForm(forms.Form):
    leave_cutoff = forms.TimeField(label=_("leave request cut-off"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                   help_text=_("A leave request made before this time of its first day counts for that day's meal count at once."))


class NoticeForm(forms.Form):
    classroom = forms.ChoiceField(label=_("To"))
    title = forms.CharField(label=_("Title"), max_length=100)
    body = forms.CharField(label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, classrooms, whole_campus: bool, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.classrooms = {str(room.pk): room for room in classrooms}
        choices = [("", _("Every family of the campus"))] if whole_campus else []
        self.fields["classroom"].choices = choices + [(pk, str(room)) for pk, room in self.classrooms.items()]
        self.fields["classroom"].required = not whole_campus

    def clean_classroom(self):
        value = self.cleaned_data["classroom"]
        return self.classrooms.get(value) if value else None
