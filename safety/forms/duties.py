"""Forms of the safety duties: they validate what people type; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus import dates
from campus.uploads import IMAGE, PDF, upload_field

from ..models import (
    DrillKind,
    DutyKind,
    HazardKind,
    HazardLevel,
    SafetyDocument,
    SafetyLetter,
    TrainingSession,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StaffChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


class MultipleImages(forms.ClearableFileInput):
    allow_multiple_selected = True


class ImagesField(forms.FileField):
    """Several photos at once, each checked by its content (campus.uploads)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleImages(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp", "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.one = upload_field((IMAGE,), required=False)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [self.one.clean(f) for f in files]


class DrillForm(forms.Form):
    kind = forms.ChoiceField(label=_("drill type"), choices=DrillKind.choices)
    held_on = dates.DateField(label=_("date"), widget=DATE)
    classrooms = forms.ModelMultipleChoiceField(label=_("classes taking part"), queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    participants = forms.IntegerField(label=_("people taking part"), min_value=1, max_value=5000,
                                      widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    evacuation_minutes = forms.IntegerField(label=_("evacuation time: minutes"), min_value=0, max_value=120, required=False,
                                            widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    evacuation_secs = forms.IntegerField(label=_("seconds"), min_value=0, max_value=59, required=False,
                                         widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    summary = forms.CharField(label=_("how it went"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label=_("problems found (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Each problem can then become a hazard to rectify with one tap."))
    photos = ImagesField(label=_("photos"))

    def __init__(self, classrooms, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classrooms"].queryset = classrooms

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        minutes, seconds = data.pop("evacuation_minutes"), data.pop("evacuation_secs")
        data["evacuation_seconds"] = None if minutes is None and seconds is None else (minutes or 0) * 60 + (seconds or 0)
        data["problems"] = [line for line in data["problems"].splitlines() if line.strip()]
        data["classrooms"] = list(data["classrooms"])
        return data


class PhotosForm(forms.Form):
    photos = ImagesField(label=_("photos"), required=True)


class HazardForm(forms.Form):
    place = forms.ModelChoiceField(label=_("place"), queryset=None)
    kind = forms.ChoiceField(label=_("kind"), choices=HazardKind.choices)
    level = forms.ChoiceField(label=_("level"), choices=HazardLevel.choices, initial=HazardLevel.GENERAL)
    description = forms.CharField(label=_("what is wrong"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    photo = upload_field((IMAGE,), capture=True, label=_("photo"))

    def __init__(self, places, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places


class ProblemHazardForm(forms.Form):
    place = forms.ModelChoiceField(label=_("place"), queryset=None)
    kind = forms.ChoiceField(label=_("kind"), choices=HazardKind.choices, initial=HazardKind.FIRE)
    level = forms.ChoiceField(label=_("level"), choices=HazardLevel.choices, initial=HazardLevel.GENERAL)

    def __init__(self, places, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places


class RectifyForm(forms.Form):
    rectification = forms.CharField(label=_("what was done"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    after_photo = upload_field((IMAGE,), capture=True, label=_("photo after"))


class VerifyForm(forms.Form):
    accepted = forms.TypedChoiceField(label=_("result"), choices=[("1", _("Rectified: close it")), ("0", _("Not yet: send it back"))],
                                      coerce=lambda v: v == "1", widget=forms.RadioSelect)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class LetterForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = SafetyLetter
        fields = ["term", "role", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, campus, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = campus.terms.all()


class SignForm(forms.Form):
    signed_name = forms.CharField(label=_("your name"), max_length=50)
    drawing = forms.CharField(required=False, widget=forms.HiddenInput)

    def drawing_png(self) -> bytes | None:
        import base64
        import binascii

        raw = self.cleaned_data.get("drawing") or ""
        prefix = "data:image/png;base64,"
        if not raw.startswith(prefix):
            return None
        try:
            return base64.b64decode(raw[len(prefix):], validate=True)
        except (binascii.Error, ValueError):
            return None


class DocumentForm(forms.ModelForm):
    file = upload_field((PDF,), label=_("PDF file"), required=False)

    class Meta:
        formfield_callback = dates.formfield
        model = SafetyDocument
        fields = ["kind", "title", "published_on", "body", "file", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10}), "published_on": DATE}


class TrainingForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = TrainingSession
        fields = ["kind", "title", "held_on", "hours", "trainer", "place"]
        widgets = {"held_on": DATE, "hours": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"})}


class AttendanceForm(forms.Form):
    people = StaffChoices(label=_("signed in"), queryset=None, required=False)

    def __init__(self, staff, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = staff


class LessonForm(forms.Form):
    classroom = forms.ModelChoiceField(label=_("class"), queryset=None)
    held_on = dates.DateField(label=_("date"), widget=DATE, initial=timezone.localdate)
    topic = forms.CharField(label=_("topic"), max_length=100)
    minutes = forms.IntegerField(label=_("minutes"), min_value=5, max_value=240, initial=20)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, classrooms, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].queryset = classrooms


class ShiftForm(forms.Form):
    kind = forms.ChoiceField(label=_("duty"), choices=DutyKind.choices)
    date = dates.DateField(label=_("date"), widget=DATE)
    people = StaffChoices(label=_("on duty"), queryset=None)

    def __init__(self, staff, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = staff


class HandoverForm(forms.Form):
    handover = forms.CharField(label=_("handover notes"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


__all__ = [
    "AttendanceForm",
    "DocumentForm",
    "DrillForm",
    "HandoverForm",
    "HazardForm",
    "ImagesField",
    "LessonForm",
    "LetterForm",
    "MultipleImages",
    "PhotosForm",
    "ProblemHazardForm",
    "RectifyForm",
    "ShiftForm",
    "SignForm",
    "StaffChoices",
    "TrainingForm",
    "VerifyForm",
]
