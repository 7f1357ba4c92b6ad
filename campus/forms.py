from django import forms
from django.utils.translation import gettext_lazy as _

from . import dates
from .choices import AttendanceStatus, CalendarDayKind


class AttendanceDayForm(forms.Form):
    """One class, one day: a status and a reason per child, everyone present unless tapped."""

    def __init__(self, children, existing, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = children
        for child in children:
            row = existing.get(child.pk)
            self.fields[f"status_{child.pk}"] = forms.ChoiceField(
                label=child.name,
                choices=AttendanceStatus.choices,
                initial=row.status if row else AttendanceStatus.PRESENT,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{child.pk}"] = forms.CharField(
                label=_("Reason"), required=False, max_length=200, initial=row.reason if row else ""
            )

    def rows(self):
        return [(child, self[f"status_{child.pk}"], self[f"reason_{child.pk}"]) for child in self.children]

    def exceptions(self) -> dict:
        result = {}
        for child in self.children:
            status = self.cleaned_data[f"status_{child.pk}"]
            reason = self.cleaned_data.get(f"reason_{child.pk}", "").strip()
            if status != AttendanceStatus.PRESENT or reason:
                result[child.pk] = (status, reason)
        return result


class CalendarDayForm(forms.Form):
    date = dates.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDayKind.choices)
    note = forms.CharField(label=_("Note"), max_length=100, required=False)


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    confirm = forms.BooleanField(
        label=_("I have entered this year's holidays and make-up days; treat the other weekdays as working days."),
    )
