from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CampusConfig(AppConfig):
    name = "campus"
    verbose_name = _("Campus")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .login import start_session_clock

        post_migrate.connect(_sync_roles_after_last_app, dispatch_uid="houqin-sync-roles")
        from .workers import connect_worker_signals

        connect_worker_signals()
        from . import tasks_family  # noqa: F401 - registers the digest and leave tasks
        user_logged_in.connect(start_session_clock, dispatch_uid="houqin-session-clock")


def _sync_roles_after_last_app(sender, using="default", **kwargs):
    # post_migrate is sent once per app, and each app's permissions are created when it is sent
    # for that app; once it is sent for the last app, every permission exists.
    if sender is not list(apps.get_app_configs())[-1]:
        return
    from .roles import sync_roles

    sync_roles(using=using)
