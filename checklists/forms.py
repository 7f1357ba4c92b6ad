from django import forms
from django.utils.translation import gettext_lazy as _


class FollowUpCloseForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": _("Say what was done before closing the follow-up.")},
    )


class FollowUpReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is not fixed"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
        error_messages={"required": _("Say why the follow-up is reopened.")},
    )
