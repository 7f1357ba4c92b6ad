from django.db import models
from django.utils.translation import gettext_lazy as _


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    LUNCH = "lunch", _("Lunch")
    SNACK = "snack", _("Afternoon snack")
    SUPPER = "supper", _("Supper")


class Canteen(models.TextChoices):
    CHILDREN = "children", _("Children's canteen")
    STAFF = "staff", _("Staff canteen")


class AcceptanceResult(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class DeliveryStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly rejected")
    REJECTED = "rejected", _("Rejected")


class DisinfectionMethod(models.TextChoices):
    BOILING = "boiling", _("Boiling")
    STEAM = "steam", _("Steam")
    INFRARED = "infrared", _("Infrared disinfection cabinet")
    DISHWASHER = "dishwasher", _("Dishwasher")
    CHLORINE = "chlorine", _("Chlorine soak")


class MenuStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class DriEdition(models.TextChoices):
    DRI_2013 = "2013", _("Chinese DRIs 2013 (WS/T 578)")
    DRI_2023 = "2023", _("Chinese DRIs 2023")
