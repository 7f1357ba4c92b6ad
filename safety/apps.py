from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = _("Safety and gate")

    def ready(self):
        self.hook_duties_into_checklists()

    @staticmethod
    def hook_duties_into_checklists():
        """The standard plan's drill and training duties are done by filing the record here; a failed
        checklist answer of kind "hazard" becomes a hazard to rectify (checklists.hooks)."""
        from checklists.choices import FollowUpKind
        from checklists.hooks import RecordKind, register_anomaly_handler, register_record_kind

        from .services import duties

        register_record_kind(RecordKind(code="safety.drill", label=_("Drill record"), url_name="safety:drill_add",
                                        permission="safety.add_drill", plan_codes=("fire-drill",)))
        register_record_kind(RecordKind(code="safety.training", label=_("Training sign-in sheet"), url_name="safety:training_add",
                                        permission="safety.add_trainingsession",
                                        plan_codes=("fire-training-term", "nursery-training-monthly")))
        register_anomaly_handler(FollowUpKind.HAZARD, duties.hazard_from_checklist)
