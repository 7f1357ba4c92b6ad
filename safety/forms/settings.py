from django import forms
from django.contrib.auth import get_user_model

from campus import dates
from campus.people import display_name

from ..models import SafetySettings

KINDS = ["facilities", "food", "health", "traffic", "fire"]
OWNER_FIELDS = [f"hazard_owner_{kind}" for kind in KINDS]
# For each kind of hazard: the person named, then the post that owns it when no one is.
HAZARD_FIELDS = [name for kind in KINDS for name in (f"hazard_owner_{kind}", f"hazard_post_{kind}")]


class SettingsForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = SafetySettings
        fields = ["closing_time", "visitor_retention_days", "drills_per_quarter", "drill_warning_days",
                  "evacuation_target_minutes", "hazard_days_general", "hazard_days_serious", "hazard_days_major", *HAZARD_FIELDS]
        widgets = {"closing_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.filter(staff__campuses=campus, is_active=True).select_related("staff").distinct()
        for name in OWNER_FIELDS:
            self.fields[name].queryset = staff
            self.fields[name].label_from_instance = display_name
