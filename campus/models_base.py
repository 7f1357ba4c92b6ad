"""The base of each app's per-campus settings, apart from ``campus.models`` so that the campus
app's other model modules (``models_family``) can extend it without an import cycle. Import it
from ``campus.models`` as before."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampusSettingsBase(models.Model):
    """Base of each app's per-campus settings (one row per campus, created with defaults on first use)."""

    campus = models.OneToOneField("campus.Campus", verbose_name=_("campus"), on_delete=models.CASCADE, related_name="+")

    campus_path = "campus"

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.campus)

    @classmethod
    def for_campus(cls, campus):
        """The campus's row, read once per campus object: a request's ``request.campus`` (or a task's
        campus) asks the database the first time only, however many times a page consults it."""
        rows = campus.__dict__.setdefault("_settings_rows", {})
        obj = rows.get(cls)
        if obj is None:
            obj, _created = cls.objects.get_or_create(campus=campus)
            obj.campus = campus  # row.campus costs no query
            rows[cls] = obj
        return obj
