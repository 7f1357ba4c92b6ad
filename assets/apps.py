from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("Assets")

    def ready(self):
        from .services import checklist_hook

        checklist_hook.register()

        from . import repair_hooks  # the repairs side: checklists anomalies and per-asset checklists

        repair_hooks.register()
