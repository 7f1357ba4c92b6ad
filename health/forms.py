
from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus import dates
from campus.uploads import IMAGE, PDF, upload_field

from .choices import (
    CheckAction,
    Disease,
    ExamKind,
    Finding,
    MedicationRoute,
    PersonKind,
    SymptomGroup,
    WeakReason,
)
from .models import HealthSettings
from .services import CheckEntry, GrowthEntry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # ISO always: a date input ignores 2026/12/02
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
NUM = {"inputmode": "decimal"}


class HealthForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def parse_check(post, children) -> dict:
    """The exceptions of a class check from the POST: ``action_<id>``, ``temp_<id>``, ``finding_<id>``
    (several), ``note_<id>``. A child with nothing entered is fine and admitted (not in the dict)."""
    entries = {}
    for child in children:
        action = post.get(f"action_{child.pk}", CheckAction.ADMITTED)
        temperature = post.get(f"temp_{child.pk}", "").strip()
        findings = post.getlist(f"finding_{child.pk}")
        note = post.get(f"note_{child.pk}", "").strip()
        if action != CheckAction.ADMITTED or temperature or findings or note:
            entries[child.pk] = CheckEntry(action=action, temperature=temperature or None, findings=findings, note=note)
    return entries


def parse_round(post, children):
    """(values, missing, confirmed) of a measurement round: ``height_<id>``, ``weight_<id>``,
    ``position_<id>`` (lying/standing; empty = the usual one for the age), ``oedema_<id>``,
    ``confirm_<id>``. A child with both height and weight empty was not measured; one of the two
    empty is an error. ``values`` maps child id to a services.GrowthEntry."""
    values, missing, confirmed = {}, {}, set()
    for child in children:
        height = post.get(f"height_{child.pk}", "").strip()
        weight = post.get(f"weight_{child.pk}", "").strip()
        if height and weight:
            values[child.pk] = GrowthEntry(height, weight, post.get(f"position_{child.pk}", "").strip(),
                                           bool(post.get(f"oedema_{child.pk}")))
        elif height or weight:
            missing[child.pk] = _("%(name)s: enter both height and weight.") % {"name": child.name}
        if post.get(f"confirm_{child.pk}"):
            confirmed.add(child.pk)
    return values, missing, confirmed


class ObservationForm(HealthForm):
    child = forms.ModelChoiceField(queryset=None, label=_("Child"))
    observed_at = dates.DateTimeField(label=_("Time"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    symptom = forms.CharField(label=_("Symptom"), max_length=200)
    symptom_group = forms.ChoiceField(label=_("Kind of symptom"), choices=SymptomGroup.choices, initial=SymptomGroup.OTHER)
    temperature = forms.DecimalField(label=_("Temperature (°C)"), required=False, max_digits=4, decimal_places=1,
                                     widget=forms.NumberInput(attrs={**NUM, "step": "0.1"}))
    action = forms.CharField(label=_("Action taken"), max_length=200, required=False)
    parent_informed = forms.BooleanField(label=_("Parent informed"), required=False)
    sent_home = forms.BooleanField(label=_("Sent home"), required=False)

    def __init__(self, children, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["observed_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class MedicationRequestForm(HealthForm):
    drug = forms.CharField(label=_("Drug"), max_length=100)
    dose = forms.CharField(label=_("Dose"), max_length=50, help_text=_("E.g. 5 ml, 1 tablet."))
    times = forms.CharField(label=_("Times of day"), max_length=100, help_text=_("E.g. 10:00, 14:30."))
    route = forms.ChoiceField(label=_("Route"), choices=MedicationRoute.choices)
    starts_on = dates.DateField(label=_("First day"), widget=DATE)
    ends_on = dates.DateField(label=_("Last day"), widget=DATE)
    reason = forms.CharField(label=_("Given for"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=200, required=False)

    def __init__(self, *args, children=None, with_photo=True, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today
        if children is not None:
            self.fields = {"child": forms.ModelChoiceField(queryset=children, label=_("Child")), **self.fields}
        if with_photo:
            self.fields["form_photo"] = upload_field(
                (IMAGE, PDF), capture=True, label=_("Photo of the signed form"), required=False,
                help_text=_("Required: the form the parent signed."))
        self.fields["medicine_photo"] = upload_field(
            (IMAGE,), capture=True, label=_("Photo of the medicine or prescription"), required=False,
            help_text=_("Optional: the box, the bottle's label or the doctor's prescription."))
        if "overlap_confirmed" in self.data:
            self.ask_overlap()

    def ask_overlap(self):
        """Add the tick that sends a request sharing days with one for the same drug (the service
        names it when it finds one)."""
        self.fields.setdefault("overlap_confirmed", forms.BooleanField(
            label=_("Send anyway: this is not the same medicine asked twice"), required=False))


class DoseForm(HealthForm):
    time = forms.CharField(label=_("Due at"), max_length=5, widget=forms.HiddenInput)
    amount = forms.CharField(label=_("Amount given"), max_length=50, widget=forms.HiddenInput)
    date = dates.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "hidden"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Why is it given outside its time?"), max_length=200, required=False,
                             help_text=_("Needed when the dose is given earlier or later than the window allows."))
    confirmed = forms.BooleanField(label=_("I confirm giving the medicine outside its time"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class FollowUpForm(HealthForm):
    symptoms = forms.CharField(label=_("Symptoms"), max_length=200, required=False)
    symptom_group = forms.ChoiceField(label=_("Kind of symptom"), choices=[("", "—"), *SymptomGroup.choices], required=False)
    onset = dates.DateField(label=_("Onset"), widget=DATE, required=False)
    doctor_visit = forms.BooleanField(label=_("Saw a doctor"), required=False)
    diagnosis = forms.CharField(label=_("Diagnosis"), max_length=200, required=False)


class CaseForm(HealthForm):
    person_kind = forms.ChoiceField(label=_("Who"), choices=PersonKind.choices, widget=forms.RadioSelect, initial=PersonKind.CHILD)
    child = forms.ModelChoiceField(queryset=None, label=_("Child"), required=False)
    staff = forms.ModelChoiceField(queryset=None, label=_("Staff member"), required=False)
    disease = forms.ChoiceField(label=_("Disease"), choices=[])
    onset = dates.DateField(label=_("Onset"), widget=DATE)
    diagnosed_on = dates.DateField(label=_("Diagnosed on"), widget=DATE, required=False)
    diagnosis = forms.CharField(label=_("Diagnosis / hospital"), max_length=200, required=False)
    isolation_start = dates.DateField(label=_("Isolation from"), widget=DATE)
    isolation_end = dates.DateField(label=_("Isolation until (expected)"), widget=DATE, required=False)

    def __init__(self, children, staff, *args, **kwargs):
        from .choices import NOTIFIABLE

        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["staff"].queryset = staff
        self.fields["disease"].choices = [
            (value, f"{label} ★" if value in NOTIFIABLE else label) for value, label in Disease.choices
        ]
        self.fields["disease"].help_text = _("★ notifiable: report to the CDC.")
        today = timezone.localdate()
        self.fields["onset"].initial = today
        self.fields["isolation_start"].initial = today

    def clean(self):
        data = super().clean()
        if data.get("person_kind") == PersonKind.CHILD and not data.get("child"):
            self.add_error("child", _("Choose the child."))
        if data.get("person_kind") == PersonKind.STAFF and not data.get("staff"):
            self.add_error("staff", _("Choose the staff member."))
        return data


class ReturnForm(HealthForm):
    returned_on = dates.DateField(label=_("Returned on"), widget=DATE)
    certificate_no = forms.CharField(label=_("Doctor's certificate"), max_length=100, required=False,
                                     help_text=_("Number or hospital of the certificate that allows the return."))
    certificate_scan = upload_field((IMAGE, PDF), label=_("Certificate scan"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returned_on"].initial = timezone.localdate()


class ReportForm(HealthForm):
    report_note = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("To whom and how it was reported."), required=False)


class BloodPressureForm(HealthForm):
    measured_on = dates.DateField(label=_("Measured on"), widget=DATE)
    systolic = forms.IntegerField(label=_("Systolic (mmHg)"), widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    diastolic = forms.IntegerField(label=_("Diastolic (mmHg)"), widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measured_on"].initial = timezone.localdate()


class WeakCaseForm(HealthForm):
    child = forms.ModelChoiceField(queryset=None, label=_("Child"))
    reason = forms.ChoiceField(label=_("Reason"), choices=WeakReason.choices)
    detail = forms.CharField(label=_("Finding"), max_length=200, required=False)
    opened_on = dates.DateField(label=_("Registered on"), widget=DATE)
    plan = forms.CharField(label=_("Management plan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, children, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["opened_on"].initial = timezone.localdate()


class WeakPlanForm(HealthForm):
    plan = forms.CharField(label=_("Management plan"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    close = forms.BooleanField(label=_("Close the case"), required=False)
    outcome = forms.CharField(label=_("Outcome"), max_length=200, required=False)


class WeakVisitForm(HealthForm):
    date = dates.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Follow-up note"), widget=forms.Textarea(attrs={"rows": 2}))
    hb = forms.IntegerField(label=_("Hb (g/L)"), required=False, min_value=30, max_value=250)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class ExamForm(HealthForm):
    child = forms.ModelChoiceField(queryset=None, label=_("Child"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ExamKind.choices)
    exam_date = dates.DateField(label=_("Exam date"), widget=DATE)
    hospital = forms.CharField(label=_("Hospital / doctor"), max_length=100, required=False)
    certificate_no = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
    height_cm = forms.DecimalField(label=_("Height (cm)"), required=False, max_digits=5, decimal_places=1)
    weight_kg = forms.DecimalField(label=_("Weight (kg)"), required=False, max_digits=5, decimal_places=2)
    hb = forms.IntegerField(label=_("Hb (g/L)"), required=False, min_value=30, max_value=250)
    vision_left = forms.DecimalField(label=_("Vision, left"), required=False, min_value=3, max_value=5.3, decimal_places=1)
    vision_right = forms.DecimalField(label=_("Vision, right"), required=False, min_value=3, max_value=5.3, decimal_places=1)
    caries = forms.IntegerField(label=_("Teeth with caries"), required=False, min_value=0, max_value=20)
    passed = forms.BooleanField(label=_("Fit for kindergarten"), required=False, initial=True)
    result = forms.CharField(label=_("Result / advice"), max_length=200, required=False)
    scan = upload_field((IMAGE, PDF), label=_("Scan"), required=False)

    def __init__(self, children, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["exam_date"].initial = timezone.localdate()


class SettingsForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = HealthSettings
        fields = [f.name for f in HealthSettings._meta.fields if f.name not in ("id", "campus")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_growth_standard(self):
        from .choices import GrowthStandard
        from .standards import wst423

        value = self.cleaned_data["growth_standard"]
        if value == GrowthStandard.WST423 and not wst423.available():
            raise forms.ValidationError(_("The WS/T 423-2022 tables are not imported yet (admin: growth reference rows)."))
        return value


FINDINGS = Finding.choices
