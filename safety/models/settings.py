"""One settings row per campus for the whole safety app (gate and duties): regulation numbers and
campus habits, each field's help text naming the rule it follows (``../shared/domain-facts.md`` §8)."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.models import CampusSettingsBase


class SafetySettings(CampusSettingsBase):
    # --- the gate ---
    closing_time = models.TimeField(
        _("closing time"), default=dt.time(17, 30),
        help_text=_("When the campus closes: visitors still on site and children not yet handed over are then "
                    "listed and the gatekeeper, the class teacher and the director alerted (中小学幼儿园安全管理办法 Art. 31)."),
    )
    visitor_retention_days = models.PositiveSmallIntegerField(
        _("keep visitors' personal data for (days)"), default=180,
        validators=[MinValueValidator(30), MaxValueValidator(1095)],
        help_text=_("After this many days a visitor's name, ID number, phone and plate are erased and only the "
                    "counts kept: personal data is kept no longer than needed (个人信息保护法 Art. 19)."),
    )
    # --- drills and hazards (used by the duties half of the app) ---
    drills_per_quarter = models.PositiveSmallIntegerField(
        _("drills per quarter"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Kindergartens hold an evacuation drill at least once a quarter (教基一厅〔2014〕2号 "
                    "中小学幼儿园应急疏散演练指南); a campus may ask for more."),
    )
    evacuation_target_minutes = models.PositiveSmallIntegerField(
        _("evacuation target (minutes)"), default=2, validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Buildings of up to four floors are evacuated in 2 minutes or less (中小学幼儿园应急疏散演练指南)."),
    )
    hazard_days_general = models.PositiveSmallIntegerField(
        _("general hazard: days to rectify"), default=7, validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Deadline for a general hazard (一般隐患), counted from the report: campus practice, no national number."),
    )
    hazard_days_serious = models.PositiveSmallIntegerField(
        _("serious hazard: days to rectify"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Deadline for a serious hazard (较大隐患), counted from the report: campus practice, no national number."),
    )
    hazard_days_major = models.PositiveSmallIntegerField(
        _("major hazard: days to rectify"), default=1, validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Deadline for a major hazard (重大隐患): made safe at once and rectified within this many days "
                    "(学前教育法 Art. 51: hazards checked and removed)."),
    )
    hazard_owner_facilities = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner of facility hazards"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("Rectifies hazards of buildings, furniture and play equipment."),
    )
    hazard_owner_food = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner of food hazards"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("Rectifies hazards in the kitchen and food stores."),
    )
    hazard_owner_health = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner of health hazards"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("Rectifies hygiene and disinfection hazards."),
    )
    hazard_owner_traffic = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner of traffic hazards"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("Rectifies hazards at the gate, the road and the car park."),
    )
    hazard_owner_fire = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner of fire hazards"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("Rectifies fire hazards: exits, extinguishers, wiring."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safety settings")
        verbose_name_plural = _("safety settings")
