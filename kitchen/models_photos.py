"""Photos of the day's meals (the plans send a meal photo to the class groups every day): a cook or
the logistics head uploads them from the phone; parents see today's beside the menu. Written only by
``kitchen.photos``: every photo is re-encoded without its EXIF data (place, phone, time) and kept
only with the uploader's tick that it shows food and no child."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campus.uploads import IMAGE, UploadValidator

from .choices import Meal


class MealPhotoQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(taken_down_at__isnull=True)


class MealPhoto(models.Model):
    campus = models.ForeignKey("campus.Campus", verbose_name=_("campus"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    photo = models.ImageField(_("photo"), upload_to="kitchen/meal-photos/%Y/%m/", validators=[UploadValidator((IMAGE,))])
    food_only = models.BooleanField(
        _("only food in the photo"), default=False,
        help_text=_("The uploader confirms the photo shows the food and no child (children's pictures are not sent to families)."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    taken_down_at = models.DateTimeField(_("taken down at"), null=True, blank=True,
                                         help_text=_("Taken down (a child in the picture, the wrong meal): its file is deleted."))
    taken_down_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("taken down by"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = MealPhotoQuerySet.as_manager()

    campus_path = "campus"

    class Meta:
        verbose_name = _("meal photo")
        verbose_name_plural = _("meal photos")
        ordering = ["date", "meal", "pk"]
        indexes = [models.Index(fields=["campus", "date"])]
        constraints = [models.CheckConstraint(condition=Q(food_only=True), name="kitchen_meal_photo_food_only")]

    def __str__(self):
        return f"{self.date} {self.get_meal_display()}"
