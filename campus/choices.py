from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    NURSERY = "nursery", _("Nursery (托班)")
    SMALL = "small", _("Small class (小班)")
    MIDDLE = "middle", _("Middle class (中班)")
    LARGE = "large", _("Large class (大班)")


class Gender(models.TextChoices):
    BOY = "M", _("Boy")
    GIRL = "F", _("Girl")


class Relation(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER = "other", _("Other guardian")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    SICK = "sick", _("Sick leave")
    PERSONAL = "personal", _("Personal leave")
    ABSENT = "absent", _("Absent without notice")


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off")
    WORKDAY = "workday", _("School day")


class CertificateKind(models.TextChoices):
    HEALTH = "health", _("Health certificate")
    NURSERY = "nursery", _("Nursery staff qualification")
    COOK = "cook", _("Cook qualification")
    TEACHER = "teacher", _("Teacher qualification")
    OTHER = "other", _("Other")
