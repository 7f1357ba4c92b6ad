"""Campuses, terms, the school calendar, classes, children, guardians, staff and attendance.

Every record in Houqin belongs to one campus. Models outside this app point at ``Campus``
(directly, or through a class or a child) and say how in ``campus_path`` so that the scoped
loaders in ``campus.scoping`` can filter them; records of a class or a child also say how they reach
the class in ``class_path``, so that a class teacher sees only their own classes' records.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .choices import (
    AttendanceStatus,
    CalendarDayKind,
    CertificateKind,
    ContractType,
    Gender,
    Grade,
    PlaceKind,
    Relation,
)
from .uploads import IMAGE, PDF, UploadValidator


class Campus(models.Model):
    code = models.SlugField(
        _("code"), max_length=30, unique=True,
        help_text=_("Short code in Latin letters, used in receipt numbers and commands, e.g. central."),
    )
    name = models.CharField(_("name"), max_length=100)
    guided_by = models.ForeignKey(
        "self",
        verbose_name=_("guided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
        help_text=_("The central kindergarten that guides this branch campus."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    campus_path = "pk"

    class Meta:
        verbose_name = _("campus")
        verbose_name_plural = _("campuses")
        ordering = ["guided_by_id", "name"]

    def __str__(self):
        return self.name


from .models_base import CampusSettingsBase  # noqa: E402 - its own module, so models_family can use it too


class StaffSettings(CampusSettingsBase):
    """Per-campus settings about the staff."""

    certificate_alert_days = models.PositiveSmallIntegerField(
        _("alert days before a staff certificate expires"), default=30, validators=[MaxValueValidator(365)],
        help_text=_("The logistics head and the director see every staff certificate (health certificate, qualifications) "
                    "that expires within this many days, or has expired."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff settings")
        verbose_name_plural = _("staff settings")


class Term(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("name"), max_length=60)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["campus", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["campus", "starts_on"], name="term_unique_start"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="term_ends_after_start"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day must not be before the first day.")})

    def contains(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class CalendarDay(models.Model):
    """A campus's own exception to the national calendar: an extra day off, or a make-up school day."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.CASCADE, related_name="calendar_days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=CalendarDayKind.choices)
    note = models.CharField(_("note"), max_length=100, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["campus", "date"]
        constraints = [models.UniqueConstraint(fields=["campus", "date"], name="calendar_day_unique")]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class StaffMember(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("login"), on_delete=models.CASCADE, related_name="staff")
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    campuses = models.ManyToManyField(Campus, verbose_name=_("campuses"), related_name="staff", blank=True)
    sees_all_campuses = models.BooleanField(
        _("sees all campuses"), default=False, help_text=_("For the group director: every campus, present and future.")
    )
    is_active = models.BooleanField(pgettext_lazy("staff", "active"), default=True)  # 在职, not 启用
    post = models.CharField(_("post"), max_length=50, blank=True, help_text=_("The job as the staff list names it, e.g. 小一班主班老师."))
    contract_type = models.CharField(_("contract type"), max_length=12, choices=ContractType.choices, blank=True)
    contract_starts_on = models.DateField(_("contract start"), null=True, blank=True)
    contract_ends_on = models.DateField(_("contract end"), null=True, blank=True)
    emergency_contact = models.CharField(_("emergency contact"), max_length=50, blank=True)
    emergency_phone = models.CharField(_("emergency contact phone"), max_length=30, blank=True)
    left_on = models.DateField(pgettext_lazy("staff", "left on"), null=True, blank=True)  # 离职, a child's is 离园
    history = HistoricalRecords()

    campus_path = "campuses"

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def roles(self) -> set[str]:
        return {group.name for group in self.user.groups.all()}


class StaffCertificate(models.Model):
    staff = models.ForeignKey(StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"))
    scan = models.FileField(_("scan"), upload_to="certificates/%Y/", blank=True, validators=[UploadValidator((IMAGE, PDF))])
    history = HistoricalRecords()

    campus_path = "staff__campuses"

    class Meta:
        verbose_name = _("staff certificate")
        verbose_name_plural = _("staff certificates")
        ordering = ["expires_on"]

    def __str__(self):
        return f"{self.staff} {self.get_kind_display()}"

    def is_valid_on(self, day) -> bool:
        return self.expires_on >= day


class ClassroomQuerySet(models.QuerySet):
    def by_grade(self):
        """托班, 小班, 中班, 大班 — the order a kindergarten lists its classes in — then by name."""
        order = models.Case(
            *(models.When(grade=grade, then=models.Value(index)) for index, grade in enumerate(Grade.values)),
            default=models.Value(len(Grade.values)),
        )
        return self.annotate(grade_order=order).order_by("grade_order", "name")


class Classroom(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="classrooms")
    name = models.CharField(_("name"), max_length=50)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    head_teacher = models.ForeignKey(
        StaffMember, verbose_name=_("head teacher"), null=True, blank=True, on_delete=models.SET_NULL, related_name="headed_classes"
    )
    staff = models.ManyToManyField(StaffMember, verbose_name=_("teachers and nursery staff"), blank=True, related_name="classrooms")
    age_band = models.CharField(_("age band"), max_length=30, blank=True, help_text=_("e.g. 3–4岁."))
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=35)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ClassroomQuerySet.as_manager()

    campus_path = "campus"
    class_path = "pk"

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["campus", "grade", "name"]
        constraints = [models.UniqueConstraint(fields=["campus", "name"], name="classroom_unique_name")]

    def __str__(self):
        return self.name

    def children_on(self, day):
        return Child.objects.enrolled_on(day).filter(classroom=self)


class Place(models.Model):
    """A room or area of a campus (a class's room, the kitchen, a storeroom, the playground): where
    assets stand, stores are kept, hazards are found and checklists are done. One list per campus,
    shared by every department."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="places")
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices, default=PlaceKind.OTHER)
    classroom = models.ForeignKey(
        Classroom, verbose_name=_("class"), null=True, blank=True, on_delete=models.SET_NULL, related_name="places",
        help_text=_("The class that uses this room, if any."),
    )
    custodian = models.ForeignKey(
        StaffMember, verbose_name=_("custodian"), null=True, blank=True, on_delete=models.SET_NULL, related_name="places",
        help_text=_("The person answerable for what is in this place."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["campus", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["campus", "name"], name="place_unique_name")]

    def __str__(self):
        return self.name


class ChildQuerySet(models.QuerySet):
    def enrolled_on(self, day):
        return self.filter(enrolled_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gte=day))

    def enrolled_between(self, first, last):
        return self.filter(enrolled_on__lte=last).filter(Q(left_on__isnull=True) | Q(left_on__gte=first))


class Child(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="children")
    classroom = models.ForeignKey(Classroom, verbose_name=_("class"), on_delete=models.PROTECT, related_name="children")
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    enrolled_on = models.DateField(_("enrolled on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leaving_reason = models.CharField(_("reason for leaving"), max_length=100, blank=True)
    allergies = models.CharField(_("allergies"), max_length=200, blank=True)
    dietary_needs = models.CharField(
        _("dietary needs"), max_length=200, blank=True, help_text=_("Halal, vegetarian, soft food…: what the kitchen must know."),
    )
    photo = models.FileField(_("photo"), upload_to="children/%Y/", blank=True, validators=[UploadValidator((IMAGE,))])
    siblings = models.ManyToManyField("self", verbose_name=_("siblings"), blank=True, symmetrical=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = ChildQuerySet.as_manager()

    campus_path = "campus"
    class_path = "classroom"

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["classroom", "name"]
        indexes = [models.Index(fields=["campus", "classroom"])]
        constraints = [
            models.UniqueConstraint(fields=["campus", "name", "birth_date"], name="child_unique_name_birth"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campus:child_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.classroom_id and self.campus_id and self.classroom.campus_id != self.campus_id:
            errors["classroom"] = _("The class belongs to another campus.")
        if self.birth_date and self.birth_date > timezone.localdate():
            errors["birth_date"] = _("The date of birth is in the future.")
        if self.left_on and self.enrolled_on and self.left_on < self.enrolled_on:
            errors["left_on"] = _("The leaving date is before the enrolment date.")
        if errors:
            raise ValidationError(errors)

    def age_in_months(self, on) -> int:
        months = (on.year - self.birth_date.year) * 12 + on.month - self.birth_date.month
        if on.day < self.birth_date.day:
            months -= 1
        return months


class Guardian(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True, blank=True, on_delete=models.SET_NULL, related_name="guardian"
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, unique=True)
    children = models.ManyToManyField(Child, through="Guardianship", verbose_name=_("children"), related_name="guardians")
    history = HistoricalRecords()

    campus_path = "children__campus"

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.phone})"


class Guardianship(models.Model):
    guardian = models.ForeignKey(Guardian, verbose_name=_("guardian"), on_delete=models.CASCADE, related_name="guardianships")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="guardianships")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    may_pick_up = models.BooleanField(_("may pick up"), default=True)

    campus_path = "child__campus"

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [models.UniqueConstraint(fields=["guardian", "child"], name="guardianship_unique")]

    def __str__(self):
        return f"{self.guardian.name} – {self.child.name} ({self.get_relation_display()})"


class Attendance(models.Model):
    """One record per child per school day: the single source of truth for who was there.

    Kitchen meal counts, health follow-ups and finance refunds read it; write it only through
    ``campus.services.record_class_attendance`` / ``set_attendance``.
    """

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(Classroom, verbose_name=_("class"), on_delete=models.PROTECT, related_name="attendance")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="attendance")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "classroom"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["date", "classroom", "child"]
        constraints = [models.UniqueConstraint(fields=["child", "date"], name="attendance_one_per_child_day")]
        indexes = [models.Index(fields=["campus", "date"]), models.Index(fields=["classroom", "date"])]

    def __str__(self):
        return f"{self.child} {self.date} {self.get_status_display()}"

    @property
    def is_absent(self) -> bool:
        return self.status != AttendanceStatus.PRESENT


class CalendarYear(models.Model):
    """A year whose holidays the campus entered by hand (as CalendarDay rows), for years the
    national calendar package does not know yet. Without it such a year is refused, not guessed."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.CASCADE, related_name="calendar_years")
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    campus_path = "campus"

    class Meta:
        verbose_name = _("calendar entered by hand")
        verbose_name_plural = _("calendars entered by hand")
        constraints = [models.UniqueConstraint(fields=["campus", "year"], name="calendar_year_unique")]

    def __str__(self):
        return f"{self.campus} {self.year}"


from .models_family import (  # noqa: E402, F401
    AlertGroup,
    AlertSettings,
    FamilyNotice,
    FamilySettings,
    GroupDelivery,
    LeaveRequest,
    NoticeReceipt,
)
from .models_notify import Delivery, Notification, NotificationPreference, NotificationRecipient  # noqa: E402, F401
