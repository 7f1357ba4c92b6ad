"""One settings row per campus for the whole safety app (gate and duties): regulation numbers and
campus habits, each field's help text naming the rule it follows (``../shared/domain-facts.md`` §8)."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.models import CampusSettingsBase
from campus.roles import Role

from .duties import STAFF_ROLE_CHOICES


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
    drill_warning_days = models.PositiveSmallIntegerField(
        _("warn of missing drills (days before the quarter ends)"), default=21,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("From this many days before the quarter's last day, a quarter still short of its drills shows in red "
                    "and the logistics head and the director are told, leaving time to hold the drill the guide asks for "
                    "every quarter (中小学幼儿园应急疏散演练指南): campus practice, no national number."),
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
    hazard_post_facilities = models.CharField(
        _("post for facility hazards"), max_length=20, choices=STAFF_ROLE_CHOICES, default=Role.LOGISTICS,
        help_text=_("When no person is named, or the one named has left: the post's holder at this campus owns the "
                    "hazard, or every holder when the post has several. Default: the logistics head, who runs repairs and the weekly checks of buildings and large toys (seed plans: 安全检查, 维修)."),
    )
    hazard_post_food = models.CharField(
        _("post for food hazards"), max_length=20, choices=STAFF_ROLE_CHOICES, default=Role.COOK,
        help_text=_("When no person is named, or the one named has left: the post's holder at this campus owns the "
                    "hazard, or every holder when the post has several. Default: the cooks, who keep the kitchen's hygiene rules (seed plans: 食堂卫生安全制度)."),
    )
    hazard_post_health = models.CharField(
        _("post for health hazards"), max_length=20, choices=STAFF_ROLE_CHOICES, default=Role.HEALTH,
        help_text=_("When no person is named, or the one named has left: the post's holder at this campus owns the "
                    "hazard, or every holder when the post has several. Default: the health teacher, who runs the hygiene checks (seed plans: 卫生检查制度)."),
    )
    hazard_post_traffic = models.CharField(
        _("post for traffic hazards"), max_length=20, choices=STAFF_ROLE_CHOICES, default=Role.GATEKEEPER,
        help_text=_("When no person is named, or the one named has left: the post's holder at this campus owns the "
                    "hazard, or every holder when the post has several. Default: the gatekeeper, on duty at the gate all day (seed plans: 门卫管理)."),
    )
    hazard_post_fire = models.CharField(
        _("post for fire hazards"), max_length=20, choices=STAFF_ROLE_CHOICES, default=Role.LOGISTICS,
        help_text=_("When no person is named, or the one named has left: the post's holder at this campus owns the "
                    "hazard, or every holder when the post has several. Default: the logistics head, who has exits, extinguishers and wiring checked (seed plans: 消防安全工作)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safety settings")
        verbose_name_plural = _("safety settings")
