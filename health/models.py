"""Health care: morning and afternoon checks, observation, medication, sick-absence follow-up,
infectious disease cases and outbreak alerts, growth measurements, blood pressure, the weak-children
register and physical exams. Every record is regulatory: history is kept on each."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.models import Campus, CampusSettingsBase, Child, Classroom, Guardian, StaffMember
from campus.uploads import IMAGE, PDF, UploadValidator

from .choices import (
    NOTIFIABLE,
    CheckAction,
    CheckSession,
    Disease,
    DoseTiming,
    ExamKind,
    FollowUpStatus,
    GrowthStandard,
    Indicator,
    MeasuringPosition,
    MedicationRoute,
    OutbreakRule,
    PersonKind,
    RequestStatus,
    Sex,
    SymptomGroup,
    WeakReason,
    WeightStatus,
)

USER = settings.AUTH_USER_MODEL


def _dec(places=1):
    return {"max_digits": 5, "decimal_places": places}


class HealthSettings(CampusSettingsBase):
    fever_at = models.DecimalField(
        _("fever from (°C)"), default=Decimal("37.3"), **_dec(1),
        help_text=_("A temperature at or above this counts as fever (local practice: 37.3 or 37.5 °C)."),
    )
    temperature_min = models.DecimalField(_("lowest plausible temperature (°C)"), default=Decimal("34.0"), **_dec(1),
                                          help_text=_("Lower values are refused as a measuring error."))
    temperature_max = models.DecimalField(_("highest plausible temperature (°C)"), default=Decimal("42.5"), **_dec(1),
                                          help_text=_("Higher values are refused as a measuring error."))
    outbreak_day_cases = models.PositiveSmallIntegerField(
        _("outbreak: cases in one day"), default=3,
        help_text=_("Similar cases in one class on one day that must be reported within 24 h (卫办疾控发〔2006〕65号)."),
    )
    outbreak_window_days = models.PositiveSmallIntegerField(
        _("outbreak: window (days)"), default=3, validators=[MinValueValidator(1)],
        help_text=_("Length of the several-day window of the outbreak rule (卫办疾控发〔2006〕65号)."),
    )
    outbreak_window_cases = models.PositiveSmallIntegerField(
        _("outbreak: cases in the window"), default=5,
        help_text=_("Similar cases in one class within the window that must be reported (卫办疾控发〔2006〕65号)."),
    )
    hfmd_cluster_cases = models.PositiveSmallIntegerField(
        _("hand, foot and mouth disease: cases in one class"), default=2,
        help_text=_("Diagnosed cases in one class within the days below that are reported as a cluster (0: off). "
                    "Local rule, e.g. Huzhou 2023: ≥2 per class in 7 days."),
    )
    hfmd_cluster_days = models.PositiveSmallIntegerField(_("hand, foot and mouth disease: within days"), default=7)
    flu_cluster_cases = models.PositiveSmallIntegerField(
        _("influenza: cases in one class"), default=10,
        help_text=_("Diagnosed influenza cases in one class within the days below that are reported as a cluster "
                    "(0: off). Local rule, e.g. Huzhou 2023: ≥10 in 7 days."),
    )
    flu_cluster_days = models.PositiveSmallIntegerField(_("influenza: within days"), default=7)
    report_hours = models.PositiveSmallIntegerField(
        _("report deadline (hours)"), default=24, help_text=_("An outbreak is reported within 24 h (卫办疾控发〔2006〕65号)."),
    )
    follow_up_flag_hour = models.PositiveSmallIntegerField(
        _("flag open sick-absence follow-ups from (hour)"), default=17, validators=[MaxValueValidator(23)],
        help_text=_("Open follow-ups of the day are flagged from this hour (WS/T 772-2020 因病缺勤追踪)."),
    )
    dose_grace_minutes = models.PositiveSmallIntegerField(
        _("dose overdue after (minutes)"), default=30, help_text=_("A dose not given this long after its time is flagged."),
    )
    dose_window_minutes = models.PositiveSmallIntegerField(
        _("dose window (± minutes)"), default=30, validators=[MaxValueValidator(240)],
        help_text=_("A dose given more than this many minutes before or after its time needs a reason and a "
                    "confirmation, and is marked early or late in the log (local practice: ±30 min)."),
    )
    weight_jump_percent = models.PositiveSmallIntegerField(
        _("ask to confirm a weight change above (%)"), default=30,
        help_text=_("A weight this much above or below last month's asks the measurer to confirm."),
    )
    underweight_z = models.DecimalField(_("underweight below (WFA z)"), default=Decimal("-2"), **_dec(1),
                                        help_text=_("WS/T 423-2022 表3: weight-for-age < −2SD."))
    stunting_z = models.DecimalField(_("stunting below (HFA z)"), default=Decimal("-2"), **_dec(1),
                                     help_text=_("WS/T 423-2022 表3: height-for-age < −2SD."))
    wasting_z = models.DecimalField(_("wasting below (WFH z)"), default=Decimal("-2"), **_dec(1),
                                    help_text=_("WS/T 423-2022 表3: weight-for-height (or BMI) < −2SD."))
    overweight_z = models.DecimalField(_("overweight from (WFH z)"), default=Decimal("1"), **_dec(1),
                                       help_text=_("WS/T 423-2022 表3: ≥ +1SD and < +2SD."))
    obesity_z = models.DecimalField(_("obesity from (WFH z)"), default=Decimal("2"), **_dec(1),
                                    help_text=_("WS/T 423-2022 表3: ≥ +2SD and < +3SD."))
    severe_obesity_z = models.DecimalField(_("severe obesity from (WFH z)"), default=Decimal("3"), **_dec(1),
                                           help_text=_("WS/T 423-2022 表3: ≥ +3SD."))
    growth_standard = models.CharField(
        _("growth standard"), max_length=10, choices=GrowthStandard.choices, default=GrowthStandard.WHO,
        help_text=_("WHO 2006/2007, or China's WS/T 423-2022 once its tables are imported."),
    )
    anaemia_hb = models.PositiveSmallIntegerField(
        _("anaemia below Hb (g/L)"), default=110, help_text=_("Hb < 110 g/L for 6 months–6 years (WS/T 441-2013)."),
    )
    blood_pressure_days = models.PositiveSmallIntegerField(
        _("blood pressure of obese children every (days)"), default=30,
        help_text=_("Moderately obese children and above get their blood pressure measured monthly (logistics plan)."),
    )
    reexam_after_days = models.PositiveSmallIntegerField(
        _("re-exam after an absence of (days)"), default=90,
        help_text=_("A child away ≥3 months is re-examined before returning (2012 托幼机构卫生保健工作规范)."),
    )
    require_entry_certificate = models.BooleanField(
        _("entry health certificate required"), default=True,
        help_text=_("A child without the entry health exam cannot start (2012 托幼机构卫生保健工作规范)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("health settings")
        verbose_name_plural = _("health settings")

    def get_absolute_url(self):
        return reverse("health:settings")


class HealthCheck(models.Model):
    """One child's morning or afternoon check. Only exceptions carry findings; a row exists for
    every child checked in, so "checked" and "present" are the same fact."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(Classroom, verbose_name=_("class"), on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="health_checks")
    date = models.DateField(_("date"))
    session = models.CharField(_("check"), max_length=10, choices=CheckSession.choices)
    temperature = models.DecimalField(_("temperature (°C)"), null=True, blank=True, **_dec(1))
    findings = models.JSONField(_("findings"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=CheckAction.choices, default=CheckAction.ADMITTED)
    checked_by = models.ForeignKey(USER, verbose_name=_("checked by"), null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(_("checked at"))
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "child__classroom"

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["-date", "classroom", "child"]
        constraints = [models.UniqueConstraint(fields=["child", "date", "session"], name="healthcheck_one_per_session")]
        indexes = [models.Index(fields=["campus", "date"]), models.Index(fields=["classroom", "date"])]

    def __str__(self):
        return f"{self.child} {self.date} {self.get_session_display()}"

    def get_absolute_url(self):
        return reverse("health:check_detail", args=[self.pk])

    @property
    def is_exception(self) -> bool:
        return bool(self.findings or self.temperature or self.action != CheckAction.ADMITTED or self.note)

    def findings_display(self) -> str:
        from .choices import Finding

        labels = dict(Finding.choices)
        return "、".join(str(labels.get(f, f)) for f in self.findings)


class Observation(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="observations")
    observed_at = models.DateTimeField(_("time"))
    symptom = models.CharField(_("symptom"), max_length=200)
    symptom_group = models.CharField(_("kind of symptom"), max_length=12, choices=SymptomGroup.choices, default=SymptomGroup.OTHER)
    temperature = models.DecimalField(_("temperature (°C)"), null=True, blank=True, **_dec(1))
    action = models.CharField(_("action taken"), max_length=200, blank=True)
    parent_informed = models.BooleanField(_("parent informed"), default=False)
    sent_home = models.BooleanField(_("sent home"), default=False)
    recorded_by = models.ForeignKey(USER, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "child__classroom"

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-observed_at"]

    def __str__(self):
        return f"{self.child} {self.observed_at:%Y-%m-%d %H:%M} {self.symptom}"

    def get_absolute_url(self):
        return reverse("health:observation_detail", args=[self.pk])


class MedicationRequest(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="medication_requests")
    drug = models.CharField(_("drug"), max_length=100)
    dose = models.CharField(_("dose"), max_length=50, help_text=_("E.g. 5 ml, 1 tablet."))
    times = models.JSONField(_("times"), default=list, help_text=_("Times of day, e.g. 10:00, 14:30."))
    route = models.CharField(_("route"), max_length=10, choices=MedicationRoute.choices, default=MedicationRoute.ORAL)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(_("given for"), max_length=100, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    requested_by = models.ForeignKey(Guardian, verbose_name=_("requested by (parent)"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    entered_by = models.ForeignKey(USER, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+")
    form_photo = models.FileField(_("photo of the signed form"), upload_to="health/medication/%Y/", blank=True,
                                  validators=[UploadValidator((IMAGE, PDF))])
    medicine_photo = models.FileField(_("photo of the medicine or prescription"), upload_to="health/medicine/%Y/", blank=True,
                                      validators=[UploadValidator((IMAGE,))])
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "child__classroom"

    class Meta:
        verbose_name = _("medication request")
        verbose_name_plural = _("medication requests")
        ordering = ["-starts_on", "child"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="medication_ends_after_start"),
            models.CheckConstraint(condition=Q(requested_by__isnull=False) | ~Q(form_photo=""), name="medication_signed"),
        ]

    def __str__(self):
        return f"{self.child} {self.drug} {self.dose}"

    def get_absolute_url(self):
        return reverse("health:medication_detail", args=[self.pk])

    def covers(self, day) -> bool:
        return self.status == RequestStatus.ACTIVE and self.starts_on <= day <= self.ends_on


class MedicationDose(models.Model):
    """A dose given (one person) and checked (a second person). One row per request, day and time:
    a second "given" for the same time is refused by the constraint."""

    request = models.ForeignKey(MedicationRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="doses")
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    scheduled = models.TimeField(_("due at"))
    amount = models.CharField(_("amount given"), max_length=50)
    given_at = models.DateTimeField(_("given at"))
    given_by = models.ForeignKey(USER, verbose_name=_("given by"), on_delete=models.PROTECT, related_name="+")
    checked_by = models.ForeignKey(USER, verbose_name=_("checked by"), null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    timing = models.CharField(_("timing"), max_length=10, choices=DoseTiming.choices, default=DoseTiming.ON_TIME)
    minutes_off = models.PositiveIntegerField(_("minutes early or late"), default=0)
    timing_reason = models.CharField(_("why outside the window"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "request__child__classroom"

    class Meta:
        verbose_name = _("dose given")
        verbose_name_plural = _("doses given")
        ordering = ["-date", "scheduled"]
        constraints = [
            models.UniqueConstraint(fields=["request", "date", "scheduled"], name="dose_once"),
            models.CheckConstraint(condition=~Q(checked_by=models.F("given_by")), name="dose_checked_by_another"),
            models.CheckConstraint(condition=Q(timing=DoseTiming.ON_TIME) | ~Q(timing_reason=""), name="dose_off_time_has_reason"),
        ]

    def __str__(self):
        return f"{self.request} {self.date} {self.scheduled:%H:%M}"

    @property
    def timing_text(self) -> str:
        """"提前 60 分钟" / "推迟 114 分钟", or "" for a dose within the window."""
        return DoseTiming.text(self.timing, self.minutes_off)

    @property
    def timing_with_reason(self) -> str:
        """For the log, the register and the parent: "提前 60 分钟：午睡前喂" or ""."""
        if not self.timing_text:
            return ""
        return _("%(timing)s: %(reason)s") % {"timing": self.timing_text, "reason": self.timing_reason}


class SickFollowUp(models.Model):
    """因病缺勤追踪: opened for each sick leave in attendance."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(Classroom, verbose_name=_("class"), on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="sick_follow_ups")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason given"), max_length=200, blank=True)
    symptoms = models.CharField(_("symptoms"), max_length=200, blank=True)
    symptom_group = models.CharField(_("kind of symptom"), max_length=12, choices=SymptomGroup.choices, blank=True)
    onset = models.DateField(_("onset"), null=True, blank=True)
    doctor_visit = models.BooleanField(_("saw a doctor"), default=False)
    diagnosis = models.CharField(_("diagnosis"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    closed_by = models.ForeignKey(USER, verbose_name=_("followed up by"), null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    closed_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "child__classroom"

    class Meta:
        verbose_name = _("sick-absence follow-up")
        verbose_name_plural = _("sick-absence follow-ups")
        ordering = ["-date", "classroom", "child"]
        constraints = [models.UniqueConstraint(fields=["child", "date"], name="sickfollowup_one_per_day")]

    def __str__(self):
        return f"{self.child} {self.date}"

    def get_absolute_url(self):
        return reverse("health:followup_detail", args=[self.pk])


class DiseaseCase(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    person_kind = models.CharField(_("who"), max_length=10, choices=PersonKind.choices, default=PersonKind.CHILD)
    child = models.ForeignKey(Child, verbose_name=_("child"), null=True, blank=True, on_delete=models.CASCADE,
                              related_name="disease_cases")
    staff = models.ForeignKey(StaffMember, verbose_name=_("staff member"), null=True, blank=True, on_delete=models.CASCADE,
                              related_name="disease_cases")
    classroom = models.ForeignKey(Classroom, verbose_name=_("class"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    disease = models.CharField(_("disease"), max_length=20, choices=Disease.choices)
    symptom_group = models.CharField(_("kind of symptom"), max_length=12, choices=SymptomGroup.choices)
    notifiable = models.BooleanField(_("notifiable"), default=False)
    onset = models.DateField(_("onset"))
    diagnosed_on = models.DateField(_("diagnosed on"), null=True, blank=True)
    diagnosis = models.CharField(_("diagnosis / hospital"), max_length=200, blank=True)
    isolation_start = models.DateField(_("isolation from"))
    isolation_end = models.DateField(_("isolation until"), null=True, blank=True)
    reported_on = models.DateField(_("reported to the CDC on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    certificate_no = models.CharField(_("doctor's certificate"), max_length=100, blank=True,
                                      help_text=_("Number or hospital of the certificate that allows the return."))
    certificate_scan = models.FileField(_("certificate scan"), upload_to="health/certificates/%Y/", blank=True,
                                        validators=[UploadValidator((IMAGE, PDF))])
    recorded_by = models.ForeignKey(USER, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "classroom"

    class Meta:
        verbose_name = _("infectious disease case")
        verbose_name_plural = _("infectious disease cases")
        ordering = ["-onset"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person_kind=PersonKind.CHILD, child__isnull=False, staff__isnull=True)
                           | Q(person_kind=PersonKind.STAFF, staff__isnull=False, child__isnull=True)),
                name="diseasecase_one_person",
            ),
            models.CheckConstraint(condition=Q(returned_on__isnull=True) | ~Q(certificate_no=""),
                                   name="diseasecase_return_needs_certificate"),
        ]

    def __str__(self):
        return f"{self.person} {self.get_disease_display()}"

    def save(self, *args, **kwargs):
        self.notifiable = self.disease in NOTIFIABLE
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("health:case_detail", args=[self.pk])

    @property
    def person(self):
        return self.child if self.person_kind == PersonKind.CHILD else self.staff

    @property
    def is_isolated(self) -> bool:
        return self.returned_on is None


class OutbreakAlert(models.Model):
    """A cluster that met the outbreak rule: the report record with its deadline. One per class,
    symptom group and window: cases arriving later update it (``last_detected_on``, ``cases``)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(Classroom, verbose_name=_("class"), on_delete=models.PROTECT, related_name="+")
    symptom_group = models.CharField(_("kind of symptom"), max_length=12, choices=SymptomGroup.choices)
    disease = models.CharField(_("disease"), max_length=20, choices=Disease.choices, blank=True,
                               help_text=_("For a cluster of one diagnosed disease (its own threshold)."))
    rule = models.CharField(_("rule met"), max_length=10, choices=OutbreakRule.choices)
    detected_on = models.DateField(_("detected on"))
    last_detected_on = models.DateField(_("last case on"), help_text=_("The alert's window runs to this day."))
    cases = models.PositiveSmallIntegerField(_("cases"))
    children = models.ManyToManyField(Child, verbose_name=_("children"), related_name="+", blank=True)
    detected_at = models.DateTimeField(_("detected at"))
    last_detected_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    report_due = models.DateTimeField(_("report due by"))
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(USER, verbose_name=_("reported by"), null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    report_note = models.TextField(_("report"), blank=True, help_text=_("To whom and how it was reported."))
    checklist_run = models.ForeignKey(
        "checklists.Run", verbose_name=_("disinfection run"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_up = models.ForeignKey(
        "checklists.FollowUp", verbose_name=_("report follow-up"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "classroom"

    class Meta:
        verbose_name = _("outbreak alert")
        verbose_name_plural = _("outbreak alerts")
        ordering = ["-detected_at"]
        constraints = [
            models.UniqueConstraint(fields=["classroom", "symptom_group", "detected_on"], name="outbreak_once_per_day"),
        ]

    def __str__(self):
        return f"{self.classroom} {self.get_symptom_group_display()} {self.detected_on}"

    def save(self, *args, **kwargs):
        if self.last_detected_on is None:  # a new alert's window ends the day it was detected
            self.last_detected_on = self.detected_on
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("health:outbreak_detail", args=[self.pk])


class MeasurementRound(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(Classroom, verbose_name=_("class"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    standard = models.CharField(_("growth standard"), max_length=10, choices=GrowthStandard.choices, default=GrowthStandard.WHO)
    created_by = models.ForeignKey(USER, verbose_name=_("measured by"), null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "classroom"

    class Meta:
        verbose_name = _("measurement round")
        verbose_name_plural = _("measurement rounds")
        ordering = ["-date", "classroom"]
        constraints = [models.UniqueConstraint(fields=["classroom", "date"], name="round_once_per_class_day")]

    def __str__(self):
        return f"{self.classroom} {self.date}"

    def get_absolute_url(self):
        return reverse("health:round_detail", args=[self.pk])


class Measurement(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(MeasurementRound, verbose_name=_("round"), null=True, blank=True, on_delete=models.CASCADE,
                              related_name="measurements")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    height_cm = models.DecimalField(_("height (cm)"), max_digits=5, decimal_places=1)
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=5, decimal_places=2)
    position = models.CharField(_("measuring position"), max_length=10, choices=MeasuringPosition.choices,
                                default=MeasuringPosition.STANDING,
                                help_text=_("Lying under 2 years, standing from 2 years; the other position is "
                                            "corrected by 0.7 cm."))
    oedema = models.BooleanField(_("oedema"), default=False,
                                 help_text=_("Bilateral pitting oedema: no weight-based z-score is computed."))
    standard = models.CharField(_("growth standard"), max_length=10, choices=GrowthStandard.choices, default=GrowthStandard.WHO)
    wfa = models.FloatField(_("weight-for-age z"), null=True, blank=True)
    hfa = models.FloatField(_("height-for-age z"), null=True, blank=True)
    wfh = models.FloatField(_("weight-for-height z"), null=True, blank=True)
    bmi = models.FloatField(_("BMI-for-age z"), null=True, blank=True)
    underweight = models.BooleanField(_("underweight"), default=False)
    stunting = models.BooleanField(_("stunting"), default=False)
    weight_status = models.CharField(_("weight status"), max_length=15, choices=WeightStatus.choices, default=WeightStatus.UNKNOWN)
    measured_by = models.ForeignKey(USER, verbose_name=_("measured by"), null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "child__classroom"

    class Meta:
        verbose_name = _("growth measurement")
        verbose_name_plural = _("growth measurements")
        ordering = ["child", "-measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "measured_on"], name="measurement_once_per_day"),
            models.CheckConstraint(condition=Q(height_cm__gt=40, height_cm__lt=160), name="measurement_height_range"),
            models.CheckConstraint(condition=Q(weight_kg__gt=2, weight_kg__lt=80), name="measurement_weight_range"),
        ]

    def __str__(self):
        return f"{self.child} {self.measured_on}"

    @property
    def malnourished(self) -> bool:
        return self.underweight or self.stunting or self.weight_status == WeightStatus.WASTING

    # The weight-based z-scores as shown: with oedema they were not computed, and the page says so.
    def _weight_z_shown(self, value):
        return str(_("oedema, not computed")) if self.oedema else value

    @property
    def wfa_shown(self):
        return self._weight_z_shown(self.wfa)

    @property
    def wfh_shown(self):
        return self._weight_z_shown(self.wfh)

    @property
    def bmi_shown(self):
        return self._weight_z_shown(self.bmi)


class BloodPressure(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="blood_pressures")
    measured_on = models.DateField(_("measured on"))
    systolic = models.PositiveSmallIntegerField(_("systolic (mmHg)"), validators=[MinValueValidator(50), MaxValueValidator(200)])
    diastolic = models.PositiveSmallIntegerField(_("diastolic (mmHg)"), validators=[MinValueValidator(20), MaxValueValidator(150)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    measured_by = models.ForeignKey(USER, verbose_name=_("measured by"), null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "child__classroom"

    class Meta:
        verbose_name = _("blood pressure")
        verbose_name_plural = _("blood pressure")
        ordering = ["-measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "measured_on"], name="bp_once_per_day"),
            models.CheckConstraint(condition=Q(systolic__gt=models.F("diastolic")), name="bp_systolic_above_diastolic"),
        ]

    def __str__(self):
        return f"{self.child} {self.measured_on} {self.systolic}/{self.diastolic}"


class WeakChildCase(models.Model):
    """体弱儿 management register: one open case per child and reason."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="weak_cases")
    reason = models.CharField(_("reason"), max_length=15, choices=WeakReason.choices)
    detail = models.CharField(_("finding"), max_length=200, blank=True)
    opened_on = models.DateField(_("registered on"))
    plan = models.TextField(_("management plan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "child__classroom"

    class Meta:
        verbose_name = _("weak child case")
        verbose_name_plural = _("weak children register")
        ordering = ["status", "-opened_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "reason"], condition=Q(status=FollowUpStatus.OPEN), name="weakcase_one_open"),
        ]

    def __str__(self):
        return f"{self.child} {self.get_reason_display()}"

    def get_absolute_url(self):
        return reverse("health:weak_detail", args=[self.pk])


class WeakChildVisit(models.Model):
    case = models.ForeignKey(WeakChildCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date"))
    note = models.TextField(_("follow-up note"))
    hb = models.PositiveSmallIntegerField(_("Hb (g/L)"), null=True, blank=True, validators=[MinValueValidator(30), MaxValueValidator(250)])
    recorded_by = models.ForeignKey(USER, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    campus_path = "case__campus"
    class_path = "case__child__classroom"

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.case} {self.date}"


class PhysicalExam(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="physical_exams")
    kind = models.CharField(_("kind"), max_length=10, choices=ExamKind.choices)
    exam_date = models.DateField(_("exam date"))
    hospital = models.CharField(_("hospital / doctor"), max_length=100, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=60, blank=True)
    height_cm = models.DecimalField(_("height (cm)"), max_digits=5, decimal_places=1, null=True, blank=True)
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=5, decimal_places=2, null=True, blank=True)
    hb = models.PositiveSmallIntegerField(_("Hb (g/L)"), null=True, blank=True, validators=[MinValueValidator(30), MaxValueValidator(250)])
    vision_left = models.DecimalField(_("vision, left"), max_digits=3, decimal_places=1, null=True, blank=True,
                                      validators=[MinValueValidator(Decimal("3.0")), MaxValueValidator(Decimal("5.3"))])
    vision_right = models.DecimalField(_("vision, right"), max_digits=3, decimal_places=1, null=True, blank=True,
                                       validators=[MinValueValidator(Decimal("3.0")), MaxValueValidator(Decimal("5.3"))])
    caries = models.PositiveSmallIntegerField(_("teeth with caries"), null=True, blank=True, validators=[MaxValueValidator(20)])
    passed = models.BooleanField(_("fit for kindergarten"), default=True)
    result = models.CharField(_("result / advice"), max_length=200, blank=True)
    scan = models.FileField(_("scan"), upload_to="health/exams/%Y/", blank=True, validators=[UploadValidator((IMAGE, PDF))])
    recorded_by = models.ForeignKey(USER, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "child__classroom"

    class Meta:
        verbose_name = _("physical exam")
        verbose_name_plural = _("physical exams")
        ordering = ["-exam_date"]
        constraints = [models.UniqueConstraint(fields=["child", "kind", "exam_date"], name="exam_once")]

    def __str__(self):
        return f"{self.child} {self.get_kind_display()} {self.exam_date}"

    def get_absolute_url(self):
        return reverse("health:exam_detail", args=[self.pk])


class GrowthReference(models.Model):
    """One row of a growth standard's tables (WS/T 423-2022 appendix B), imported from xlsx.

    Either LMS values or the seven SD values (−3…+3) per row; ``x`` is age in months, or height in cm
    for weight-for-height. Not campus data: the standard is the same everywhere."""

    standard = models.CharField(_("standard"), max_length=10, choices=GrowthStandard.choices, default=GrowthStandard.WST423)
    indicator = models.CharField(_("indicator"), max_length=4, choices=Indicator.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    x = models.DecimalField(_("age (months) or height (cm)"), max_digits=5, decimal_places=1)
    l_value = models.FloatField("L", null=True, blank=True)
    m_value = models.FloatField("M", null=True, blank=True)
    s_value = models.FloatField("S", null=True, blank=True)
    sd3neg = models.FloatField("-3SD", null=True, blank=True)
    sd2neg = models.FloatField("-2SD", null=True, blank=True)
    sd1neg = models.FloatField("-1SD", null=True, blank=True)
    sd0 = models.FloatField(_("median"), null=True, blank=True)
    sd1 = models.FloatField("+1SD", null=True, blank=True)
    sd2 = models.FloatField("+2SD", null=True, blank=True)
    sd3 = models.FloatField("+3SD", null=True, blank=True)
    history = HistoricalRecords()

    campus_path = None  # shared reference data, not a campus record

    class Meta:
        verbose_name = _("growth reference row")
        verbose_name_plural = _("growth reference rows")
        ordering = ["standard", "indicator", "sex", "x"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "indicator", "sex", "x"], name="growthref_unique"),
            models.CheckConstraint(
                condition=Q(m_value__isnull=False, s_value__isnull=False, l_value__isnull=False) | Q(sd0__isnull=False, sd2neg__isnull=False, sd2__isnull=False),
                name="growthref_lms_or_sd",
            ),
        ]

    def __str__(self):
        return f"{self.standard} {self.indicator} {self.sex} {self.x}"
from .models_posts import HealthPost  # noqa: E402, F401
