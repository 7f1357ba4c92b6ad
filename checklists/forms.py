from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campus import dates
from campus.models import Classroom
from campus.uploads import IMAGE, UploadValidator, upload_field

from .choices import ItemKind, Recurrence
from .hooks import record_kinds
from .models import ChecklistSettings, ChecklistTemplate, Plan, TemplateItem
from .recurrence import validate_rrule
from .routing import needs_after_photo
from .services import Answer, answer_key, field_suffix
from .targets import SEPARATOR, describe_choice, split_choice, target_choices, target_text


class FollowUpCloseForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": _("Say what was done before closing the follow-up.")},
    )
    photo = upload_field((IMAGE,), capture=True, required=False, label=_("Photo after the fix"))

    def __init__(self, *args, follow_up=None, **kwargs):
        super().__init__(*args, **kwargs)
        if follow_up is not None and needs_after_photo(follow_up.kind):
            self.fields["photo"].help_text = _("Required for this kind of follow-up.")


class FollowUpReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is not fixed"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
        error_messages={"required": _("Say why the follow-up is reopened.")},
    )


# --- completing a run ---------------------------------------------------------------------------


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class RunForm(forms.Form):
    """All items of one run in one form: ``item_<id>`` (the answer), ``note_<id>``, ``photo_<id>``."""

    note = forms.CharField(label=_("Note on the whole check"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, targets=(("", ""),), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.targets = list(targets)
        for (target_key, _label), item in ((target, item) for target in self.targets for item in items):
            self._add_fields(item, field_suffix(item.pk, target_key))

    def _add_fields(self, item, suffix):
        name = f"item_{suffix}"
        required = item.required and item.kind != ItemKind.PHOTO
        messages = {"required": _("Answer this question."), "invalid": _("Enter a number."),
                    "invalid_choice": _("Pick one of the choices.")}
        if item.kind == ItemKind.YES_NO:
            field = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, required=required, error_messages=messages)
        elif item.kind == ItemKind.NUMBER:
            field = forms.DecimalField(max_digits=10, decimal_places=2, required=required, error_messages=messages,
                                       widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}))
        elif item.kind == ItemKind.CHOICE:
            field = forms.ChoiceField(choices=[(c, c) for c in item.choice_list], widget=forms.RadioSelect,
                                      required=required, error_messages=messages)
        elif item.kind == ItemKind.TEXT:
            field = forms.CharField(required=required, max_length=2000, error_messages=messages,
                                    widget=forms.Textarea(attrs={"rows": 2}))
        else:
            field = forms.ImageField(
                required=item.required, validators=[UploadValidator((IMAGE,))], widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
                error_messages={"required": _("Take or attach the photo this check asks for."),
                                "invalid_image": _("This file is not a photo.")},
            )
        field.label = item.label
        self.fields[name] = field
        self.fields[f"note_{suffix}"] = forms.CharField(label=_("Note"), required=False, max_length=2000)
        if item.kind != ItemKind.PHOTO:
            self.fields[f"photo_{suffix}"] = forms.ImageField(
                label=_("Photo"), required=False, validators=[UploadValidator((IMAGE,))], widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
            )

    def _rows(self, target_key):
        for item in self.items:
            suffix = field_suffix(item.pk, target_key)
            yield item, self[f"item_{suffix}"], self[f"note_{suffix}"], (
                self[f"photo_{suffix}"] if item.kind != ItemKind.PHOTO else None
            )

    def rows(self):
        """(item, answer field, note field, photo field) for the template (a template without targets)."""
        return self._rows("")

    def groups(self):
        """(target label, rows) per target: one group with an empty label for a template without targets."""
        return [(label, list(self._rows(key))) for key, label in self.targets]

    def answers(self) -> dict:
        result = {}
        for (target_key, _label), item in ((target, item) for target in self.targets for item in self.items):
            suffix = field_suffix(item.pk, target_key)
            value = self.cleaned_data.get(f"item_{suffix}")
            if item.kind == ItemKind.YES_NO:
                value = {"yes": True, "no": False}.get(value)
            photo = self.cleaned_data.get(f"photo_{suffix}") if item.kind != ItemKind.PHOTO else value
            if item.kind == ItemKind.PHOTO:
                value = value or None
            result[answer_key(item.pk, target_key)] = Answer(
                value=value, note=self.cleaned_data.get(f"note_{suffix}", ""), photo=photo or None)
        return result


# --- templates ----------------------------------------------------------------------------------


def rule_labels() -> dict[str, str]:
    """Rule choices whose label carries a number, as templates ``{n}`` / ``{m}`` (the page's script
    fills them in as the numbers are typed)."""
    return {
        Recurrence.MONTHLY_DAY: gettext("Monthly on day %(n)s") % {"n": "{n}"},
        Recurrence.EVERY_N_WEEKS: gettext("Every %(n)s weeks on given weekdays") % {"n": "{n}"},
        Recurrence.YEARLY: gettext("Every year on %(month)s/%(day)s") % {"month": "{m}", "day": "{n}"},
    }


def rule_choices(day=None, interval=None, month=None) -> list[tuple[str, str]]:
    """The rule's plain choices (no RRULE: that is under 高级), with N in the label: 每月第 5 日."""
    labels = rule_labels()
    numbers = {Recurrence.MONTHLY_DAY: (day, None), Recurrence.EVERY_N_WEEKS: (interval, None),
               Recurrence.YEARLY: (day, month)}
    choices = []
    for value, label in Recurrence.choices:
        if value == Recurrence.RRULE:
            continue
        if value in labels and numbers[value][0]:
            n, m = numbers[value]
            label = labels[value].replace("{n}", str(n)).replace("{m}", str(m or "N"))
        choices.append((value, label))
    return choices


class WeekdaysField(forms.MultipleChoiceField):
    """Weekday boxes (0 = Monday … 6 = Sunday); "1,3" as one value is read as two."""

    def to_python(self, value):
        parts = []
        for raw in super().to_python(value):
            parts.extend(part.strip() for part in raw.replace("，", ",").split(","))
        return [part for part in parts if part]


class TemplateForm(forms.ModelForm):
    """The template's own fields. Its code is made by the service, never asked for; the rule is a
    plain choice; an RRULE typed under 高级 wins over it."""

    weekdays = WeekdaysField(
        label=_("weekdays"), required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "weekday-box"}),
        choices=[(str(number), name) for number, name in WEEKDAYS_ABBR.items()],
    )
    target = forms.ChoiceField(
        label=_("Repeat the questions for each of"), required=False,
        help_text=_("For a check of every item of a kind (each air conditioner, each fire extinguisher) or of one "
                    "thing (the boiler): each run lists them, each with its own answers. One thing among thousands "
                    "is chosen from its own page."),
    )

    class Meta:
        formfield_callback = dates.formfield
        model = ChecklistTemplate
        fields = [
            "title", "department", "assignee_role", "assignees", "place", "classroom", "plan", "section",
            "source_quote", "recurrence", "weekdays", "interval", "day_of_month", "month", "offset_days", "rrule",
            "only_school_days", "starts_on", "ends_on", "due_time", "grace_hours", "is_active", "opens_record",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "source_quote": forms.Textarea(attrs={"rows": 2}),
            "rrule": forms.TextInput(),
            "assignees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        self.campus = campus
        self.fields["assignees"].queryset = get_user_model().objects.filter(
            staff__campuses=campus, staff__is_active=True).select_related("staff").order_by("staff__name")
        self.fields["assignees"].label_from_instance = lambda user: user.staff.name
        self.fields["classroom"].queryset = Classroom.objects.filter(campus=campus, is_active=True)
        self.fields["plan"].queryset = Plan.objects.filter(campus=campus)
        kinds = record_kinds()  # the departments' records a duty can be done by (checklists.hooks)
        if kinds:
            self.fields["opens_record"] = forms.ChoiceField(
                label=_("done by filing"), required=False,
                choices=[("", gettext("Answering the questions below"))] + [(kind.code, kind.label) for kind in kinds],
            )
        else:
            del self.fields["opens_record"]
        if self.instance.pk:
            self.initial["weekdays"] = [str(day) for day in self.instance.weekday_list]
        choices = target_choices(campus)
        current = f"{self.instance.target_kind}{SEPARATOR}{self.instance.target_value}" if self.instance.target_kind else ""
        if current and current not in dict(choices):
            choices.append((current, target_text(self.instance) or current))
        wanted = (self.data.get("target") if self.is_bound else self.initial.get("target")) or ""
        if wanted and wanted not in dict(choices):  # one thing among thousands, from its own page
            text = describe_choice(campus, wanted)
            if text:
                choices.append((wanted, text))
        self.fields["target"].choices = [("", gettext("— asked once —")), *choices]
        self.initial.setdefault("target", current)
        if not choices:
            del self.fields["target"]  # no department offers targets: nothing to choose
        source = self.data if self.is_bound else None

        def number(name):
            raw = source.get(name) if source is not None else getattr(self.instance, name, None)
            return str(raw).strip() if raw not in (None, "") else None

        recurrence = self.fields["recurrence"]
        recurrence.widget.choices = rule_choices(number("day_of_month"), number("interval"), number("month"))
        recurrence.widget.attrs.update({f"data-label-{key}": text for key, text in rule_labels().items()})
        recurrence.help_text = ""
        for name in ("place", "starts_on", "only_school_days", "day_of_month", "offset_days"):
            self.fields[name].help_text = ""  # on a phone every line counts; the labels say enough

    def clean_weekdays(self):
        return ",".join(sorted(set(self.cleaned_data.get("weekdays") or []), key=int))

    def clean(self):
        data = super().clean()
        if (data.get("rrule") or "").strip():
            data["recurrence"] = Recurrence.RRULE  # the advanced rule, when given, is the rule
        kind = data.get("recurrence")
        if kind in (Recurrence.WEEKLY, Recurrence.EVERY_N_WEEKS) and not data.get("weekdays"):
            self.add_error("weekdays", gettext("Say on which weekdays."))
        if kind == Recurrence.EVERY_N_WEEKS and not data.get("interval"):
            self.add_error("interval", gettext("Say every how many weeks."))
        if kind == Recurrence.MONTHLY_DAY and not (data.get("day_of_month") and 1 <= data["day_of_month"] <= 31):
            self.add_error("day_of_month", gettext("Enter a day of the month from 1 to 31."))
        if kind == Recurrence.YEARLY:
            month, day = data.get("month"), data.get("day_of_month")
            if not (month and 1 <= month <= 12):
                self.add_error("month", gettext("Enter a month from 1 to 12."))
            elif not (day and 1 <= day <= 31):
                self.add_error("day_of_month", gettext("Enter a day of the month from 1 to 31."))
        if kind == Recurrence.RRULE:
            try:
                validate_rrule(data.get("rrule", ""), data.get("starts_on"))
            except ValidationError as exc:
                self.add_error("rrule", exc.messages)
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", gettext("The last day must not be before the first day."))
        if "target" in self.fields:
            data["target_kind"], data["target_value"] = split_choice(data.pop("target", "") or "")
        return data


class TemplateItemForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = TemplateItem
        fields = ["position", "label", "kind", "expected_yes", "unit", "min_value", "max_value", "choices", "bad_choices",
                  "required", "follow_up_kind", "problem_label", "is_active"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 2}), "bad_choices": forms.Textarea(attrs={"rows": 2}),
                   "kind": forms.Select(attrs={"class": "item-kind"}),
                   "label": forms.TextInput(attrs={"placeholder": _("Question, e.g. 燃气报警器正常")})}


class BaseItemFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        alive = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not any(form.cleaned_data.get("label") for form in alive):
            raise ValidationError(gettext("A checklist needs at least one question."))


ItemFormSet = inlineformset_factory(
    ChecklistTemplate, TemplateItem, form=TemplateItemForm, formset=BaseItemFormSet, extra=1, can_delete=True,
)
# A template that has questions gets no empty card: "Add a question" makes one (the page's script).
ItemFormSetNoExtra = inlineformset_factory(
    ChecklistTemplate, TemplateItem, form=TemplateItemForm, formset=BaseItemFormSet, extra=0, can_delete=True,
)


class SettingsForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = ChecklistSettings
        fields = ["follow_up_days", "catch_up_days", "reminder_minutes", "follow_up_role"]
