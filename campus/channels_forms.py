"""Forms of the director's alert settings page (``campus.views_channels``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import NoticeKind
from .models_family import GROUP_CHANNELS


class AlertGroupForm(forms.Form):
    channel = forms.ChoiceField(label=_("channel"), choices=GROUP_CHANNELS)
    name = forms.CharField(label=_("group name"), max_length=60)
    webhook_url = forms.CharField(label=_("webhook address"), max_length=500,
                                  help_text=_("In the group: group settings, group robot, add a robot, copy its address."))
    secret = forms.CharField(label=_("signing secret"), required=False, max_length=200,
                             widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
                             help_text=_("钉钉 robots with 加签 security only. Leave empty to keep the saved one; it is never shown."))
    kinds = forms.MultipleChoiceField(label=_("alert kinds"), choices=NoticeKind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)


class AlertSettingsForm(forms.Form):
    quiet_from = forms.TimeField(label=_("quiet hours from"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    quiet_until = forms.TimeField(label=_("quiet hours until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    digest_at = forms.TimeField(label=_("daily digest at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                help_text=_("The director receives the day's alerts in one message at this time. Empty: no digest."))
    medication_due_minutes = forms.IntegerField(label=_("medicine reminder (minutes before)"), min_value=1, max_value=240, required=False,
                                                help_text=_("A dose not given yet is announced this many minutes before its time."))
