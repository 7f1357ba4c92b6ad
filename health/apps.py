from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = _("Health care")

    def ready(self):
        from campus.signals import attendance_recorded

        from . import standards
        from .signals import open_follow_ups_for_sick_leave

        standards.register()

        attendance_recorded.connect(open_follow_ups_for_sick_leave, dispatch_uid="health-sick-follow-up")
