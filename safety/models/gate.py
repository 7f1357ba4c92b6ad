"""The gate: visitors (来访登记), the do-not-admit / do-not-release-to list, each child's authorised
pickers (接送人) and the dismissal handover (接送交接). Writes go through ``safety.services.gate``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.models import Campus, Child, Classroom, Guardian
from campus.uploads import IMAGE, UploadValidator

__all__ = ["Visitor", "RestrictedPerson", "Picker", "Handover", "HandoverOutcome", "mask_id_number", "PHOTO_MB"]

PHOTO_MB = 5


def mask_id_number(number: str) -> str:
    """``110105********1234``: the first six and the last four digits of a resident ID, the rest hidden
    (个人信息保护法: the gate's lists and exports need no more)."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


class Visitor(models.Model):
    """One visit: pre-registered by staff (``expected_on``), or registered at the gate on arrival; signed
    out on departure. A visit refused because the person is on the do-not-admit list keeps ``refused``.
    After the campus's retention period the personal fields are blanked (``purged_at``): the row, its
    times and the number of people stay, so the counts stay."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("full name"), max_length=50, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    reason = models.CharField(_("reason for the visit"), max_length=200)
    visiting = models.CharField(_("person visited"), max_length=50, blank=True)
    host = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("host on the staff"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+",
                             help_text=_("The staff member visited confirms the visit in the site."))
    people = models.PositiveSmallIntegerField(_("number of people"), default=1)
    plate = models.CharField(_("vehicle plate"), max_length=20, blank=True)
    badge = models.CharField(_("badge number"), max_length=20, blank=True)
    expected_on = models.DateField(_("expected on"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True, db_index=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    host_confirmed_at = models.DateTimeField(_("host confirmed at"), null=True, blank=True)
    refused = models.ForeignKey("RestrictedPerson", verbose_name=_("refused: on the do-not-admit list"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="refused_visits")
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True,
                                   on_delete=models.SET_NULL, blank=True, related_name="+")
    purged_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    campus_path = "campus"

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        ordering = ["-arrived_at", "-pk"]
        permissions = [("admit_visitor", "Can register arrivals and departures at the gate"),
                       ("see_id_numbers", "Can see visitors' whole ID numbers")]
        indexes = [models.Index(fields=["campus", "expected_on"], name="visitor_expected"),
                   models.Index(fields=["campus", "left_at"], name="visitor_on_site")]
        constraints = [
            models.CheckConstraint(condition=Q(people__gte=1), name="visitor_people_positive"),
            models.CheckConstraint(condition=Q(left_at__isnull=True) | Q(arrived_at__isnull=False, left_at__gte=models.F("arrived_at")),
                                   name="visitor_leaves_after_arrival"),
        ]

    def __str__(self):
        return self.name or str(_("(erased)"))

    def get_absolute_url(self):
        return reverse("safety:visitor_detail", args=[self.pk])

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def on_site(self) -> bool:
        return self.arrived_at is not None and self.left_at is None and self.refused_id is None


class RestrictedPerson(models.Model):
    """Someone not to be admitted, nor given a child (e.g. a parent restricted by a court order)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("full name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    photo = models.FileField(_("photo"), upload_to="safety/restricted/%Y/", blank=True,
                             validators=[UploadValidator((IMAGE,), PHOTO_MB)])
    reason = models.CharField(_("reason"), max_length=200, help_text=_("E.g. a court order; keep it short."))
    children = models.ManyToManyField(Child, verbose_name=_("children concerned"), blank=True, related_name="+")
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Blank: until removed."))
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True,
                                   on_delete=models.SET_NULL, blank=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[children])

    campus_path = "campus"

    class Meta:
        verbose_name = _("restricted person")
        verbose_name_plural = _("restricted persons")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("safety:restricted_edit", args=[self.pk])

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)


class Picker(models.Model):
    """An adult a guardian has authorised to pick a child up (广州条例 Art. 41). A temporary one
    (``valid_from``–``valid_until``) counts only once the class teacher has confirmed it. The child's
    guardians whom the roster marks "may pick up" are pickers without a row here."""

    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="pickers")
    name = models.CharField(_("full name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=30, help_text=_("E.g. grandmother, aunt, neighbour."))
    phone = models.CharField(_("phone"), max_length=30)
    photo = models.FileField(_("photo"), upload_to="safety/pickers/%Y/", blank=True,
                             validators=[UploadValidator((IMAGE,), PHOTO_MB)])
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_until = models.DateField(_("until"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True,
                                 on_delete=models.SET_NULL, blank=True, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    campus_path = "child__campus"
    class_path = "child__classroom"

    class Meta:
        verbose_name = _("picker")
        verbose_name_plural = _("pickers")
        ordering = ["child", "valid_from", "name", "pk"]
        constraints = [models.CheckConstraint(
            condition=Q(valid_from__isnull=True, valid_until__isnull=True)
            | Q(valid_from__isnull=False, valid_until__isnull=False, valid_until__gte=models.F("valid_from")),
            name="picker_temporary_dates")]

    def __str__(self):
        return f"{self.name}（{self.relation}）"

    @property
    def temporary(self) -> bool:
        return self.valid_from is not None

    def valid_on(self, day) -> bool:
        if not self.is_active:
            return False
        if not self.temporary:
            return True
        return self.confirmed_at is not None and self.valid_from <= day <= self.valid_until


class HandoverOutcome(models.TextChoices):
    HANDED = "handed", _("Handed over")
    REFUSED = "refused", _("Refused")
    RESOLVED = "resolved", _("Resolved with a note")


class Handover(models.Model):
    """One entry of the dismissal handover (接送交接): a child given to an authorised picker, a refusal
    (an unlisted or restricted adult), or what happened to a child nobody came for (a note)."""

    campus = models.ForeignKey(Campus, verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(Classroom, verbose_name=_("class"), on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="handovers")
    date = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=HandoverOutcome.choices)
    picker = models.ForeignKey(Picker, verbose_name=_("picker"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="handovers")
    guardian = models.ForeignKey(Guardian, verbose_name=_("guardian"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    person_name = models.CharField(_("adult"), max_length=50, blank=True)
    restricted = models.ForeignKey(RestrictedPerson, verbose_name=_("restricted person"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="refused_pickups")
    at = models.DateTimeField(_("time"))
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("released by"), null=True,
                                    on_delete=models.SET_NULL, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"
    class_path = "classroom"

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["date", "at", "pk"]
        indexes = [models.Index(fields=["campus", "date"], name="handover_campus_day")]
        constraints = [
            models.UniqueConstraint(fields=["child", "date"], condition=~Q(outcome="refused"), name="handover_once_a_day"),
            models.CheckConstraint(condition=~Q(outcome="handed") | Q(picker__isnull=False) | Q(guardian__isnull=False),
                                   name="handover_names_picker"),
        ]

    def __str__(self):
        return f"{self.child} {self.date} {self.get_outcome_display()}"

    def get_absolute_url(self):
        return reverse("safety:dismissal", args=[self.classroom_id]) + f"?date={self.date.isoformat()}"

    @property
    def taken_by(self) -> str:
        if self.picker_id:
            return str(self.picker)
        if self.guardian_id:
            return self.guardian.name
        return self.person_name
