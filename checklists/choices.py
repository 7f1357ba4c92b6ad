from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.TextChoices):
    LOGISTICS = "logistics", _("Logistics and maintenance")
    KITCHEN = "kitchen", _("Kitchen")
    GATE = "gate", _("Gate and security")
    CLASSES = "classes", _("Classes and nursery care")
    HEALTH = "health", _("Health care")
    ASSETS = "assets", _("Assets and stores")
    FINANCE = "finance", _("Finance")
    SAFETY = "safety", _("Safety")


class Recurrence(models.TextChoices):
    SCHOOL_DAY = "school_day", _("Every school day")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Weekly on given weekdays")
    EVERY_N_WEEKS = "every_n_weeks", _("Every N weeks on given weekdays")
    MONTHLY_DAY = "monthly_day", _("Monthly on day N")
    MONTHLY_FIRST_SCHOOL_DAY = "monthly_first_school_day", _("Monthly on the first school day")
    SEMI_MONTHLY = "semi_monthly", _("Twice a month (first school day from the 1st and the 16th)")
    TERM_START = "term_start", _("At term start (with an offset in days)")
    TERM_END = "term_end", _("At term end (with an offset in days)")
    YEARLY = "yearly", _("Once a year on a date")
    RRULE = "rrule", _("Custom rule (RFC 5545 RRULE)")
    NONE = "none", _("Only when opened by hand or by another record")


class ItemKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Text")
    PHOTO = "photo", _("Photo")


class RunStatus(models.TextChoices):
    OPEN = "open", _("Due")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")


class FollowUpKind(models.TextChoices):
    GENERAL = "general", _("General")
    REPAIR = "repair", _("Repair")
    HAZARD = "hazard", _("Hazard")
    HEALTH = "health", _("Health")
    KITCHEN = "kitchen", _("Kitchen")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed, waiting for verification")
    VERIFIED = "verified", _("Verified")
