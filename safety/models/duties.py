"""The safety duties on record: drills, hazards to rectification, safety responsibility letters, rules
and emergency plans with read confirmation, training with sign-in, children's safety lessons and the
duty roster (值班表)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.roles import Role
from campus.uploads import IMAGE, PDF, UploadValidator

STAFF_ROLE_CHOICES = [(role.value, role.label) for role in Role if role != Role.PARENT]


class DrillKind(models.TextChoices):
    FIRE = "fire", _("Fire")
    EARTHQUAKE = "earthquake", _("Earthquake")
    INTRUDER = "intruder", _("Intruder")
    STAMPEDE = "stampede", _("Stampede")
    OTHER = "other", _("Other")


class HazardKind(models.TextChoices):
    FACILITIES = "facilities", _("Facilities")
    FOOD = "food", _("Food")
    HEALTH = "health", _("Health")
    TRAFFIC = "traffic", _("Traffic")
    FIRE = "fire", _("Fire")


class HazardLevel(models.TextChoices):
    GENERAL = "general", _("General hazard")
    SERIOUS = "serious", _("Serious hazard")
    MAJOR = "major", _("Major hazard")


class HazardStatus(models.TextChoices):
    OPEN = "open", _("Awaiting rectification")
    RECTIFIED = "rectified", _("Rectified, awaiting verification")
    VERIFIED = "verified", _("Verified")


class HazardOrigin(models.TextChoices):
    REPORT = "report", _("Reported")
    DRILL = "drill", _("Drill")
    CHECKLIST = "checklist", _("Checklist")


class DocumentKind(models.TextChoices):
    RULE = "rule", _("Safety rule")
    PLAN = "plan", _("Emergency plan")


class TrainingKind(models.TextChoices):
    FIRE = "fire", _("Fire safety training")
    CARER = "carer", _("Carer training")
    OTHER = "other", _("Other safety training")


class DutyKind(models.TextChoices):
    GATE = "gate", _("Gate duty")
    HOLIDAY = "holiday", _("Holiday duty")


# --- drills ---------------------------------------------------------------------------------------


class Drill(models.Model):
    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.PROTECT, related_name="drills")
    kind = models.CharField(_("drill type"), max_length=12, choices=DrillKind.choices, default=DrillKind.FIRE)
    held_on = models.DateField(_("date"))
    classrooms = models.ManyToManyField("campus.Classroom", verbose_name=_("classes taking part"), blank=True, related_name="+")
    participants = models.PositiveIntegerField(_("people taking part"))
    evacuation_seconds = models.PositiveIntegerField(
        _("evacuation time (seconds)"), null=True, blank=True,
        help_text=_("From the alarm until everyone is at the assembly point (guide: at most 2 minutes for buildings up to 4 floors)."),
    )
    summary = models.TextField(_("how it went"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    campus_path = "campus"

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("safety:drill_detail", args=[self.pk])

    @property
    def evacuation_label(self) -> str:
        if self.evacuation_seconds is None:
            return ""
        minutes, seconds = divmod(self.evacuation_seconds, 60)
        return f"{minutes}:{seconds:02d}"


class DrillProblem(models.Model):
    """A problem found in a drill; one tap turns it into a hazard to rectify."""

    drill = models.ForeignKey(Drill, verbose_name=_("drill"), on_delete=models.CASCADE, related_name="problems")
    text = models.CharField(_("problem found"), max_length=200)
    hazard = models.OneToOneField("safety.Hazard", verbose_name=_("hazard"), null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="drill_problem")

    campus_path = "drill__campus"

    class Meta:
        verbose_name = _("drill problem")
        verbose_name_plural = _("drill problems")
        ordering = ["id"]

    def __str__(self):
        return self.text


class DrillPhoto(models.Model):
    drill = models.ForeignKey(Drill, verbose_name=_("drill"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="safety/drills/%Y/", validators=[UploadValidator((IMAGE,))])

    campus_path = "drill__campus"

    class Meta:
        verbose_name = _("drill photo")
        verbose_name_plural = _("drill photos")
        ordering = ["id"]

    def __str__(self):
        return self.image.name


# --- hazards --------------------------------------------------------------------------------------


class Hazard(models.Model):
    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.PROTECT, related_name="hazards")
    kind = models.CharField(_("kind"), max_length=12, choices=HazardKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=HazardLevel.choices, default=HazardLevel.GENERAL)
    place = models.ForeignKey("campus.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("what is wrong"))
    photo = models.ImageField(_("photo"), upload_to="safety/hazards/%Y/", blank=True, validators=[UploadValidator((IMAGE,))])
    origin = models.CharField(_("found by"), max_length=10, choices=HazardOrigin.choices, default=HazardOrigin.REPORT)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              help_text=_("Named by the campus's safety settings for this kind of hazard."))
    owner_role = models.CharField(_("responsible post"), max_length=20, choices=STAFF_ROLE_CHOICES,
                                  help_text=_("The post that rectifies it when the settings name no one."))
    due_on = models.DateField(_("rectify by"))
    status = models.CharField(_("status"), max_length=10, choices=HazardStatus.choices, default=HazardStatus.OPEN)
    rectification = models.TextField(_("what was done"), blank=True)
    after_photo = models.ImageField(_("photo after"), upload_to="safety/hazards/%Y/", blank=True, validators=[UploadValidator((IMAGE,))])
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rectified by"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verify_note = models.CharField(_("verification note"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["status", "due_on", "id"]
        indexes = [models.Index(fields=["campus", "status", "due_on"], name="hazard_open_due")]
        permissions = [("verify_hazard", _("Can verify a hazard's rectification"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="verified") | (Q(rectified_by__isnull=False) & Q(verified_by__isnull=False)
                                                   & ~Q(verified_by=models.F("rectified_by"))),
                name="hazard_verified_by_another",
            ),
        ]

    def __str__(self):
        return f"{self.place} {self.description[:30]}"

    def get_absolute_url(self):
        return reverse("safety:hazard_detail", args=[self.pk])

    @property
    def progress_label(self) -> str:
        return str(self.get_status_display())

    def is_overdue(self, day) -> bool:
        return self.status == HazardStatus.OPEN and self.due_on < day


# --- safety responsibility letters ----------------------------------------------------------------


class SafetyLetter(models.Model):
    """The text of the 安全责任书 for one post in one term; staff holding the post sign it once issued."""

    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.PROTECT, related_name="safety_letters")
    term = models.ForeignKey("campus.Term", verbose_name=_("term"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("post"), max_length=20, choices=STAFF_ROLE_CHOICES)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("safety responsibility letter")
        verbose_name_plural = _("safety responsibility letters")
        ordering = ["-term__starts_on", "role"]
        constraints = [models.UniqueConstraint(fields=["term", "role"], name="safety_letter_one_per_post")]
        permissions = [("issue_safetyletter", _("Can issue a safety responsibility letter"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("safety:letter_detail", args=[self.pk])


class LetterSignature(models.Model):
    letter = models.ForeignKey(SafetyLetter, verbose_name=_("letter"), on_delete=models.PROTECT, related_name="signatures")
    staff = models.ForeignKey("campus.StaffMember", verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    signed_name = models.CharField(_("name as signed"), max_length=50)
    signed_at = models.DateTimeField(_("signed at"))
    drawing = models.ImageField(_("drawn signature"), upload_to="safety/signatures/%Y/", blank=True,
                                validators=[UploadValidator((IMAGE,))])
    history = HistoricalRecords()

    campus_path = "letter__campus"

    class Meta:
        verbose_name = _("letter signature")
        verbose_name_plural = _("letter signatures")
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["letter", "staff"], name="letter_signed_once")]

    def __str__(self):
        return f"{self.letter} {self.signed_name}"


# --- rules and emergency plans --------------------------------------------------------------------


class SafetyDocument(models.Model):
    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.PROTECT, related_name="safety_documents")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(_("PDF file"), upload_to="safety/documents/%Y/", blank=True, validators=[UploadValidator((PDF,))])
    published_on = models.DateField(_("in force from"))
    is_active = models.BooleanField(_("in force"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("safety rule or plan")
        verbose_name_plural = _("safety rules and plans")
        ordering = ["-is_active", "kind", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("safety:document_detail", args=[self.pk])


class DocumentRead(models.Model):
    document = models.ForeignKey(SafetyDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="reads")
    staff = models.ForeignKey("campus.StaffMember", verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(_("read at"))

    campus_path = "document__campus"

    class Meta:
        verbose_name = _("read confirmation")
        verbose_name_plural = _("read confirmations")
        ordering = ["read_at"]
        constraints = [models.UniqueConstraint(fields=["document", "staff"], name="document_read_once")]

    def __str__(self):
        return f"{self.document} {self.staff}"


# --- training and safety lessons ------------------------------------------------------------------


class TrainingSession(models.Model):
    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.PROTECT, related_name="safety_trainings")
    kind = models.CharField(_("kind"), max_length=10, choices=TrainingKind.choices)
    title = models.CharField(_("topic"), max_length=100)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    trainer = models.CharField(_("trainer"), max_length=50, blank=True)
    place = models.CharField(_("place"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive")]

    def __str__(self):
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self):
        return reverse("safety:training_detail", args=[self.pk])


class TrainingAttendance(models.Model):
    session = models.ForeignKey(TrainingSession, verbose_name=_("training"), on_delete=models.CASCADE, related_name="attendances")
    staff = models.ForeignKey("campus.StaffMember", verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed in at"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    history = HistoricalRecords()

    campus_path = "session__campus"

    class Meta:
        verbose_name = _("training sign-in")
        verbose_name_plural = _("training sign-ins")
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["session", "staff"], name="training_signed_once")]

    def __str__(self):
        return f"{self.session} {self.staff}"


class SafetyLesson(models.Model):
    """A safety lesson given to the children of a class (幼儿安全教育)."""

    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey("campus.Classroom", verbose_name=_("class"), on_delete=models.PROTECT, related_name="safety_lessons")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=100)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=20)
    note = models.CharField(_("note"), max_length=200, blank=True)
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "classroom"

    class Meta:
        verbose_name = _("children's safety lesson")
        verbose_name_plural = _("children's safety lessons")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.classroom} {self.topic}"

    def get_absolute_url(self):
        return reverse("safety:lesson_list") + f"?class={self.classroom_id}"


# --- duty roster ----------------------------------------------------------------------------------


class DutyShift(models.Model):
    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.PROTECT, related_name="duty_shifts")
    kind = models.CharField(_("duty"), max_length=10, choices=DutyKind.choices)
    date = models.DateField(_("date"))
    people = models.ManyToManyField("campus.StaffMember", verbose_name=_("on duty"), related_name="+")
    handover = models.TextField(_("handover notes"), blank=True)
    handed_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handed over by"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        ordering = ["date", "kind"]
        constraints = [models.UniqueConstraint(fields=["campus", "date", "kind"], name="duty_one_per_day_kind")]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("safety:duty_detail", args=[self.pk])


__all__ = [
    "DocumentKind",
    "DocumentRead",
    "Drill",
    "DrillKind",
    "DrillPhoto",
    "DrillProblem",
    "DutyKind",
    "DutyShift",
    "Hazard",
    "HazardKind",
    "HazardLevel",
    "HazardOrigin",
    "HazardStatus",
    "LetterSignature",
    "STAFF_ROLE_CHOICES",
    "SafetyDocument",
    "SafetyLesson",
    "SafetyLetter",
    "TrainingAttendance",
    "TrainingKind",
    "TrainingSession",
]
