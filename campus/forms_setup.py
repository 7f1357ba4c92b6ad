"""Forms of the setup pages: campus, class, term, place, child, staff, certificate, calendar entry,
the new school year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import dates
from .choices import CalendarDayKind, Grade
from .models import Campus, Child, Classroom, Place, StaffCertificate, StaffMember, Term
from .roles import STAFF_ROLES


class CampusForm(forms.ModelForm):
    class Meta:
        model = Campus
        fields = ["name", "code", "address", "phone", "guided_by"]

    def __init__(self, *args, guides=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guided_by"].queryset = guides if guides is not None else Campus.objects.none()


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name", "grade", "age_band", "head_teacher", "staff", "capacity"]
        widgets = {"staff": forms.CheckboxSelectMultiple}

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        people = StaffMember.objects.filter(campuses=campus, is_active=True).order_by("name")
        self.fields["head_teacher"].queryset = people
        self.fields["staff"].queryset = people


class TermForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = Term
        fields = ["name", "starts_on", "ends_on"]


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "kind", "classroom", "custodian", "is_active"]

    def __init__(self, *args, campus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].queryset = Classroom.objects.filter(campus=campus, is_active=True).by_grade()
        self.fields["custodian"].queryset = StaffMember.objects.filter(campuses=campus, is_active=True).order_by("name")


class ChildForm(forms.ModelForm):
    """The director's form; a class teacher gets it without the class and the enrolment date."""

    class Meta:
        formfield_callback = dates.formfield
        model = Child
        fields = ["name", "gender", "birth_date", "classroom", "enrolled_on", "allergies", "dietary_needs", "photo", "notes"]

    def __init__(self, *args, campus, full=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].queryset = Classroom.objects.filter(campus=campus, is_active=True).by_grade()
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/gif,image/webp"
        if not full:
            for name in ("classroom", "enrolled_on"):
                del self.fields[name]


class LeaveForm(forms.Form):
    left_on = dates.DateField(label=_("Last day at the kindergarten"),
                              help_text=_("Rosters, meal counts and bills count the child up to this day."))
    leaving_reason = forms.CharField(label=_("Reason for leaving"), max_length=100)


class MoveForm(forms.Form):
    classroom = forms.ModelChoiceField(label=_("New class"), queryset=Classroom.objects.none())
    first_day = dates.DateField(label=_("First day in the new class"),
                                help_text=_("Used when the child moves to another campus: they leave this one the day before."))

    def __init__(self, *args, classrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].queryset = classrooms
        self.fields["classroom"].label_from_instance = lambda room: f"{room.campus.name} · {room.name}"


class SiblingForm(forms.Form):
    sibling = forms.ModelChoiceField(label=_("Sibling"), queryset=Child.objects.none())

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sibling"].queryset = children
        self.fields["sibling"].label_from_instance = lambda child: f"{child.name} · {child.classroom.name}"


class CalendarTextForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    text = forms.CharField(
        label=_("Holidays and make-up working days"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paste the State Council's notice or write one line per holiday, e.g. "
                    "“2027-04-03 至 2027-04-05 放假” and “2027-04-06 上班”."),
    )
    confirm = forms.BooleanField(label=_("These are all of this year's holidays: confirm the year as complete"), required=False)


class CalendarRangeForm(forms.Form):
    first = dates.DateField(label=_("From"))
    last = dates.DateField(label=_("To"))
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDayKind.choices)
    note = forms.CharField(label=_("Note"), max_length=100, required=False,
                           help_text=_("e.g. 园内消毒停课, 教职工培训."))


class StaffForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    username = forms.CharField(label=_("Login name"), max_length=150)
    password = forms.CharField(label=_("First password"), required=False, widget=forms.PasswordInput(render_value=False),
                               help_text=_("At least 8 characters; the person changes it after logging in."))
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=[(role.value, role.label) for role in STAFF_ROLES],
                                      widget=forms.CheckboxSelectMultiple)
    campuses = forms.ModelMultipleChoiceField(label=_("Campuses"), queryset=Campus.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)
    classrooms = forms.ModelMultipleChoiceField(label=_("Classes"), queryset=Classroom.objects.none(), required=False,
                                                widget=forms.CheckboxSelectMultiple)
    post = forms.CharField(label=_("Post"), max_length=50, required=False)
    contract_type = forms.ChoiceField(label=_("Contract type"), required=False,
                                      choices=[("", "—"), *StaffMember._meta.get_field("contract_type").choices])
    contract_starts_on = dates.DateField(label=_("Contract start"), required=False)
    contract_ends_on = dates.DateField(label=_("Contract end"), required=False)
    emergency_contact = forms.CharField(label=_("Emergency contact"), max_length=50, required=False)
    emergency_phone = forms.CharField(label=_("Emergency contact phone"), max_length=30, required=False)

    def __init__(self, *args, campus, campuses, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campuses"].queryset = campuses
        self.fields["classrooms"].queryset = Classroom.objects.filter(campus=campus, is_active=True).by_grade()
        if staff is not None:
            del self.fields["username"], self.fields["password"]
            self.initial.update({
                "name": staff.name, "phone": staff.phone, "roles": sorted(staff.roles), "post": staff.post,
                "campuses": list(staff.campuses.all()), "classrooms": list(staff.classrooms.filter(campus=campus)),
                "contract_type": staff.contract_type, "contract_starts_on": staff.contract_starts_on,
                "contract_ends_on": staff.contract_ends_on, "emergency_contact": staff.emergency_contact,
                "emergency_phone": staff.emergency_phone,
            })
        else:
            self.fields["password"].required = True
            self.initial.setdefault("campuses", [campus])


class StaffLeaveForm(forms.Form):
    left_on = dates.DateField(label=_("Last working day"))


class CertificateForm(forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = StaffCertificate
        fields = ["kind", "number", "issued_on", "expires_on", "scan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].widget.attrs["accept"] = "image/jpeg,image/png,image/gif,image/webp,application/pdf"


class PromotionForm(forms.Form):
    """One row per open class (new name, new head teacher) and three rows for the intake's classes."""

    first_day = dates.DateField(label=_("First day of the new school year"))
    INTAKE_ROWS = 3

    def __init__(self, *args, moves, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.moves = moves
        for move in moves:
            if not move.graduates:
                self.fields[f"name_{move.room.pk}"] = forms.CharField(label=_("New name"), max_length=50, initial=move.new_name)
                self.fields[f"head_{move.room.pk}"] = forms.ModelChoiceField(
                    label=_("Head teacher"), queryset=people, required=False, initial=move.head_teacher)
        for index in range(self.INTAKE_ROWS):
            self.fields[f"new_name_{index}"] = forms.CharField(label=_("New class"), max_length=50, required=False)
            self.fields[f"new_grade_{index}"] = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, initial=Grade.SMALL)
            self.fields[f"new_head_{index}"] = forms.ModelChoiceField(label=_("Head teacher"), queryset=people, required=False)

    def rows(self):
        return [(move, self[f"name_{move.room.pk}"] if not move.graduates else None,
                 self[f"head_{move.room.pk}"] if not move.graduates else None) for move in self.moves]

    def intake_rows(self):
        return [(self[f"new_name_{i}"], self[f"new_grade_{i}"], self[f"new_head_{i}"]) for i in range(self.INTAKE_ROWS)]
