"""Parents' meal feedback on a week's menu (the plans collect families' views on meals every month
for the meal committee). Written only by ``kitchen.feedback``."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MealFeedback(models.Model):
    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    menu = models.ForeignKey("kitchen.Menu", verbose_name=_("menu"), on_delete=models.PROTECT, related_name="feedback")
    child = models.ForeignKey("campus.Child", verbose_name=_("child"), on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    answer = models.CharField(_("kitchen's answer"), max_length=300, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("meal feedback")
        verbose_name_plural = _("meal feedback")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["menu", "author", "child"], name="kitchen_feedback_once_per_week"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="kitchen_feedback_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.menu} {self.rating}"
