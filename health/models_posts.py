"""Health education posts (健康教育) from the health teacher to the campus's families."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class HealthPost(models.Model):
    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"), validators=[MaxLengthValidator(5000)])
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    history = HistoricalRecords()

    campus_path = "campus"

    class Meta:
        verbose_name = _("health education post")
        verbose_name_plural = _("health education posts")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title
