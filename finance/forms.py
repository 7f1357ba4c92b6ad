from decimal import Decimal

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from campus import dates
from campus.uploads import IMAGE, UploadValidator, upload_field

from .choices import CostKind, PaymentMethod
from .models import FeeItem, FeeStandard, FinanceSettings, Reimbursement


class MonthField(dates.DateField):
    widget = forms.DateInput(attrs={"type": "month"})
    input_formats = ["%Y-%m"]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Billing month"))
        kwargs.setdefault("error_messages", {"invalid": _("Give the month as YYYY-MM, e.g. 2026-09."),
                                             "out_of_range": _("Give a month between %(first_month)s and %(last_month)s.")})
        super().__init__(**kwargs)

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day

    def prepare_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%Y-%m")
        return value


class MonthForm(forms.Form):
    month = MonthField()


class SettingsForm(forms.ModelForm):
    # The payment QR code printed on statements: checked by campus.uploads (a real image, small).
    payment_qr = upload_field((IMAGE,), max_mb=2, required=False, label=_("payment QR code"),
                              help_text=_("The campus's own payment QR code image, printed on every statement."))

    class Meta:
        formfield_callback = dates.formfield
        model = FinanceSettings
        fields = ["refund_rule", "refund_threshold_days", "surplus_warning_percent", "second_approval_amount",
                  "invitation_days", "days_to_pay", "food_cost_basis", "payment_instructions", "payment_qr"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days_to_pay"].required = False  # left out or empty: unchanged (forms posted before issue 11)

    def clean_days_to_pay(self):
        value = self.cleaned_data.get("days_to_pay")
        return self.instance.days_to_pay if value is None else value


class FeeStandardForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = FeeStandard
        fields = ["term", "care_fee_month", "meal_fee_day", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, terms=None, **kwargs):
        super().__init__(*args, **kwargs)
        if terms is not None:
            self.fields["term"].queryset = terms


class FeeItemForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = FeeItem
        fields = ["name", "amount", "period"]


FeeItemFormSet = forms.inlineformset_factory(FeeStandard, FeeItem, form=FeeItemForm, extra=2, can_delete=True)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.01"))])
    method = forms.ChoiceField(label=_("Paid by"), choices=PaymentMethod.choices)
    receipt_no = forms.CharField(label=_("Receipt number"), max_length=40, required=False,
                                 help_text=_("Leave empty to number it automatically."))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class RefundForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.01"))])
    method = forms.ChoiceField(label=_("Paid back by"), choices=PaymentMethod.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class SettlementForm(forms.Form):
    method = forms.ChoiceField(label=_("Paid back by"), choices=PaymentMethod.choices,
                               widget=forms.Select(attrs={"class": "form-select"}))
    child = forms.TypedMultipleChoiceField(
        label=_("Children"), coerce=int, choices=(), error_messages={"required": _("Tick the children to pay back.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # any number: the service pays back only children of this campus who still have credit
        self.fields["child"].valid_value = lambda value: str(value).isdigit()


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why is this entry wrong?"), max_length=200)


class CostLineForm(forms.Form):
    month = MonthField(label=_("Month of the cost"))
    kind = forms.ChoiceField(label=_("Kind"), choices=CostKind.choices)
    description = forms.CharField(label=_("Item"), max_length=200)
    quantity = forms.CharField(label=_("Quantity"), max_length=40, required=False)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2,
                                help_text=_("A negative amount corrects an earlier line."))

    def clean_amount(self):
        value = self.cleaned_data["amount"]
        if value == 0:
            raise forms.ValidationError(_("The amount must not be zero."))
        return value


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PostForm(forms.Form):
    note = forms.CharField(label=_("Note for parents"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("validators", [UploadValidator((IMAGE,))])
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)) and data:
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ClaimForm(forms.ModelForm):
    photos = MultipleImageField(label=_("Receipt photos"), help_text=_("Take a photo of each receipt or invoice."))

    class Meta:
        formfield_callback = dates.formfield
        model = Reimbursement
        fields = ["title", "category", "amount", "spent_on"]
        widgets = {"spent_on": forms.DateInput(attrs={"type": "date"})}


class PayClaimForm(forms.Form):
    method = forms.ChoiceField(label=_("Paid by"), choices=PaymentMethod.choices)


class InvitationForm(forms.Form):
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        elif data.get("password1"):
            try:
                validate_password(data["password1"])
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
