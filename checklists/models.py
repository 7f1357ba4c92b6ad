"""Plans -> checklist templates -> runs -> item results, and follow-ups.

A ``Plan`` is a campus's logistics work plan for a term (its text kept as written). Each recurring
duty of the plan is a ``ChecklistTemplate`` pointing back to the plan section it came from. The beat
job turns templates into ``Run`` rows (one per template and period: a database constraint), staff
answer a run's items in one submit (``ItemResult`` rows), and an anomaly opens a ``FollowUp`` that a
second person verifies once it is closed.
"""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.models import Campus, CampusSettingsBase, Classroom, Term
from campus.roles import Role
from campus.uploads import IMAGE, UploadValidator

from .choices import (
    Department,
    FollowUpKind,
    FollowUpStatus,
    ItemKind,
    Recurrence,
    RunStatus,
)
from .hooks import record_kind_for

STAFF_ROLE_CHOICES = [(role.value, role.label) for role in Role if role != Role.PARENT]


class ChecklistSettings(CampusSettingsBase):
    follow_up_days = models.PositiveSmallIntegerField(
        _("days to resolve a follow-up"), default=3,
        help_text=_("Deadline of a follow-up opened by an anomaly, in days. The plan asks that problems found "
                    "in checks are 'dealt with at once' (发现问题及时处理); 3 days is the house default."),
    )
    catch_up_days = models.PositiveSmallIntegerField(
        _("catch-up window (days)"), default=31,
        help_text=_("When the scheduler was down, runs of missed periods up to this many days back are still "
                    "created (and shown as overdue), so that a missed check stays visible."),
    )
    reminder_minutes = models.PositiveSmallIntegerField(
        _("remind before the due time (minutes)"), default=60,
        help_text=_("Assignees get an in-app reminder this long before a run is due."),
    )
    follow_up_role = models.CharField(
        _("follow-ups go to"), max_length=30, choices=STAFF_ROLE_CHOICES, default=Role.LOGISTICS.value,
        help_text=_("The role a follow-up goes to when its kind has no owner of its own (general); repairs, hazards, "
                    "health and kitchen problems go to their owners (checklists.routing)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist settings")
        verbose_name_plural = _("checklist settings")


class Plan(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.CASCADE, related_name="plans")
    code = models.SlugField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    term = models.ForeignKey(Term, verbose_name=_("term"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("text of the plan"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("Where the plan comes from."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["campus", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["campus", "code"], name="plan_unique_code")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("checklists:plan_detail", args=[self.pk])


class ChecklistTemplate(models.Model):
    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.CASCADE, related_name="checklist_templates")
    code = models.SlugField(_("code"), max_length=60, help_text=_("Short name, unique in the campus, e.g. gate-evening."))
    title = models.CharField(_("title"), max_length=200)
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="templates")
    section = models.CharField(_("plan section"), max_length=200, blank=True, help_text=_("The part of the plan this duty comes from."))
    source_quote = models.TextField(_("what the plan says"), blank=True)
    assignee_role = models.CharField(_("done by (role)"), max_length=30, choices=STAFF_ROLE_CHOICES)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("done by (people)"), blank=True, related_name="checklist_templates",
        help_text=_("Leave empty for everyone with the role at this campus."),
    )
    place = models.CharField(_("place"), max_length=100, blank=True, help_text=_("Room, kitchen, gate, playground..."))
    classroom = models.ForeignKey(Classroom, verbose_name=_("class"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recurrence = models.CharField(_("repeats"), max_length=30, choices=Recurrence.choices, default=Recurrence.SCHOOL_DAY)
    weekdays = models.CharField(_("weekdays"), max_length=20, blank=True, help_text=_("For weekly rules: 0 = Monday … 6 = Sunday, comma-separated."))
    interval = models.PositiveSmallIntegerField(_("every N weeks"), default=1)
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True, help_text=_("For yearly rules."))
    offset_days = models.SmallIntegerField(_("offset in days"), default=0, help_text=_("For term start / end: −7 is a week before."))
    rrule = models.TextField(_("RRULE"), blank=True, help_text=_("RFC 5545, e.g. FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1 (last Monday)."))
    only_school_days = models.BooleanField(
        _("only on school days"), default=False, help_text=_("Skip dates that are holidays or outside the term."),
    )
    starts_on = models.DateField(_("first day"), help_text=_("No runs before this day; the start of 'every N weeks'."))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    due_time = models.TimeField(_("due time"), default=dt.time(17, 0))
    grace_hours = models.PositiveSmallIntegerField(_("grace period (hours)"), default=24, help_text=_("After the due time plus this, the run is overdue."))
    is_active = models.BooleanField(_("active"), default=True)
    opens_record = models.CharField(
        _("done by filing"), max_length=40, blank=True,
        help_text=_("A department's record that does this duty (a stocktake, a drill record); empty for questions."),
    )
    target_kind = models.CharField(
        _("repeat for each of (kind)"), max_length=40, blank=True,
        help_text=_("Empty: the questions are asked once. Else each run lists every target (each air conditioner, "
                    "each fire extinguisher) with its own answers (checklists.targets)."),
    )
    target_value = models.CharField(_("repeat for each of (which)"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[])

    campus_path = "campus"

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["campus", "department", "title"]
        constraints = [models.UniqueConstraint(fields=["campus", "code"], name="template_unique_code")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("checklists:template_edit", args=[self.pk])

    def rule_text(self) -> str:
        """The rule in plain words with its numbers, as the editor shows it: 每月第 5 日, 每隔 2 周…"""
        numbered = {
            Recurrence.MONTHLY_DAY: (gettext("Monthly on day %(n)s"), self.day_of_month),
            Recurrence.EVERY_N_WEEKS: (gettext("Every %(n)s weeks on given weekdays"), self.interval),
        }
        if self.recurrence in numbered and numbered[self.recurrence][1]:
            text, n = numbered[self.recurrence]
            return text % {"n": n}
        if self.recurrence == Recurrence.YEARLY and self.month and self.day_of_month:
            return gettext("Every year on %(month)s/%(day)s") % {"month": self.month, "day": self.day_of_month}
        if self.recurrence == Recurrence.RRULE:
            return gettext("Custom rule (see the template)")
        return self.get_recurrence_display()

    @property
    def record_kind(self):
        """The department record that does this duty, if any (``checklists.hooks``)."""
        return record_kind_for(self)

    @property
    def weekday_list(self) -> list[int]:
        return sorted({int(part) for part in self.weekdays.replace(" ", "").split(",") if part != ""})


class TemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("answer kind"), max_length=10, choices=ItemKind.choices, default=ItemKind.YES_NO)
    expected_yes = models.BooleanField(_("'yes' is the good answer"), default=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    min_value = models.DecimalField(_("lowest allowed"), max_digits=10, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("highest allowed"), max_digits=10, decimal_places=2, null=True, blank=True)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line."))
    bad_choices = models.TextField(_("choices that are anomalies"), blank=True, help_text=_("One per line."))
    required = models.BooleanField(_("required"), default=True)
    problem_label = models.CharField(
        _("the problem, in words"), max_length=200, blank=True,
        help_text=_("What a failed answer means, e.g. 燃气报警器异常 for 燃气报警器正常; the follow-up's title. "
                    "Empty: 未通过：<question>."),
    )
    follow_up_kind = models.CharField(_("an anomaly opens"), max_length=10, choices=FollowUpKind.choices, default=FollowUpKind.REPAIR)
    is_active = models.BooleanField(_("active"), default=True)

    campus_path = "template__campus"

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["template", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(min_value__lte=F("max_value")),
                name="item_range_ordered",
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValidationError({"max_value": _("The highest allowed value is below the lowest.")})
        if self.kind == ItemKind.CHOICE and not self.choice_list:
            raise ValidationError({"choices": _("A choice question needs at least one choice.")})
        unknown = set(self.bad_choice_list) - set(self.choice_list)
        if unknown:
            raise ValidationError({"bad_choices": _("These are not among the choices: %(names)s") % {"names": "、".join(sorted(unknown))}})

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def bad_choice_list(self) -> list[str]:
        return [line.strip() for line in self.bad_choices.splitlines() if line.strip()]

    @property
    def range_text(self) -> str:
        if self.min_value is None and self.max_value is None:
            return ""
        low = "" if self.min_value is None else f"{self.min_value.normalize():f}"
        high = "" if self.max_value is None else f"{self.max_value.normalize():f}"
        return f"{low}–{high} {self.unit}".strip()


class Run(models.Model):
    """One time a template is to be done. Generated runs are unique per (template, period start)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.CASCADE, related_name="checklist_runs")
    template = models.ForeignKey(ChecklistTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="runs")
    period_start = models.DateField(_("date"))
    due_at = models.DateTimeField(_("due"))
    grace_until = models.DateTimeField(_("overdue after"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.OPEN)
    place = models.CharField(_("place"), max_length=100, blank=True)
    assignee_role = models.CharField(_("done by (role)"), max_length=30, choices=STAFF_ROLE_CHOICES)
    is_adhoc = models.BooleanField(_("opened by hand"), default=False)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    completed_at = models.DateTimeField(_("done at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    anomaly_count = models.PositiveSmallIntegerField(_("anomalies"), default=0)
    # the department's record that did this duty (checklists.hooks: a stocktake, a drill record)
    record_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("checklist run")
        verbose_name_plural = _("checklist runs")
        ordering = ["-period_start", "due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "period_start"], condition=Q(is_adhoc=False), name="run_unique_template_period",
            ),
        ]
        indexes = [
            models.Index(fields=["campus", "period_start"]),
            models.Index(fields=["status", "grace_until"]),
        ]

    def __str__(self):
        return f"{self.template} {self.period_start}"

    def get_absolute_url(self):
        return reverse("checklists:run_detail", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == RunStatus.DONE

    @property
    def was_late(self) -> bool:
        return bool(self.completed_at and self.completed_at > self.grace_until)


class ItemResult(models.Model):
    run = models.ForeignKey(Run, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(TemplateItem, verbose_name=_("question"), on_delete=models.PROTECT, related_name="results")
    label = models.CharField(_("question"), max_length=200)
    value_bool = models.BooleanField(_("yes / no"), null=True, blank=True)
    value_number = models.DecimalField(pgettext_lazy("answer", "number"), max_digits=10, decimal_places=2, null=True, blank=True)
    value_text = models.TextField(_("answer"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="checklists/%Y/%m/", blank=True, validators=[UploadValidator((IMAGE,))])
    is_anomaly = models.BooleanField(_("anomaly"), default=False)
    note = models.TextField(_("note"), blank=True)
    # what a failed answer became in a department (checklists.hooks: a repair request, a hazard)
    record_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    target_key = models.CharField(_("answer is about"), max_length=40, blank=True, default="",
                                  help_text=_("The thing this answer is about, when the template repeats per target."))
    target_label = models.CharField(_("checked item"), max_length=200, blank=True, default="")

    campus_path = "run__campus"

    class Meta:
        verbose_name = _("item result")
        verbose_name_plural = _("item results")
        ordering = ["run", "item__position", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "item", "target_key"], name="result_one_per_item_target")]

    def __str__(self):
        return f"{self.label}: {self.display_value}"

    @property
    def display_value(self) -> str:
        if self.value_bool is not None:
            return str(_("Yes")) if self.value_bool else str(_("No"))
        if self.value_number is not None:
            return f"{self.value_number.normalize():f} {self.item.unit}".strip()
        if self.value_text:
            return self.value_text
        if self.photo:
            return str(_("Photo"))
        return "—"


class FollowUp(models.Model):
    """Something found that must be put right: opened by an anomaly or by another app, closed by
    the assignee with a note, verified by a second person."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("kind"), max_length=10, choices=FollowUpKind.choices, default=FollowUpKind.GENERAL)
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("source"), max_length=300, blank=True)
    run = models.ForeignKey(Run, verbose_name=_("run"), null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups")
    item_result = models.ForeignKey(ItemResult, verbose_name=_("answer"), null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assignee_role = models.CharField(_("assigned to (role)"), max_length=30, choices=STAFF_ROLE_CHOICES, blank=True)
    due_on = models.DateField(_("deadline"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_note = models.TextField(_("what was done"), blank=True)
    after_photo = models.ImageField(
        _("photo after the fix"), upload_to="checklists/follow-ups/%Y/%m/", blank=True,
        validators=[UploadValidator((IMAGE,))],
    )
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        permissions = [("verify_followup", _("Can verify a closed follow-up"))]
        indexes = [models.Index(fields=["campus", "status"]), models.Index(fields=["source_type", "source_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True) | ~Q(verified_by=F("closed_by")), name="follow_up_verifier_not_closer",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("checklists:followup_detail", args=[self.pk])

    @property
    def source_url(self) -> str:
        if self.run_id:
            return reverse("checklists:run_detail", args=[self.run_id])
        source = self.source
        if source is not None and hasattr(source, "get_absolute_url"):
            try:
                return source.get_absolute_url()
            except Exception:  # a source whose URL needs more than itself
                return ""
        return ""

    def is_overdue(self, today) -> bool:
        return self.status == FollowUpStatus.OPEN and self.due_on < today
